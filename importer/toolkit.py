"""The import as one call: find the files, run the pure stages, write, report.

``import_posts`` is what the management command (and anything else) calls. A post that fails
is reported and skipped; every other post still imports.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

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
    ctx = build_context(run_options(parent, request), request.assets, request.sources)
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
    to_prepare: list[Path] = []
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
        except ImporterError as error:
            record(path, PostResult(str(path), "failed", error=error.describe()))
            continue
        result = writer.unchanged(path, hashlib.sha256(raw).hexdigest())
        if result is not None:
            record(path, result)
            continue
        to_prepare.append(path)
    with DraftStore() as store:
        outlines: list[PostDraft] = []
        for path, outline, error in prepare_all(to_prepare, ctx, store):
            if error:
                record(path, PostResult(str(path), "failed", error=error))
            else:
                outlines.append(outline)
        writer.plan(outlines)
        # Oldest first: posts mostly link to older posts, which then already have pages; links
        # to newer ones become page links once the run has written them (writer.link_ahead).
        with writer.deferred_indexing():
            for outline in sorted(outlines, key=lambda d: d.post.date):
                draft = store.get(outline)
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


class DraftStore:
    """Prepared posts kept in temporary files until they are written, so a run holds one
    post's blocks at a time however many posts it imports (10,000 posts' drafts would take
    about a GB). What stays in memory is each post's outline: its front matter without the
    body, enough to plan links between posts and to sort them by date.

    Worker processes store the drafts they prepare themselves, each in its own file, so only
    outlines travel back to the writing process."""

    def __enter__(self) -> DraftStore:
        self.folder = tempfile.TemporaryDirectory(prefix="import-drafts-")
        self.locations: dict[Path, tuple[str, int]] = {}
        self.files: dict[str, Any] = {}
        self.writer: tuple[int, Any] | None = None
        return self

    def __exit__(self, *exc_info) -> None:
        for file in self.files.values():
            file.close()
        if self.writer:
            self.writer[1].close()
        self.folder.cleanup()

    def put(self, draft: PostDraft) -> tuple[PostDraft, tuple[str, int]]:
        """Store `draft` (in this process or a worker); returns its outline and location."""
        assert draft.post is not None
        if self.writer is None or self.writer[0] != os.getpid():
            name = Path(self.folder.name) / f"{os.getpid()}.pickle"
            # Unbuffered: a worker process ends without flushing Python's buffers.
            self.writer = (os.getpid(), open(name, "ab", buffering=0))  # noqa: SIM115
        file = self.writer[1]
        offset = file.seek(0, os.SEEK_END)
        file.write(pickle.dumps(draft, protocol=pickle.HIGHEST_PROTOCOL))
        post = replace(draft.post, body="", variables={})
        outline = PostDraft(path=draft.path, post=post, content_hash=draft.content_hash)
        return outline, (file.name, offset)

    def get(self, outline: PostDraft) -> PostDraft:
        name, offset = self.locations[outline.path]
        if name not in self.files:
            self.files[name] = open(name, "rb")  # noqa: SIM115
        file = self.files[name]
        file.seek(offset)
        return pickle.load(file)


# Below this many posts, starting worker processes costs more than it saves.
PARALLEL_FROM = 40
_worker_ctx = None
_worker_store = None


def prepare_all(
    paths: list[Path], ctx, store: DraftStore
) -> Iterator[tuple[Path, PostDraft | None, str]]:
    """(path, outline, "") for each post whose pure stages succeed, its draft kept in `store`;
    (path, None, error) for the rest; in order.

    The pure stages are about a third of a post's import time and need no database, so with
    several cores they run in forked worker processes, one per core; the writes stay in this
    process, one transaction per post. The workers inherit `ctx` and `store`, read the files
    themselves and never touch the database connection they inherit.
    """
    global _worker_ctx, _worker_store
    cores = os.cpu_count() or 1
    if (
        len(paths) < PARALLEL_FROM
        or cores < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        outcomes = (_prepare_one(path, ctx, store) for path in paths)
        yield from _located(outcomes, store)
        return
    _worker_ctx, _worker_store = ctx, store
    try:
        with multiprocessing.get_context("fork").Pool(cores) as pool:
            yield from _located(pool.imap(_prepare_in_worker, paths, chunksize=8), store)
    finally:
        _worker_ctx = _worker_store = None


def _located(outcomes, store: DraftStore) -> Iterator[tuple[Path, PostDraft | None, str]]:
    for path, outline, location, error in outcomes:
        if location:
            store.locations[path] = location
        yield path, outline, error


def _prepare_in_worker(path: Path):
    return _prepare_one(path, _worker_ctx, _worker_store)


def _prepare_one(path: Path, ctx, store: DraftStore):
    try:
        draft = prepare(path, ctx)
    except ImporterError as error:
        return path, None, None, error.describe()
    # The writer needs the post, its blocks, hash, repairs and warnings, not the texts between.
    outline, location = store.put(replace(draft, raw=b"", text="", markdown="", html=""))
    return path, outline, location, ""


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
