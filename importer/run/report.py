"""Stage 8, report (after write): what happened to each post, as JSON for machines and a table
for people. The report is where a run's rows and warnings are kept: the command's JSON and
summary and the admin's rows all read them from here."""

from __future__ import annotations

import json
import tempfile
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from importer.common import PostResult, PostStatus, PostWarning
from importer.run import spool
from importer.verify import WORDS_WANTED

LOWEST_COVERAGE = 5
"""How many of the posts with the least of their words on the page the summaries name."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the summary needs of one post; the rest of its row waits on disk."""

    source: str
    status: str
    error: str
    repaired: bool
    warned: bool
    offset: int
    coverage: float | None = None
    unresolved_links: int = 0
    verified: bool = False
    """The post was checked against a built page, or found to have none."""
    built_words: float | None = None
    """The share of its built article's words on its page (``verified["words_in"]``); None
    when it has no built page."""


class ImportReport:
    """What happened to each post of a run.

    Each post's full row (its repairs and warnings run to kilobytes) is kept in a temporary
    file until the JSON report is written, so a run's memory doesn't grow with its posts."""

    def __init__(self, dry_run: bool = False):
        self.dry_run = dry_run
        self.outcomes: dict[int, Outcome] = {}
        self.rows = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the report
        self.with_pages: dict[str, int] = {}
        """The position of each post whose row has a page, by its source."""
        self.built_without_source: list[str] = []
        """With a build to verify against: the addresses of its posts no file matched."""
        self.built_left_out: list[str] = []
        """With a build to verify against: its files not read, each with why."""
        self.sites: list[dict[str, Any]] = []
        """The old sites found among the sources: generator, the folders the posts were
        taken from and why, how their old addresses were computed (``site_facts``)."""

    def add(self, position: int, result: PostResult) -> None:
        """The result of the post found `position`th; posts finish in any order."""
        if result.page_id is not None:
            self.with_pages[result.source] = position
        offset = spool.append(self.rows, result)
        self.outcomes[position] = Outcome(
            result.source,
            result.status,
            result.error,
            bool(result.repairs),
            bool(result.warnings),
            offset,
            result.coverage,
            len(result.unresolved_links),
            result.verified is not None,
            (result.verified or {}).get("words_in"),
        )

    def add_warning(self, warning: PostWarning) -> None:
        """Add a warning to the row of a post reported already with its page (found wrong
        after its write)."""
        position = self.with_pages.get(warning.post)
        if position is None:
            return
        result = spool.load(self.rows, self.outcomes[position].offset)
        if warning not in result.warnings:
            result.warnings.append(warning)
            self.add(position, result)

    def warnings(self) -> Iterator[PostWarning]:
        """Every post's warnings, in the order the posts were found."""
        for post in self.posts():
            yield from post.warnings

    def __len__(self) -> int:
        return len(self.outcomes)

    def in_order(self) -> list[Outcome]:
        """Every post's outcome, in the order the posts were found."""
        return [self.outcomes[position] for position in sorted(self.outcomes)]

    @property
    def failed(self) -> list[Outcome]:
        return [post for post in self.in_order() if post.status == PostStatus.FAILED]

    def posts(self) -> Iterator[PostResult]:
        """Every post's full row, in the order found, read back one at a time."""
        for outcome in self.in_order():
            yield spool.load(self.rows, outcome.offset)

    def summary(self) -> dict[str, int]:
        counts = {"found": len(self)} | {status.value: 0 for status in PostStatus}
        for post in self.outcomes.values():
            counts[post.status] += 1
        counts["unresolved_links"] = sum(post.unresolved_links for post in self.outcomes.values())
        return counts

    def lowest_coverage(self) -> list[dict[str, Any]]:
        """The posts whose pages carry the smallest share of their source's words, as the JSON
        report, the summary and the admin list them: ``{"source", "coverage"}``."""
        measured = [post for post in self.in_order() if post.coverage is not None]
        lowest = sorted(measured, key=lambda post: post.coverage)[:LOWEST_COVERAGE]
        return [{"source": post.source, "coverage": round(post.coverage, 4)} for post in lowest]

    def verification(self) -> dict[str, Any] | None:
        """What checking the pages against the old site's build found, as the JSON report and
        the summary say it; None when the run had no build to check against."""
        checked = [post for post in self.in_order() if post.verified]
        if not checked and not self.built_without_source:
            return None
        below = [post for post in checked if post.built_words is not None]
        below = sorted((p for p in below if p.built_words < WORDS_WANTED), key=words_in)
        return {
            "checked": sum(1 for post in checked if post.built_words is not None),
            "below_99": [{"source": p.source, "words_in": p.built_words} for p in below],
            "without_built_page": [p.source for p in checked if p.built_words is None],
            "built_without_source": self.built_without_source,
            "built_left_out": self.built_left_out,
        }

    def write_json(self, path: Path) -> None:
        """The report as JSON, written a post at a time; it replaces `path` only once whole."""
        partial = path.with_name(f".{path.name}.partial")
        with partial.open("w", encoding="utf-8") as file:
            # "summary" holds only counts, so tools can add them up; the dry-run flag sits beside.
            file.write(f'{{\n  "summary": {json.dumps(self.summary())},\n  "posts": [')
            for number, post in enumerate(self.posts()):
                row = row_json(post.as_dict())
                file.write(("," if number else "") + "\n    " + row.replace("\n", "\n    "))
            lowest = json.dumps(self.lowest_coverage(), ensure_ascii=False)
            file.write(f'\n  ],\n  "lowest_coverage": {lowest},')
            if self.sites:
                sites = json.dumps(self.sites, indent=2, ensure_ascii=False)
                file.write(f'\n  "sites": {textwrap.indent(sites, "  ").lstrip()},')
            verification = self.verification()
            if verification is not None:
                checked = json.dumps(verification, indent=2, ensure_ascii=False)
                file.write(f'\n  "verification": {textwrap.indent(checked, "  ").lstrip()},')
            file.write(f'\n  "dry_run": {json.dumps(self.dry_run)}\n}}\n')
        partial.replace(path)

    def summary_table(self) -> str:
        summary = self.summary()
        unresolved = summary.pop("unresolved_links")
        width = max(len(name) for name in summary)
        title = "Import summary (dry run: nothing was saved)" if self.dry_run else "Import summary"
        lines = [title]
        lines += [f"  {name.capitalize():<{width}}  {count:>5}" for name, count in summary.items()]
        # Unchanged posts were reported when they were imported; counting them again on every
        # re-run would claim repairs this run never made.
        written = [
            post
            for post in self.outcomes.values()
            if post.status in (PostStatus.CREATED, PostStatus.UPDATED)
        ]
        repaired = sum(1 for post in written if post.repaired)
        warned = sum(1 for post in written if post.warned)
        lines.append(f"  {repaired} post(s) had encoding repairs, {warned} had warnings.")
        lines += [line for site in self.sites for line in site_lines(site)]
        lowest = self.lowest_coverage()
        if lowest:
            lines.append("  Lowest word coverage (share of the source's words on the page):")
            lines += [f"    {post['coverage']:7.2%}  {post['source']}" for post in lowest]
        if unresolved:
            posts = sum(1 for post in self.outcomes.values() if post.unresolved_links)
            lines.append(
                f"  {unresolved} link(s) in {posts} post(s) lead nowhere on this site "
                "(unresolved_links in the report; --old-origin sends them to the old site)."
            )
        lines += verification_lines(self.verification())
        for post in self.in_order():
            if post.status in (PostStatus.FAILED, PostStatus.CONFLICT):
                lines.append(f"  {post.status.upper()}: {post.source}: {post.error}")
        if self.dry_run:
            lines.append("Dry run: nothing was saved.")
        return "\n".join(lines)


def row_json(row: dict[str, Any]) -> str:
    """A report row as ``json.dumps(row, indent=2, ensure_ascii=False)`` writes it, by orjson's
    encoder: Python's is pure Python when it indents, and was most of a report's time (a row
    holds every repaired line). Alike for what rows hold: text, counts, flags and rounded
    shares (orjson writes 1e-07 as 1e-7, and refuses NaN and integers past 64 bits)."""
    return orjson.dumps(row, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode()


def site_facts(site: Any) -> dict[str, Any]:
    """What the report says of an old site found among the sources (``importer.sources.Site``)."""
    return {
        "root": str(site.root),
        "generator": site.generator,
        "post_folders": [str(folder) for folder in site.post_folders],
        "hints": list(site.hints),
        "addresses": list(site.addresses.notes if site.addresses else ()),
    }


def site_lines(site: dict[str, Any]) -> list[str]:
    folders = ", ".join(site["post_folders"]) or "none found"
    return [
        f"  Site: {site['generator'] or 'no known generator'} at {site['root']}; posts from "
        f"{folders}",
        *(f"    {hint}" for hint in site["hints"] if hint.startswith("blog folder")),
        *(f"    old addresses: {note}" for note in site["addresses"]),
    ]


def words_in(post: Outcome) -> float:
    return post.built_words or 0.0


def verification_lines(verification: dict[str, Any] | None, listed: int = 20) -> list[str]:
    """The summary's lines on the pages checked against the old site's build."""
    if verification is None:
        return []
    below, missing = verification["below_99"], verification["without_built_page"]
    extra = verification["built_without_source"]
    lines = [
        f"  Checked against the old site's build: {verification['checked']} post(s), "
        f"{len(below)} with less than {WORDS_WANTED:.0%} of the built page's words."
    ]
    lines += [f"    {post['words_in']:7.2%}  {post['source']}" for post in below[:listed]]
    if missing:
        lines.append(f"  {len(missing)} post(s) have no built page (by title and date):")
        lines += [f"    {source}" for source in missing[:listed]]
    if extra:
        lines.append(f"  {len(extra)} built post(s) match no imported file:")
        lines += [f"    {address}" for address in extra[:listed]]
    unread = verification["built_left_out"]
    if unread:
        lines.append(f"  {len(unread)} file(s) of the build were not read:")
        lines += [f"    {why}" for why in unread[:listed]]
    return lines
