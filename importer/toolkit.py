"""The import as one call: find the files, run the pure stages, write, report.

``import_posts`` is what the management command (and anything else) calls. A post that fails
is reported and skipped; every other post still imports.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from wagtail.models import Page

from blog.blocks import PARAGRAPH_FEATURES, QUOTE_FEATURES
from blog.models import BlogIndexPage, BookingSettings
from importer.pipeline import build_context, find_sources, prepare, read_file
from importer.report import ImportReport
from importer.types import ImporterError, PostDraft, PostResult, RunOptions
from importer.write import PostWriter, WriteOptions


@dataclass(slots=True)
class ImportRequest:
    """Everything the command's options say, in one value."""

    sources: list[Path]
    assets: list[Path] = field(default_factory=list)
    parent: str = ""
    draft: bool = False
    dry_run: bool = False
    force: bool = False
    old_url_template: str = ""
    booking_urls: list[str] = field(default_factory=list)


Progress = Callable[[int, int, PostResult], None]


def find_parent(parent: str) -> BlogIndexPage:
    """The blog index named by id, URL path or slug; or the only one there is."""
    indexes = BlogIndexPage.objects.all()
    if parent:
        if parent.isdigit():
            match = indexes.filter(pk=int(parent))
        else:
            match = indexes.filter(slug=parent.strip("/").rsplit("/", 1)[-1])
        if not match.exists():
            raise ImporterError(
                f"there is no blog index '{parent}'.",
                field="--parent",
                fix="give the blog index's page id or slug.",
            )
        return match.get() if match.count() == 1 else match.first()
    count = indexes.count()
    if count == 1:
        return indexes.get()
    raise ImporterError(
        "there is no blog index to import into."
        if count == 0
        else "there are several blog indexes.",
        field="--parent",
        fix="run 'manage.py setup_site' first." if count == 0 else "choose one with --parent ID.",
    )


def run_options(parent: Page, request: ImportRequest) -> RunOptions:
    booking = BookingSettings.for_site(parent.get_site())
    urls = [url for url in [booking.booking_url, *request.booking_urls] if url]
    return RunOptions(
        time_zone=settings.TIME_ZONE,
        booking_urls=tuple(urls),
        phone_region=getattr(settings, "PHONE_REGION", "CA"),
        old_url_template=request.old_url_template,
        paragraph_features=tuple(PARAGRAPH_FEATURES),
        quote_features=tuple(QUOTE_FEATURES),
    )


def import_posts(request: ImportRequest, progress: Progress | None = None) -> ImportReport:
    """Import every post under ``request.sources``; raises ``ImporterError`` only for problems
    that stop the whole run (no blog index, a missing source)."""
    for source in request.sources:
        if not source.exists():
            raise ImporterError(f"{source} does not exist.", fix="check the path.")
    parent = find_parent(request.parent)
    ctx = build_context(run_options(parent, request), request.assets)
    paths = find_sources(request.sources)
    writer = PostWriter.for_parent(
        parent,
        ctx,
        WriteOptions(
            draft=request.draft,
            dry_run=request.dry_run,
            force=request.force,
            sources=request.sources,
        ),
    )
    report = ImportReport(dry_run=request.dry_run)
    results: dict[Path, PostResult] = {}
    drafts: list[PostDraft] = []
    seen: set[Path] = set()

    def record(path: Path, result: PostResult) -> None:
        results[path] = result
        if progress:
            progress(len(results), len(paths), result)

    for path in paths:
        not_a_post = not_a_post_reason(path)
        if not_a_post:
            record(path, PostResult(str(path), "skipped", error=not_a_post))
            continue
        resolved = path.resolve()
        if resolved in seen:
            record(path, PostResult(str(path), "skipped", error="listed more than once."))
            continue
        seen.add(resolved)
        try:
            raw = read_file(path)
            result = writer.unchanged(path, hashlib.sha256(raw).hexdigest())
            if result is not None:
                record(path, result)
                continue
            drafts.append(prepare(path, ctx, raw))
        except ImporterError as error:
            record(path, PostResult(str(path), "failed", error=error.describe()))
    writer.plan(drafts)
    # Oldest first: posts mostly link to older posts, which then already have pages; links to
    # newer ones become page links once the run has written them (writer.link_ahead).
    for draft in sorted(drafts, key=lambda d: d.post.date):
        try:
            result = writer.write(draft)
        except ImporterError as error:
            result = failed(draft, error.describe())
        except Exception as error:  # noqa: BLE001 - one bad post must not stop the others
            result = failed(draft, f"{type(error).__name__}: {error}")
        record(draft.path, result)
    writer.link_ahead()
    report.posts = [results[path] for path in paths]
    return report


def not_a_post_reason(path: Path) -> str:
    """Files that sit among posts but are not posts: a folder's README, Hugo's section pages."""
    if path.stem.upper() in ("README", "CHANGELOG", "LICENSE", "CONTRIBUTING"):
        return f"{path.name} describes the folder; it is not a post."
    if path.stem == "_index":
        return "_index files are Hugo section pages (lists of posts), not posts."
    return ""


def failed(draft: PostDraft, message: str) -> PostResult:
    return PostResult(
        source=str(draft.path),
        status="failed",
        repairs=[repair.as_dict() for repair in draft.repairs],
        warnings=list(draft.warnings),
        error=message,
    )
