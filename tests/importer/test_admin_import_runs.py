"""Runs from the admin: one at a time per blog, and a run whose worker dies is failed with the
posts it had done, and can be picked up again."""

import datetime as dt
import os
import threading

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from blog.models import BlogIndexPage, BlogPage
from importer.admin_import import runner, runs, tasks
from importer.admin_import.models import ImportRun
from importer.admin_import.tasks import run_import

from .old_site import eleventy_site, upload, zip_of

Status = ImportRun.Status
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def previewed(editor_client, site_tree, settings, tmp_path, commits):
    """Runs previewed and ready to confirm, each of the same old site into the same blog."""
    settings.IMPORTER_UPLOAD_ROOT = tmp_path / "uploads"
    data = zip_of(eleventy_site(tmp_path / "old-site"))

    def make() -> ImportRun:
        with override_settings(TASKS=IMMEDIATE), commits():
            upload(editor_client, data)
        run = ImportRun.objects.latest("pk")
        assert run.status == Status.PREVIEWED, run.error
        return run

    return make


@pytest.fixture
def no_worker(settings):
    """Tasks are queued and wait: nothing runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_two_runs_into_one_blog_at_once_are_refused(editor_client, previewed, commits, no_worker):
    first, second = previewed(), previewed()
    with commits():
        editor_client.post(reverse("import_posts:confirm", args=[first.pk]))
    first.refresh_from_db()
    assert first.status == Status.QUEUED

    with commits():
        response = editor_client.post(
            reverse("import_posts:confirm", args=[second.pk]), follow=True
        )
    assert "Another import (old-site.zip into Blog by editor) is waiting or running" in (
        response.content.decode()
    )
    second.refresh_from_db()
    assert second.status == Status.PREVIEWED

    # Once the first has run, the second may.
    run_import.call(first.pk)
    first.refresh_from_db()
    assert first.status == Status.FINISHED
    with commits():
        editor_client.post(reverse("import_posts:confirm", args=[second.pk]))
    second.refresh_from_db()
    assert second.status == Status.QUEUED


def test_the_database_itself_refuses_a_second_active_run(site_tree):
    """Whatever asks (two requests at once, a request and a worker), not only the view."""
    ImportRun.objects.create(parent=site_tree.blog, upload_name="a.zip", status=Status.RUNNING)
    with pytest.raises(IntegrityError), transaction.atomic():
        ImportRun.objects.create(parent=site_tree.blog, upload_name="b.zip", status=Status.QUEUED)
    # Finished, failed and previewed runs are no obstacle.
    for status in (Status.FINISHED, Status.FAILED, Status.PREVIEWED, Status.PREVIEWING):
        ImportRun.objects.create(parent=site_tree.blog, upload_name="c.zip", status=status)


def test_a_confirmed_run_is_confirmed_once(editor_client, previewed, commits, no_worker):
    run = previewed()
    with commits():
        editor_client.post(reverse("import_posts:confirm", args=[run.pk]))
        response = editor_client.post(reverse("import_posts:confirm", args=[run.pk]), follow=True)
    assert "already been started or cancelled" in response.content.decode()


def kill_the_worker_after(monkeypatch, posts: int):
    """The worker dies (as SIGKILL would kill it) once `posts` files are reported: nothing
    after that point runs, not even the run's own error handling."""

    class Killed(BaseException):
        pass

    recorded = runner.Recorder.__call__

    def record_then_die(self, done, total, result):
        recorded(self, done, total, result)
        if done == posts:
            raise Killed

    monkeypatch.setattr(runner.Recorder, "__call__", record_then_die)
    return Killed


def test_a_worker_killed_mid_run_leaves_the_run_failed_with_its_rows(
    editor_client, previewed, commits, no_worker, monkeypatch, settings
):
    run = previewed()
    with commits():
        editor_client.post(reverse("import_posts:confirm", args=[run.pk]))
    killed = kill_the_worker_after(monkeypatch, posts=3)
    # What the worker did before it died, without the task's own clean-up around it.
    ImportRun.objects.filter(pk=run.pk).update(
        status=Status.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now()
    )
    with pytest.raises(killed):
        runner.execute(ImportRun.objects.get(pk=run.pk))
    monkeypatch.undo()
    run.refresh_from_db()
    assert run.status == Status.RUNNING
    assert (run.done, run.total) == (3, 5)
    written = BlogPage.objects.count()

    # Still within the time a live run may be silent: still running.
    editor_client.get(reverse("import_posts:run", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == Status.RUNNING

    stale = timezone.now() - settings.IMPORTER_RUN_STALE_AFTER - dt.timedelta(seconds=1)
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=stale)
    page = editor_client.get(reverse("import_posts:run", args=[run.pk])).content.decode()
    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert "The worker stopped while importing" in run.error
    assert "3 of 5 files were done" in run.error
    assert sum(run.summary[status] for status in ("created", "failed", "skipped")) == 3
    assert run.posts.filter(dry_run=False).count() == 3
    assert "Import again" in page
    assert run.folder  # kept, to pick the run up again

    # Picking it up again: what the dead run wrote is unchanged, the rest is imported.
    with commits():
        response = editor_client.post(reverse("import_posts:again", args=[run.pk]))
    again = ImportRun.objects.latest("pk")
    assert response["Location"] == reverse("import_posts:run", args=[again.pk])
    assert again.status == Status.QUEUED
    run_import.call(again.pk)
    again.refresh_from_db()
    assert again.status == Status.FINISHED, again.error
    assert again.summary["created"] + again.summary["unchanged"] == 2
    assert again.summary["unchanged"] == written
    assert BlogPage.objects.count() == 2
    assert again.folder == ""
    run.refresh_from_db()
    assert run.folder == ""


def test_a_preview_whose_worker_died_is_failed_and_its_upload_dropped(
    editor_client, site_tree, settings, tmp_path, no_worker
):
    settings.IMPORTER_UPLOAD_ROOT = tmp_path / "uploads"
    upload(editor_client, zip_of(eleventy_site(tmp_path / "old-site")))
    run = ImportRun.objects.get()
    assert run.status == Status.PREVIEWING
    # Waiting for a worker is not dying: no heartbeat yet, nothing is marked.
    state = editor_client.get(reverse("import_posts:progress", args=[run.pk])).json()
    assert state["status"] == "previewing"
    assert state["text"] == "Waiting for the worker…"

    stale = timezone.now() - settings.IMPORTER_RUN_STALE_AFTER - dt.timedelta(seconds=1)
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=stale)
    state = editor_client.get(reverse("import_posts:progress", args=[run.pk])).json()
    assert state["status"] == "failed"
    run.refresh_from_db()
    assert "while preparing the preview" in run.error
    assert run.folder == ""


def test_a_worker_stopped_by_a_signal_fails_the_run_and_keeps_the_upload(
    editor_client, previewed, commits, no_worker, monkeypatch
):
    run = previewed()
    with commits():
        editor_client.post(reverse("import_posts:confirm", args=[run.pk]))
    stopped = kill_the_worker_after(monkeypatch, posts=2)
    with pytest.raises(stopped):
        run_import.call(run.pk)
    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert run.error == "The worker was stopped before the import finished."
    assert run.posts.filter(dry_run=False).count() == 2
    assert run.folder


def test_a_queued_run_can_be_cancelled_and_then_never_runs(
    editor_client, previewed, commits, no_worker
):
    run = previewed()
    with commits():
        editor_client.post(reverse("import_posts:confirm", args=[run.pk]))
    editor_client.post(reverse("import_posts:cancel", args=[run.pk]))
    run_import.call(run.pk)  # the worker gets to it after all
    run.refresh_from_db()
    assert run.status == Status.CANCELLED
    assert BlogPage.objects.count() == 0


def test_the_heartbeat_keeps_a_long_run_alive(site_tree, settings, monkeypatch):
    """A run that reports nothing for longer than the stale time (one slow post, planning a
    big blog) still says it is alive, from its heartbeat thread."""
    settings.IMPORTER_RUN_STALE_AFTER = dt.timedelta(seconds=6)  # a beat a second
    run = ImportRun.objects.create(
        parent=site_tree.blog, upload_name="a.zip", status=Status.RUNNING, heartbeat_at=None
    )
    beats = []

    class StillRunning:
        def update(self, **fields):
            return 1  # the run's row, still running

    monkeypatch.setattr(
        ImportRun.objects,
        "filter",
        lambda **kwargs: beats.append(threading.current_thread().name) or StillRunning(),
    )
    with tasks.heartbeat(run.pk, Status.RUNNING):
        threading.Event().wait(2.5)
    assert beats.count(f"import-run-{run.pk}-heartbeat") >= 2


def test_a_run_marked_failed_while_its_worker_goes_on_stops_writing(
    editor_client, previewed, commits, no_worker, monkeypatch, settings
):
    """Its heartbeat was missed (a stalled machine), the run marked failed; then the worker
    wakes: it writes nothing more, and keeps the upload to be imported again."""
    run = previewed()
    with commits():
        editor_client.post(reverse("import_posts:confirm", args=[run.pk]))
    recorded = runner.Recorder.__call__

    def record_then_stall(self, done, total, result):
        recorded(self, done, total, result)
        if done == 2:
            stale = timezone.now() - settings.IMPORTER_RUN_STALE_AFTER - dt.timedelta(seconds=1)
            ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=stale)
            runs.mark_stale()

    monkeypatch.setattr(runner.Recorder, "__call__", record_then_stall)
    run_import.call(run.pk)
    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert "2 of 5 files were done" in run.error
    assert run.posts.filter(dry_run=False).count() == 2
    assert run.folder and os.path.isdir(run.folder)


def test_a_dead_runs_worker_never_deletes_the_upload_imported_again(site_tree, tmp_path, settings):
    settings.IMPORTER_UPLOAD_ROOT = tmp_path / "uploads"
    folder = settings.IMPORTER_UPLOAD_ROOT / "upload-1"
    folder.mkdir(parents=True)
    dead = ImportRun.objects.create(
        parent=site_tree.blog,
        upload_name="a.zip",
        status=Status.FAILED,
        started_at=timezone.now(),
        folder=str(folder),
    )
    again = runs.import_again(ImportRun.objects.get(pk=dead.pk), user=None)
    tasks.stop(dead, Status.RUNNING, "The worker was stopped.")  # its worker, later
    assert folder.is_dir()
    again.refresh_from_db()
    assert again.folder == str(folder)


def test_the_heartbeat_stops_the_work_of_a_run_taken_over(site_tree, settings, monkeypatch):
    settings.IMPORTER_RUN_STALE_AFTER = dt.timedelta(seconds=6)  # a beat a second
    beats = []
    # The run is no longer running: the heartbeat's update matches no row.
    monkeypatch.setattr(
        ImportRun.objects, "filter", lambda **kwargs: beats.append(1) or ImportRun.objects.none()
    )
    with pytest.raises(runner.RunLost), tasks.heartbeat(42, Status.RUNNING):
        threading.Event().wait(2.5)
    assert len(beats) == 1  # and it stopped beating


def test_a_preview_never_started_cannot_be_imported_again(
    editor_client, site_tree, tmp_path, settings, no_worker
):
    """A preview stopped by a signal keeps its upload, but nobody confirmed it."""
    settings.IMPORTER_UPLOAD_ROOT = tmp_path / "uploads"
    upload(editor_client, zip_of(eleventy_site(tmp_path / "old-site")))
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(status=Status.FAILED)
    response = editor_client.post(reverse("import_posts:again", args=[run.pk]), follow=True)
    assert "Only a failed run that had started" in response.content.decode()
    assert ImportRun.objects.count() == 1
    assert BlogPage.objects.count() == 0


def test_a_preview_no_worker_picks_up_can_be_cancelled_and_goes_stale(
    editor_client, site_tree, tmp_path, settings, no_worker
):
    settings.IMPORTER_UPLOAD_ROOT = tmp_path / "uploads"
    data = zip_of(eleventy_site(tmp_path / "old-site"))
    upload(editor_client, data)
    waiting = ImportRun.objects.get()
    page = editor_client.get(reverse("import_posts:run", args=[waiting.pk])).content.decode()
    assert reverse("import_posts:cancel", args=[waiting.pk]) in page
    editor_client.post(reverse("import_posts:cancel", args=[waiting.pk]))
    waiting.refresh_from_db()
    assert waiting.status == Status.CANCELLED
    assert waiting.folder == ""

    upload(editor_client, data)
    forgotten = ImportRun.objects.latest("pk")
    long_ago = timezone.now() - settings.IMPORTER_RUN_STALE_AFTER - dt.timedelta(seconds=1)
    ImportRun.objects.filter(pk=forgotten.pk).update(created_at=long_ago)
    state = editor_client.get(reverse("import_posts:progress", args=[forgotten.pk])).json()
    assert state["status"] == "failed"
    forgotten.refresh_from_db()
    assert "No worker picked up the preview" in forgotten.error
    assert forgotten.folder == ""


def test_one_import_at_a_time_across_all_blogs(editor_client, previewed, commits, no_worker):
    """Runs into two blogs may share posts: an ImportedPost's source path is one site-wide."""
    running, other = previewed(), previewed()
    news = BlogIndexPage(title="News", slug="news")
    BlogIndexPage.objects.get().get_parent().add_child(instance=news)
    ImportRun.objects.filter(pk=running.pk).update(status=Status.RUNNING)
    with pytest.raises(IntegrityError), transaction.atomic():
        ImportRun.objects.create(parent=news, upload_name="b.zip", status=Status.QUEUED)

    ImportRun.objects.filter(pk=other.pk).update(parent=news)
    with commits():
        response = editor_client.post(reverse("import_posts:confirm", args=[other.pk]), follow=True)
    assert "Another import (old-site.zip into Blog by editor) is waiting or running" in (
        response.content.decode()
    )
