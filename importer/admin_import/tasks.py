"""The preview and the run, as background tasks (django-tasks): ``manage.py db_worker`` runs
them, or an RQ worker in production.

The toolkit's guarantees hold as they do for the command: one transaction per post, a post
that fails never stops the others, re-runs skip unchanged posts and keep editors' changes.
While a task works, a thread says so every few seconds (``heartbeat``); a run nobody has heard
from for IMPORTER_RUN_STALE_AFTER lost its worker, and ``runs.mark_stale`` marks it failed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks import task

from importer.admin_import import runner, uploads
from importer.admin_import.models import ImportRun

logger = logging.getLogger(__name__)
Status = ImportRun.Status


@task()
def preview_import(run_id: int) -> None:
    """The analysis and dry run of an upload; the upload stays for the run, unless the
    preview failed."""
    started = ImportRun.objects.filter(pk=run_id, status=Status.PREVIEWING).update(
        heartbeat_at=timezone.now()
    )
    if not started:
        return  # cancelled while it waited, or marked failed as never picked up
    run = ImportRun.objects.get(pk=run_id)
    if attempt(run, Status.PREVIEWING, runner.preview):
        ImportRun.objects.filter(pk=run_id, status=Status.PREVIEWING).update(
            status=Status.PREVIEWED, preview_summary=run.preview_summary
        )


@task()
def run_import(run_id: int) -> None:
    """The import itself, once confirmed. The upload is deleted when it ends, unless the worker
    was stopped: then it stays, so the run can be picked up again (until it is too old)."""
    now = timezone.now()
    started = ImportRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=now, heartbeat_at=now, done=0, total=0
    )
    if not started:
        return  # cancelled while it waited, or already run
    run = ImportRun.objects.get(pk=run_id)
    if attempt(run, Status.RUNNING, runner.execute):
        finished = ImportRun.objects.filter(pk=run_id, status=Status.RUNNING).update(
            status=Status.FINISHED, finished_at=timezone.now(), summary=run.summary
        )
        # Kept while posts were left alone for their editors' changes, to overwrite them from
        # the run's page without uploading again (until IMPORTER_UPLOAD_MAX_AGE).
        if finished and not run.summary.get("conflict"):
            uploads.remove(run)


def attempt(run: ImportRun, status: str, work: Callable[[ImportRun], None]) -> bool:
    """Do `work` on `run`, saying it is alive meanwhile; True once done. Anything that stops it
    fails the run with the reason, unless the run was taken from this worker (RunLost)."""
    try:
        with heartbeat(run.pk, status):
            work(run)
    except runner.StopRequested:
        # What was written stays, listed; the upload too, to pick the run up again.
        fields = {"status": Status.STOPPED, "finished_at": timezone.now()}
        fields["summary"] = runner.summary_of_rows(run)
        ImportRun.objects.filter(pk=run.pk, status=status).update(**fields)
    except runner.RunLost:
        # Whoever took the run over (the stale check, a cancel) has already said what became
        # of it; anything more from here would overwrite that, or delete an upload in use.
        logger.warning("Import run %s: no longer this worker's, stopped", run.pk)
    except runner.RunStopped as error:
        stop(run, status, error.describe())
    except Exception as error:
        stop(run, status, unexpected(error))
        raise
    except BaseException:
        # The worker is being stopped (a second Ctrl+C, a signal): what was done is reported,
        # and the upload kept to pick the run up again.
        what = "the preview was ready" if status == Status.PREVIEWING else "the import finished"
        stop(run, status, f"The worker was stopped before {what}.", keep=True)
        raise
    else:
        return True
    return False


def stop(run: ImportRun, was: str, error: str, *, keep: bool = False) -> None:
    """Mark `run` failed with `error`; a run's rows so far make its summary. Its upload is
    deleted unless `keep` (for picking the run up again)."""
    fields = {"status": Status.FAILED, "finished_at": timezone.now(), "error": error}
    if was == Status.RUNNING:
        fields["summary"] = runner.summary_of_rows(run)
    ImportRun.objects.filter(pk=run.pk, status=was).update(**fields)
    if not keep:
        uploads.remove(run)


def unexpected(error: Exception) -> str:
    logger.exception("Import run failed")
    return (
        f"The import stopped on an unexpected error ({type(error).__name__}: {error}). The "
        "posts done before it are listed; the worker's log has the details."
    )


def heartbeat_seconds() -> float:
    return max(1.0, settings.IMPORTER_RUN_STALE_AFTER.total_seconds() / 6)


@contextmanager
def heartbeat(run_id: int, status: str) -> Iterator[None]:
    """Say every few seconds that the run (whose status is `status`) is alive, from a thread of
    its own: a single post can take minutes, and planning a big blog's run reports nothing until
    it is done. Once the run has another status (marked failed, cancelled), the beats stop, and
    the work raises RunLost when it ends, if its progress did not already."""
    stop_beating = threading.Event()
    lost = threading.Event()

    def beat() -> None:
        try:
            while not stop_beating.wait(heartbeat_seconds()):
                try:
                    alive = ImportRun.objects.filter(pk=run_id, status=status).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError:
                    logger.warning("Import run %s: heartbeat not saved", run_id, exc_info=True)
                    continue
                if not alive:
                    lost.set()
                    return
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"import-run-{run_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop_beating.set()
        thread.join()
    if lost.is_set():
        raise runner.RunLost(f"Import run {run_id} was marked failed or cancelled meanwhile.")
