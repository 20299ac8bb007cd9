"""The importer as the admin runs it. Every call into the importer (``import_posts``, its
``analyze`` and its report) is made here, so the admin runs exactly what
``manage.py import_posts`` runs: the preview is ``--analyze`` and ``--dry-run``, the run is the
import itself, with the same options.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from importer.admin_import import compare
from importer.admin_import.capture import PageCapture
from importer.admin_import.models import ImportRun, ImportRunPost
from importer.common import ImporterError, ImportRequest, PostResult
from importer.run import ImportReport, analyze, import_posts
from importer.verify import read_built_site
from importer.write.retry import retry_when_locked

ROWS_BATCH = 500
BUILD_FOLDERS = ("_site", "public", "build")

RunStopped = ImporterError
"""What stops a preview or run as a whole (no blog index, an option that can't be read); its
``describe()`` says why and what to do."""


class RunLost(Exception):
    """The preview or run is no longer its worker's to write: it was marked failed while the
    worker went on (its heartbeat was missed) or cancelled. The worker stops where it is."""


class StopRequested(Exception):
    """Someone asked the run to stop (runs.stop): the worker stops between two posts, and the
    posts written so far stay."""


def working_status(dry_run: bool) -> str:
    return ImportRun.Status.PREVIEWING if dry_run else ImportRun.Status.RUNNING


def request_for(run: ImportRun, *, dry_run: bool) -> ImportRequest:
    """The command's options for `run`: its upload as SOURCE and as --assets, so images are
    found anywhere in it; its blog as --parent; the options from the upload form. Each post is
    prepared in a worker process of its own (``isolate_posts``): one that runs on past its CPU
    limit, even inside a parser's C code, is stopped and fails alone, and this process, with
    the run's heartbeat, never waits on it."""
    source = Path(run.source)
    upload = {"sources": [source], "assets": [source], "parent": str(run.parent_id)}
    # The run's revisions and log entries are those of whoever confirmed it.
    if not dry_run and run.confirmed_by is not None:
        upload["user"] = run.confirmed_by.get_username()
    upload["isolate_posts"] = True
    upload["verify_against"] = build_beside(source)
    return ImportRequest.of({**run.options, **upload, "dry_run": dry_run})


def build_beside(source: Path) -> Path | None:
    """The old site's build output the upload holds beside its source (``_site``, ``public``,
    ``build``, in the upload or its one top folder), which the preview and the run check the
    pages against (``--verify-against``); None when it holds none with a built post."""
    folders = [item for item in source.iterdir() if item.is_dir() and not item.is_symlink()]
    tops = [source, *folders] if len(folders) == 1 else [source]
    for top in tops:
        for name in BUILD_FOLDERS:
            folder = top / name
            if folder.is_dir() and not folder.is_symlink():
                try:
                    read_built_site(folder)
                except ImporterError:
                    continue
                return folder
    return None


def preview(run: ImportRun) -> None:
    """What importing `run` would do, as ``import_posts --analyze`` and ``--dry-run`` say it,
    with each post's page as the dry run built it; raises RunStopped."""
    request = request_for(run, dry_run=True)
    analysis = analyze(request)
    run.analysis = without_folder(analysis.as_dict(), run.files_root)
    ImportRun.objects.filter(pk=run.pk).update(analysis=run.analysis)
    with PageCapture() as pages:
        recorder = Recorder(run, dry_run=True, pages=pages)
        report = import_posts(request, progress=recorder)
    save_rows(run, report, dry_run=True, after=recorder.after)
    save_befores(run, request)
    run.preview_summary = without_folder(summary_of(report), run.files_root)


def execute(run: ImportRun) -> None:
    """Import `run` for real, each post's row stored as it is done (a run whose worker dies
    keeps them); raises RunStopped."""
    report = import_posts(request_for(run, dry_run=False), progress=Recorder(run, dry_run=False))
    # The rows again, whole and in the order the posts were found: some gain warnings after
    # they were first reported (their indexing, links to posts written after them).
    save_rows(run, report, dry_run=False)
    run.summary = without_folder(summary_of(report), run.files_root)


class Recorder:
    """The progress callback of one preview or run: posts done of the total, the run's rows
    as they come, and (preview) the page each post would become."""

    def __init__(self, run: ImportRun, *, dry_run: bool, pages: PageCapture | None = None):
        self.run = run
        self.dry_run = dry_run
        self.pages = pages
        self.after: dict[str, dict[str, Any]] = {}

    def __call__(self, done: int, total: int, result: PostResult) -> None:
        """Raises RunLost once the run is no longer this worker's."""
        if self.pages is not None:
            page = self.pages.take()
            if page and result.status in ("created", "updated"):
                self.after[result.source] = page
        mine = ImportRun.objects.filter(pk=self.run.pk, status=working_status(self.dry_run))
        progress = {"done": done, "total": total, "heartbeat_at": timezone.now()}
        # A database busy with another writer (SQLite's "database is locked") is waited for,
        # as the post's own write is: the run's progress must not end the run.
        # One query while nobody asks the run to stop; a second tells a stop from a loss.
        going_on = retry_when_locked(lambda: mine.filter(stop_requested=False).update(**progress))
        if not going_on and not retry_when_locked(lambda: mine.update(**progress)):
            raise RunLost(f"Import run {self.run.pk} was marked failed or cancelled meanwhile.")
        if not self.dry_run:
            fields = row_fields(self.run, result, done - 1, dry_run=False)
            retry_when_locked(lambda: ImportRunPost.objects.create(**fields))
        if not going_on:
            raise StopRequested(f"Import run {self.run.pk} was asked to stop.")


def save_befores(run: ImportRun, request: ImportRequest) -> None:
    """Each preview row's "before" side (compare.before_of), a batch at a time, each batch
    written on its own (the database is not held while the old posts are rendered)."""
    rows = run.posts.filter(dry_run=True).only("pk", "source", "status", "row").order_by("pk")
    last = 0
    while batch := list(rows.filter(pk__gt=last)[:ROWS_BATCH]):
        for post in batch:
            error = post.row.get("error") or ""
            post.before = compare.before_of(run, post.source, post.status, error, request)
        ImportRunPost.objects.bulk_update(batch, ["before"])
        last = batch[-1].pk


def save_rows(
    run: ImportRun, report: ImportReport, *, dry_run: bool, after: dict | None = None
) -> None:
    """The report's rows in place of the run's (or preview's), a batch at a time: the report
    keeps them on disk, and so memory stays flat however many posts there are."""
    batch: list[ImportRunPost] = []
    with transaction.atomic():
        run.posts.filter(dry_run=dry_run).delete()
        for position, result in enumerate(report.posts()):
            page = (after or {}).get(result.source, {})
            fields = row_fields(run, result, position, dry_run=dry_run)
            batch.append(ImportRunPost(**fields, after=page))
            if len(batch) == ROWS_BATCH:
                ImportRunPost.objects.bulk_create(batch)
                batch.clear()
        ImportRunPost.objects.bulk_create(batch)


def row_fields(run: ImportRun, result: PostResult, position: int, *, dry_run: bool) -> dict:
    row = without_folder(result.as_dict(), run.files_root)
    return {
        "run": run,
        "dry_run": dry_run,
        "position": position,
        "source": row["source"],
        "status": result.status,
        "title": result.title[:255],
        "page_id": result.page_id,
        "url": result.url,
        "coverage": result.coverage,
        "row": row,
    }


def without_folder(value: Any, folder: str) -> Any:
    """`value` with `folder` taken out of every path in it (keys too): rows and analyses name
    files as they are in the upload (see ImportRun.files_root)."""
    if not folder:
        return value
    prefixes = {f"{folder}/", f"{Path(folder).resolve()}/"}

    def strip(item: Any) -> Any:
        if isinstance(item, str):
            for prefix in prefixes:
                item = item.replace(prefix, "")
            return item
        if isinstance(item, list):
            return [strip(element) for element in item]
        if isinstance(item, dict):
            return {strip(key): strip(element) for key, element in item.items()}
        return item

    return strip(value)


def summary_of(report: ImportReport) -> dict[str, Any]:
    """The JSON report's summary, and its five posts of lowest word coverage."""
    return {**report.summary(), "lowest_coverage": report.lowest_coverage()}


def report_of(run: ImportRun, *, dry_run: bool) -> ImportReport:
    """The report of `run` (or of its preview) from the rows it stored: all of them, or those
    done before its worker stopped."""
    names = {field.name for field in dataclasses.fields(PostResult)}
    report = ImportReport(dry_run=dry_run)
    for post in run.posts.filter(dry_run=dry_run):
        known = {key: value for key, value in post.row.items() if key in names}
        report.add(post.position, PostResult(**known | {"title": post.title}))
    return report


def summary_of_rows(run: ImportRun) -> dict[str, Any]:
    return summary_of(report_of(run, dry_run=False))


def report_json(run: ImportRun, *, dry_run: bool) -> bytes:
    """The JSON report ``import_posts --report`` writes, for the run or its preview."""
    with tempfile.TemporaryDirectory(prefix="import-report-") as folder:
        path = Path(folder) / "report.json"
        report_of(run, dry_run=dry_run).write_json(path)
        return path.read_bytes()
