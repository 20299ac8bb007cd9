"""Stage 7, report: what happened to each post, as JSON for machines and a table for people."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from importer.types import PostResult

STATUSES = ("created", "updated", "unchanged", "conflict", "skipped", "failed")


@dataclass(slots=True)
class ImportReport:
    dry_run: bool = False
    posts: list[PostResult] = field(default_factory=list)

    @property
    def failed(self) -> list[PostResult]:
        return [post for post in self.posts if post.status == "failed"]

    def summary(self) -> dict[str, int]:
        counts = {"found": len(self.posts)} | dict.fromkeys(STATUSES, 0)
        for post in self.posts:
            counts[post.status] += 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        # "summary" holds only counts, so tools can add them up; the dry-run flag sits beside it.
        return {
            "summary": self.summary(),
            "posts": [post.as_dict() for post in self.posts],
            "dry_run": self.dry_run,
        }

    def write_json(self, path: Path) -> None:
        path.write_text(json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n", "utf-8")

    def summary_table(self) -> str:
        summary = self.summary()
        width = max(len(name) for name in summary)
        title = "Import summary (dry run: nothing was saved)" if self.dry_run else "Import summary"
        lines = [title]
        lines += [f"  {name.capitalize():<{width}}  {count:>5}" for name, count in summary.items()]
        # Unchanged posts were reported when they were imported; counting them again on every
        # re-run would claim repairs this run never made.
        written = [post for post in self.posts if post.status in ("created", "updated")]
        repaired = sum(1 for post in written if post.repairs)
        warned = sum(1 for post in written if post.warnings)
        lines.append(f"  {repaired} post(s) had encoding repairs, {warned} had warnings.")
        for post in self.posts:
            if post.status in ("failed", "conflict"):
                lines.append(f"  {post.status.upper()}: {post.source}: {post.error}")
        return "\n".join(lines)
