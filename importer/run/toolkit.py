"""The import as one call: find the files, run the pure stages, write, report.

``import_posts`` is what the management command (and anything else) calls. A post that fails
is reported and skipped; every other post still imports.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from wagtail.models import Page

from blog.models import BlogIndexPage, BookingSettings
from importer.common.post import (
    ImporterError,
    NotAPost,
    PostDraft,
    PostResult,
    RunOptions,
)
from importer.generators.addresses import check_old_url_template
from importer.run.coverage import word_coverage
from importer.run.report import ImportReport
from importer.run.spool import DraftStore, Location
from importer.sources.plan import SourcePlan, plan_sources
from importer.sources.posts import not_read_as_a_post
from importer.stages.pipeline import (
    OUTLINE_STAGES,
    STAGES,
    RunContext,
    build_context,
    cpu_budget,
    read_file,
    run_stage,
    run_stages,
)
from importer.write.link_index import check_old_origin
from importer.write.writer import PostWriter

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


def for_the_run(options: RunOptions, parent: Page, plan: SourcePlan, old_origin: str) -> RunOptions:
    """`options` completed with what the run found: the folders posts are known by, the blog's
    booking link, the old site's origin as checked."""
    booking = BookingSettings.for_site(parent.get_site())
    urls = [url for url in [booking.booking_url, *options.booking_urls] if url]
    return replace(
        options, source_roots=tuple(plan.sources), booking_urls=tuple(urls), old_origin=old_origin
    )


def import_posts(options: RunOptions, progress: Progress | None = None) -> ImportReport:
    """Import every post under ``options.sources``; raises ``ImporterError`` only for problems
    that stop the whole run (no blog index, a missing source, an option that cannot be read)."""
    parent, plan, options = start_run(options)
    ctx = build_context(options, plan.assets, plan.sources)
    writer = PostWriter.for_parent(parent, ctx)
    total = len(plan.paths) + len(plan.left_out)
    run = RunReport(ImportReport(dry_run=options.dry_run), writer, total, progress)
    for number, row in enumerate(plan.left_out):
        run.record(len(plan.paths) + number, PostResult(str(row.path), "skipped", error=row.reason))
    to_prepare = files_to_prepare(plan, writer, run.record)
    with DraftStore() as store, Workers(len(to_prepare), ctx, store) as workers:
        prepare_and_write(to_prepare, writer, store, workers, run.record, plan.drafts)
    writer.link_ahead()
    # Problems with pages found after their posts were reported: the last batch's indexing,
    # links ahead. Every page written is in positions_by_page.
    run.add_late_warnings()
    return run.report


def start_run(options: RunOptions) -> tuple[BlogIndexPage, SourcePlan, RunOptions]:
    """The blog index to import under, the files to import, and `options` completed for the
    run; raises ``ImporterError`` for an option or source that cannot be used."""
    check_old_url_template(options.old_url_template)
    old_origin = check_old_origin(options.old_origin)
    for source in options.sources:
        if not source.exists():
            raise ImporterError(f"{source} does not exist.", fix="check the path.")
    parent = find_parent(options.parent)
    # An old site's root gives the posts, folders and asset roots detected in it.
    plan = plan_sources(list(options.sources), list(options.assets), options.include_drafts)
    return parent, plan, for_the_run(options, parent, plan, old_origin)


@dataclass(slots=True)
class RunReport:
    """The run's report, row by row as posts finish, with the problems the writer finds later
    with pages it wrote before (their indexing, links ahead) added to those pages' rows."""

    report: ImportReport
    writer: PostWriter
    total: int
    progress: Progress | None = None
    positions_by_page: dict[int, int] = field(default_factory=dict)

    def record(self, position: int, result: PostResult) -> None:
        self.report.add(position, result)
        if result.page_id is not None:
            self.positions_by_page[result.page_id] = position
        self.add_late_warnings()
        if self.progress:
            self.progress(len(self.report), self.total, result)

    def add_late_warnings(self) -> None:
        for page_id, warning in self.writer.take_late_warnings():
            if page_id in self.positions_by_page:
                self.report.add_warning(self.positions_by_page[page_id], warning)


def files_to_prepare(
    plan: SourcePlan, writer: PostWriter, record: Callable[[int, PostResult], None]
) -> list[tuple[int, Path]]:
    """The files to take through the pure stages, with their place in ``plan.paths``; every
    other file's row is recorded here: not a post, listed twice, unreadable, or unchanged since
    its import (found before any stage runs, so an unchanged blog re-imports in no time)."""
    to_prepare: list[tuple[int, Path]] = []
    seen: set[Path] = set()
    for position, path in enumerate(plan.paths):
        not_a_post = not_read_as_a_post(path, plan.sources)
        if not_a_post:
            record(position, PostResult(str(path), "skipped", error=not_a_post))
            continue
        resolved = path.resolve()
        if resolved in seen:
            record(position, PostResult(str(path), "skipped", error="listed more than once."))
            continue
        seen.add(resolved)
        try:
            raw = read_file(path, writer.options.max_size)
        except ImporterError as error:
            record(position, PostResult(str(path), "failed", error=error.describe()))
            continue
        result = writer.unchanged(path, hashlib.sha256(raw).hexdigest())
        if result is not None:
            record(position, result)
            continue
        to_prepare.append((position, path))
    return to_prepare


def prepare_and_write(
    to_prepare: list[tuple[int, Path]],
    writer: PostWriter,
    store: DraftStore,
    workers: Workers,
    record: Callable[[int, PostResult], None],
    drafts: frozenset[Path],
) -> None:
    """Every post's outline first, to plan the run; then each post in full, prepared by the
    workers while the writer saves the posts before it, oldest first."""
    outlines: list[tuple[int, PostDraft]] = []
    outlined = workers.map(outline_post, [path for _, path in to_prepare], lost=outline_lost)
    for (position, path), (outline, error, not_a_post) in zip(to_prepare, outlined, strict=True):
        if not_a_post:
            record(position, PostResult(str(path), "skipped", error=not_a_post))
        elif error:
            record(position, PostResult(str(path), "failed", error=error))
        else:
            outlines.append((position, outline))
    writer.plan([outline for _, outline in outlines])
    # Oldest first: posts mostly link to older posts, which then already have pages; links
    # to newer ones become page links once the run has written them (writer.link_ahead).
    outlines.sort(key=lambda item: item[1].post.date)
    with writer.deferred_indexing():
        prepared = workers.map(
            prepare_post, [outline.path for _, outline in outlines], 2, lost=worker_lost
        )
        for (position, outline), (location, error) in zip(outlines, prepared, strict=True):
            draft = store.get(location) if location else PostDraft(path=outline.path)
            draft = from_drafts_folder(draft, drafts)
            if error:
                record(position, failed(draft, error))
                continue
            try:
                result = writer.write(draft)
                result.coverage = draft.coverage
            except Exception as error:  # noqa: BLE001 - one bad post must not stop the others
                result = failed(draft, describe(error))
            record(position, result)


# Below this many posts, starting worker processes costs more than it saves.
PARALLEL_FROM = 40
WORKER_NICENESS = 10
# What worker processes inherit when they are forked: the run's context and draft store.
_shared: tuple[RunContext, DraftStore] | None = None


class Workers:
    """Runs the pure stages, which need no database: with several cores and at least
    PARALLEL_FROM posts, in forked worker processes (one per core), else in this process.

    The workers inherit the run's context and draft store, read the files themselves and
    never touch the database connection they inherit; the writes stay in this process, one
    transaction per post. A worker that dies (killed for memory or by a signal) takes the
    pool with it: the posts not yet done then go through a pool of one worker, one at a time,
    so that the post a worker dies on is known; that post fails, and the run goes on."""

    def __init__(self, count: int, ctx: RunContext, store: DraftStore):
        self.parallel = (
            count >= PARALLEL_FROM
            and (os.cpu_count() or 1) > 1
            and "fork" in multiprocessing.get_all_start_methods()
        )
        self.shared = (ctx, store)

    def __enter__(self) -> Workers:
        global _shared
        _shared = self.shared
        self.pool = self.start(os.cpu_count()) if self.parallel else None
        return self

    def start(self, size: int | None) -> ProcessPoolExecutor:
        # The writer is the slowest part of a run; at a lower priority the workers use the
        # CPU it leaves instead of slowing it down.
        return ProcessPoolExecutor(
            size,
            mp_context=multiprocessing.get_context("fork"),
            initializer=os.nice,
            initargs=(WORKER_NICENESS,),
        )

    def restart(self, size: int | None) -> None:
        assert self.pool is not None
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self.start(size)

    def __exit__(self, *exc_info) -> None:
        global _shared
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        _shared = None

    def map(
        self, function: Callable, items: list, chunksize: int = 8, *, lost: Callable | None = None
    ) -> Iterator:
        """`function` over `items`, results in order, as they are ready; an item whose worker
        died gives `lost(item)` instead."""
        if self.pool is None:
            yield from map(function, items)
            return
        done = 0
        try:
            for result in self.pool.map(function, items, chunksize=chunksize):
                yield result
                done += 1
        except BrokenProcessPool:
            # Any item in flight may have killed it: the rest go one at a time, alone.
            self.restart(1)
            for item in items[done:]:
                try:
                    result = self.pool.submit(function, item).result()
                except BrokenProcessPool:
                    self.restart(1)
                    assert lost is not None
                    result = lost(item)
                yield result
            self.restart(os.cpu_count())


def worker_lost(path: Path) -> tuple[None, str]:
    """The result for a post whose worker process died while preparing it."""
    return None, (
        "the worker process preparing this post stopped before it finished (killed for "
        "using too much memory, or by a signal); the other posts were imported. "
        "Fix: look for what is unusually large or deeply nested in the post, shorten it, "
        "and import it again."
    )


def outline_lost(path: Path) -> tuple[None, str, str]:
    """The outline result for a post whose worker process died while reading it."""
    return (*worker_lost(path), "")


def outline_post(path: Path) -> tuple[PostDraft | None, str, str]:
    """One file's outline, its post without the body: (outline, error, why it is not a post)."""
    ctx, _ = _shared
    try:
        raw = read_file(path, ctx.options.max_size)
        draft = run_stages(PostDraft(path=path, raw=raw), ctx, OUTLINE_STAGES)
    except NotAPost as not_a_post:
        return None, "", f"{path.name} is not a post: {not_a_post.reason}"
    except Exception as error:  # noqa: BLE001 - one bad post must not stop the others
        return None, describe(error), ""
    assert draft.post is not None
    post = replace(draft.post, body="", variables={})
    return PostDraft(path=path, post=post), "", ""


def prepare_post(path: Path) -> tuple[Location, str]:
    """Every pure stage of one file: (where its draft is kept, error). A post that fails is
    kept as far as it got, so its report still shows what was repaired."""
    ctx, store = _shared
    draft, error = PostDraft(path=path), ""
    try:
        draft = replace(draft, raw=read_file(path, ctx.options.max_size))
        with cpu_budget(ctx.options.max_cpu_seconds):
            for name, stage in STAGES:
                draft = run_stage(name, stage, draft, ctx)
            draft = replace(draft, coverage=word_coverage(draft))
    except Exception as exc:  # noqa: BLE001 - one bad post must not stop the others
        error = describe(exc)
    # The writer needs the post, its blocks, hash, repairs and warnings, not the texts between.
    try:
        return store.put(replace(draft, raw=b"", text="", markdown="", html="")), error
    except Exception as exc:  # noqa: BLE001 - a draft too deep to store fails alone
        kept = PostDraft(path=path, repairs=draft.repairs, warnings=draft.warnings)
        return store.put(kept), error or f"the prepared post could not be kept ({describe(exc)})."


def describe(error: Exception) -> str:
    if isinstance(error, ImporterError):
        return error.describe()
    return f"{type(error).__name__}: {error}"


def from_drafts_folder(draft: PostDraft, drafts: frozenset[Path]) -> PostDraft:
    """A post from a drafts folder (imported only when asked) stays a draft on the new site."""
    if draft.path not in drafts or draft.post is None or draft.post.draft:
        return draft
    return replace(
        draft,
        post=replace(draft.post, draft=True),
        warnings=[*draft.warnings, "from a drafts folder: imported as a draft, not published."],
    )


def failed(draft: PostDraft, message: str) -> PostResult:
    return PostResult(
        source=str(draft.path),
        status="failed",
        repairs=[repair.as_dict() for repair in draft.repairs],
        warnings=list(draft.warnings),
        error=message,
    )
