"""The import as one call: find the files, run the pure stages, write, report.

``import_posts`` is what the management command, the admin's import and anything else call: an
``ImportRequest`` in, an ``ImportReport`` out. A post that fails is reported and skipped; every
other post still imports.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from blog.models import BlogIndexPage, BookingSettings
from importer.common import (
    ImporterError,
    ImportRequest,
    PostDraft,
    PostResult,
    PostStatus,
    RunOptions,
)
from importer.generators.addresses import check_old_url_template
from importer.generators.authors import author_data_read_once
from importer.run.outline import (
    describe,
    failed,
    from_drafts_folder,
    left_out,
    left_out_draft,
)
from importer.run.report import ImportReport, site_facts
from importer.run.spool import DraftStore
from importer.run.workers import Workers, outline_lost, outline_of, prepare_lost, prepare_post
from importer.sources import SourcePlan, plan_sources, why_not_a_post
from importer.stages import build_context, read_file
from importer.verify import Verifier
from importer.write import AssetIndex, PostWriter, WriteContext, find_blog_index
from importer.write.indexing import refresh_statistics
from importer.write.link_index import check_old_origin

# Posts a worker process prepares at a time. Fewer, larger hand-overs wake the writer less
# often: each wake-up takes a core from a worker, and the workers then share the other one.
PREPARE_CHUNK = 16

Progress = Callable[[int, int, PostResult], None]
Record = Callable[[int, PostResult], None]


def import_posts(request: ImportRequest, progress: Progress | None = None) -> ImportReport:
    """Import every post under ``request.sources``; raises ``ImporterError`` only for problems
    that stop the whole run (no blog index, a missing source, an option that cannot be read).
    `progress` is told of each post as it is done: (posts done, posts found, its row)."""
    parent, plan, options = start_run(request)
    verifier = Verifier.of(request.verify_against, options.old_origin, request.old_url)
    ctx = build_context(options)
    assets = AssetIndex.build(plan.assets, plan.sources)
    writer = PostWriter.for_parent(parent, WriteContext(options, assets, ctx.normalise))
    total = len(plan.paths) + len(plan.left_out)
    run = RunReport(ImportReport(dry_run=options.dry_run), writer, total, progress)
    run.report.sites = [site_facts(site) for site in plan.sites]
    for number, row in enumerate(plan.left_out):
        skipped = PostResult(str(row.path), PostStatus.SKIPPED, error=row.reason)
        run.record(len(plan.paths) + number, skipped)
    to_prepare = files_to_prepare(plan, writer, run.record, verifying=verifier.site is not None)
    with (
        author_data_read_once(),
        DraftStore() as store,
        Workers(len(to_prepare), ctx, store) as workers,
    ):
        prepare_and_write(to_prepare, plan, writer, store, workers, run.record, verifier)
    run.report.built_without_source = verifier.built_without_source()
    run.report.built_left_out = verifier.site.left_out if verifier.site else []
    writer.link_ahead()
    if writer.sources_by_page:  # pages were written
        refresh_statistics()
    # Problems with pages found after their posts were reported: the last batch's indexing,
    # links ahead.
    run.add_late_warnings()
    return run.report


def start_run(request: ImportRequest) -> tuple[BlogIndexPage, SourcePlan, RunOptions]:
    """The blog index to import under, the files to import, and the options the run resolved;
    raises ``ImporterError`` for an option or source that cannot be used."""
    check_old_url_template(request.old_url)
    old_origin = check_old_origin(request.old_origin)
    for source in request.sources:
        if not source.exists():
            raise ImporterError(f"{source} does not exist.", fix="check the path.")
    parent = find_blog_index(request.parent)
    # An old site's root gives the posts, folders and asset roots detected in it.
    plan = plan_sources(list(request.sources), list(request.assets), request.include_drafts)
    booking = BookingSettings.for_site(parent.get_site())
    user_id = find_user(request.user)
    return parent, plan, resolve(request, plan, booking.booking_url, old_origin, user_id)


def find_user(username: str) -> int | None:
    """The id of the user named `username` ("" for none); raises ``ImporterError`` when there
    is no such user."""
    if not username:
        return None
    from django.contrib.auth import get_user_model

    model = get_user_model()
    user = model.objects.filter(**{model.USERNAME_FIELD: username}).first()
    if user is None:
        raise ImporterError(
            f"there is no user named {username!r}.",
            field="--user",
            fix="give the username of an existing account (manage.py createsuperuser makes one).",
        )
    return user.pk


def resolve(
    request: ImportRequest,
    plan: SourcePlan,
    booking_url: str,
    old_origin: str,
    user_id: int | None = None,
) -> RunOptions:
    """The options a run reads, from what was asked and what the run found: the folders posts
    are known by, the blog's booking link (first), the old site's origin as checked, the user
    it is attributed to."""
    return RunOptions(
        draft=request.draft,
        dry_run=request.dry_run,
        force=request.force,
        fetch_images=request.fetch_images,
        old_origin=old_origin,
        leave_out_drafts=request.leave_out_drafts,
        user_id=user_id,
        booking_urls=tuple(url for url in [booking_url, *request.booking_urls] if url),
        old_url_template=request.old_url,
        source_roots=tuple(plan.sources),
        site_roots=tuple(site.root for site in plan.sites),
        site_addresses=tuple(site.addresses for site in plan.sites if site.addresses),
        max_size=request.max_size,
        max_cpu_seconds=request.max_cpu_seconds,
        isolate_posts=request.isolate_posts,
    )


@dataclass(slots=True)
class RunReport:
    """The run's report, row by row as posts finish, with the problems the writer finds later
    with pages it wrote before (their indexing, links ahead) added to those pages' rows."""

    report: ImportReport
    writer: PostWriter
    total: int
    progress: Progress | None = None

    def record(self, position: int, result: PostResult) -> None:
        self.report.add(position, result)
        self.add_late_warnings()
        if self.progress:
            self.progress(len(self.report), self.total, result)

    def add_late_warnings(self) -> None:
        for warning in self.writer.take_late_warnings():
            self.report.add_warning(warning)


def files_to_prepare(
    plan: SourcePlan, writer: PostWriter, record: Record, verifying: bool = False
) -> list[tuple[int, Path]]:
    """The files to take through the pure stages, with their place in ``plan.paths``; every
    other file's row is recorded here: not a post, listed twice, unreadable, or unchanged since
    its import (found before any stage runs, so an unchanged blog re-imports in no time). When
    `verifying` against a build, unchanged posts are prepared too, to be checked (the writer
    still leaves their pages as they are)."""
    to_prepare: list[tuple[int, Path]] = []
    seen: set[Path] = set()
    for position, path in enumerate(plan.paths):
        not_a_post = why_not_a_post(path, plan.sources, seen)
        if not_a_post:
            record(position, PostResult(str(path), PostStatus.SKIPPED, error=not_a_post))
            continue
        try:
            raw = read_file(path, writer.options.max_size)
        except ImporterError as error:
            record(position, PostResult(str(path), PostStatus.FAILED, error=error.describe()))
            continue
        result = None if verifying else writer.unchanged(path, hashlib.sha256(raw).hexdigest())
        if result is not None:
            record(position, result)
            continue
        to_prepare.append((position, path))
    return to_prepare


def prepare_and_write(
    to_prepare: list[tuple[int, Path]],
    plan: SourcePlan,
    writer: PostWriter,
    store: DraftStore,
    workers: Workers,
    record: Record,
    verifier: Verifier,
) -> None:
    """Every post's outline first, to plan the run; then each post in full, prepared by the
    workers while the writer saves the posts before it, oldest first. With a build to verify
    against, the posts take their built pages' addresses, and each is checked against its own."""
    outlines: list[tuple[int, PostDraft]] = []
    posts = [(path, plan.generator_of(path)) for _, path in to_prepare]
    outlined = workers.map(outline_of, posts, lost=outline_lost)
    for (position, path), found in zip(to_prepare, outlined, strict=True):
        row = left_out(path, found) or left_out_draft(path, found, plan, writer.options)
        if row is not None:
            record(position, row)
        else:
            assert found.draft is not None
            outlines.append((position, found.draft))
    placed = verifier.match([draft for _, draft in outlines])
    outlines = [(position, draft) for (position, _), draft in zip(outlines, placed, strict=True)]
    writer.plan([draft for _, draft in outlines])
    # Oldest first: posts mostly link to older posts, which then already have pages; links
    # to newer ones become page links once the run has written them (writer.link_ahead).
    outlines.sort(key=lambda item: item[1].post.date)
    with writer.deferred_indexing():
        prepared = workers.map(
            prepare_post,
            [(d.path, d.generator, verifier.placer(d.path)) for _, d in outlines],
            PREPARE_CHUNK,
            lost=prepare_lost,
        )
        for (position, draft_outline), (location, error) in zip(outlines, prepared, strict=True):
            draft = store.get(location) if location else PostDraft(path=draft_outline.path)
            draft = from_drafts_folder(draft, plan.drafts)
            write_post(draft, error, writer, position, record, verifier)


def write_post(
    draft: PostDraft,
    error: str,
    writer: PostWriter,
    position: int,
    record: Record,
    verifier: Verifier,
) -> None:
    """The prepared post written (its row then says what became of it, and how its page
    compares with the old site's built page), or its row failed."""
    if error:
        record(position, failed(draft, error))
        return
    try:
        # Checked before the writer takes the blocks (it resolves their pictures in place).
        verified = verifier.check(draft)
        result = writer.write(draft)
        result.coverage = draft.coverage
        result.verified = verified
    except Exception as error:  # noqa: BLE001 - one bad post must not stop the others
        result = failed(draft, describe(error))
    record(position, result)
