"""What editors do to a run (confirm it, cancel it, import it again), and runs whose worker
died. Each change is one conditional update, so two requests (or a request and the worker)
can never both move a run on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from importer.admin_import import runner, uploads
from importer.admin_import.models import ImportRun
from importer.admin_import.states import importable
from importer.admin_import.tasks import heartbeat, preview_import, run_import

Status = ImportRun.Status


class Refused(Exception):
    """The change can't be made; the message says why."""


def start_preview(run: ImportRun) -> None:
    transaction.on_commit(partial(preview_import.enqueue, run.pk))


def confirm(run: ImportRun, user=None, *, overwrite: bool = False) -> None:
    """Queue a previewed run for the worker, as `user`'s (its revisions and log entries are
    theirs), over the pages editors changed if `overwrite`; refused when the preview found
    nothing to import, and while another run is waiting or running (the database's constraint
    decides, whoever asks first)."""
    mark_stale()
    if not run.folder:
        raise Refused("The upload has been deleted since the preview. Upload the site again.")
    options = run.options
    if overwrite:
        if not run.preview_summary.get("conflict"):
            raise Refused("No post of this preview has been changed by an editor since.")
        options = {**run.options, "force": True}
    elif not importable(run.preview_summary):
        raise Refused(
            "The preview found nothing to import: no post would be created or updated. "
            "Change the posts on the old site, then upload it again."
        )
    try:
        with transaction.atomic():
            # The preview's count of files done goes: the run counts its own from nought.
            queued = ImportRun.objects.filter(pk=run.pk, status=Status.PREVIEWED).update(
                status=Status.QUEUED,
                options=options,
                confirmed_by=user,
                confirmed_at=timezone.now(),
                done=0,
                total=0,
            )
    except IntegrityError as error:
        raise Refused(busy_message(run)) from error
    if not queued:
        raise Refused("This import has already been started or cancelled.")
    transaction.on_commit(partial(run_import.enqueue, run.pk))


def busy_message(run: ImportRun) -> str:
    other = (
        ImportRun.objects.filter(status__in=ImportRun.ACTIVE)
        .exclude(pk=run.pk)
        .select_related("user", "parent")
        .first()
    )
    return busy_text(other)


def busy_text(other: ImportRun | None) -> str:
    if other is None:
        return "Another import is waiting or running; wait for it to finish, then try again."
    by = other.confirmed_by or other.user
    who = f" by {by.get_username()}" if by else ""
    what = "a command-line import" if other.from_command else other.upload_name
    return (
        f"Another import ({what} into {other.parent.title}{who}) is waiting or "
        "running. Imports run one at a time, as two could write the same posts; wait for it "
        "to finish, then try again."
    )


def cancel(run: ImportRun) -> None:
    """Drop a preview (being prepared or ready) or a run still waiting for the worker: nothing
    was imported. A worker preparing the preview stops at its next post (runner.RunLost)."""
    waiting = Q(status__in=[Status.PREVIEWING, Status.PREVIEWED, Status.QUEUED])
    cancelled = ImportRun.objects.filter(waiting, pk=run.pk).update(
        status=Status.CANCELLED, finished_at=timezone.now(), error=""
    )
    if not cancelled:
        raise Refused(
            "Only an import that has not started can be cancelled; a running import can be "
            "stopped instead."
        )
    uploads.remove(run)


def stop(run: ImportRun) -> None:
    """Ask a running import to stop: its worker stops after the post it is writing, and what it
    wrote stays (tasks.run_import marks it stopped). A run still waiting is cancelled."""
    if run.status == Status.QUEUED:
        cancel(run)
        return
    asked = ImportRun.objects.filter(pk=run.pk, status=Status.RUNNING).update(stop_requested=True)
    if not asked:
        raise Refused("This import is not running any more: it has finished or stopped.")


def import_again(run: ImportRun, user) -> ImportRun:
    """A new run of a failed or stopped run's upload and options, queued at once (its preview was
    confirmed, as it had started): posts the failed run imported are unchanged now, and are
    skipped."""
    if (
        run.status not in (Status.FAILED, Status.STOPPED)
        or not run.folder
        or run.started_at is None
    ):
        raise Refused(
            "Only a failed run that had started, and whose upload is still here, can be "
            "imported again. Upload the site again to see its preview first."
        )
    return queue_again(run, user, run.options)


def overwrite_conflicts(run: ImportRun, user) -> ImportRun:
    """A new run of a finished run's upload over the pages editors had changed, which it left
    alone (conflicts): the posts it imported are unchanged now, and are skipped."""
    if run.status != Status.FINISHED or not run.folder or not run.summary.get("conflict"):
        raise Refused(
            "Only a finished import that left posts alone because editors had changed them, "
            "and whose upload is still here, can overwrite them. Upload the site again and "
            "tick “Import over pages an editor has changed”."
        )
    return queue_again(run, user, {**run.options, "force": True})


def keep_editors_versions(run: ImportRun, user=None) -> None:
    """Leave the pages editors changed as they are: a preview that had nothing else to import
    is closed, a finished run's upload (kept for overwriting them) is deleted."""
    if run.status == Status.PREVIEWED:
        cancel(run)
    elif run.status == Status.FINISHED:
        uploads.remove(run)
    else:
        raise Refused("This import is not waiting for a choice about editors' changes.")


def queue_again(run: ImportRun, user, options: dict) -> ImportRun:
    """A new run of `run`'s upload with `options`, queued at once; the upload is the new
    run's."""
    try:
        with transaction.atomic():
            again = ImportRun.objects.create(
                parent_id=run.parent_id,
                user=user,
                upload_name=run.upload_name,
                folder=run.folder,
                source=run.source,
                options=options,
                notes=run.notes,
                analysis=run.analysis,
                preview_summary=run.preview_summary,
                status=Status.QUEUED,
                confirmed_by=user,
                confirmed_at=timezone.now(),
            )
            ImportRun.objects.filter(pk=run.pk).update(folder="")
    except IntegrityError as error:
        raise Refused(busy_message(run)) from error
    transaction.on_commit(partial(run_import.enqueue, again.pk))
    return again


def mark_stale(now: dt.datetime | None = None) -> None:
    """Fail the previews and runs nobody has heard from for IMPORTER_RUN_STALE_AFTER: their
    worker died (killed, out of memory, the machine restarted), or no worker picked the preview
    up. A run keeps its rows so far, and its upload, to be imported again."""
    now = now or timezone.now()
    cutoff = now - settings.IMPORTER_RUN_STALE_AFTER
    silent_since = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    silent = ImportRun.objects.filter(silent_since, status__in=[Status.PREVIEWING, Status.RUNNING])
    for run in silent:
        fields = {"status": Status.FAILED, "finished_at": now, "error": stale_message(run)}
        if run.stop_requested:
            # It was asked to stop, and has: how it did matters less than what it wrote.
            fields.update(status=Status.STOPPED, error="")
        if run.status == Status.RUNNING:
            fields["summary"] = runner.summary_of_rows(run)
        marked = ImportRun.objects.filter(silent_since, pk=run.pk, status=run.status).update(
            **fields
        )
        if marked and run.status == Status.PREVIEWING:
            uploads.remove(run)


@contextmanager
def command_run(parent, user, sources: list[str]) -> Iterator[ImportRun]:
    """A command-line import, listed among the admin's runs while it writes: it holds the same
    one-import-at-a-time lock (raises Refused, naming the import under way), says it is alive
    as the worker's runs do, and ends finished, or failed with why."""
    mark_stale()
    now = timezone.now()
    try:
        with transaction.atomic():
            run = ImportRun.objects.create(
                parent=parent,
                user=user,
                confirmed_by=user,
                confirmed_at=now,
                upload_name=" ".join(["import_posts", *sources])[:255],
                status=Status.RUNNING,
                from_command=True,
                started_at=now,
                heartbeat_at=now,
            )
    except IntegrityError as error:
        other = ImportRun.objects.filter(status__in=ImportRun.ACTIVE).first()
        raise Refused(busy_text(other)) from error
    try:
        with heartbeat(run.pk, Status.RUNNING):
            yield run
    except BaseException as error:
        reason = str(error) or type(error).__name__
        ImportRun.objects.filter(pk=run.pk, status=Status.RUNNING).update(
            status=Status.FAILED,
            finished_at=timezone.now(),
            error=f"The command-line import stopped: {reason}",
        )
        raise
    ImportRun.objects.filter(pk=run.pk, status=Status.RUNNING).update(
        status=Status.FINISHED, finished_at=timezone.now()
    )


def save_summary(run: ImportRun, report) -> None:
    """A command-line run's counts, from its report, for the admin's list."""
    ImportRun.objects.filter(pk=run.pk).update(summary=runner.summary_of(report))


def stale_message(run: ImportRun) -> str:
    when = date_format(timezone.localtime(run.heartbeat_at or run.created_at), "DATETIME_FORMAT")
    if run.from_command:
        return (
            f"The command-line import stopped without saying so (nothing heard from it since "
            f"{when}): it was interrupted, or its machine restarted. Run it again."
        )
    if run.heartbeat_at is None and run.status == Status.PREVIEWING:
        return (
            f"No worker picked up the preview (waiting since {when}): check that the task "
            "worker is running (python manage.py db_worker), then upload the site again."
        )
    if run.status == Status.PREVIEWING:
        return (
            f"The worker stopped while preparing the preview (nothing heard from it since "
            f"{when}). Upload the site again."
        )
    return (
        f"The worker stopped while importing (nothing heard from it since {when}): {run.done} "
        f"of {run.total or '?'} files were done, and are listed below. Import again to pick up "
        "where it stopped: the posts it imported are unchanged now, and are skipped."
    )
