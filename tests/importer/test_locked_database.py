"""A post whose write meets a locked database is written again a few times, waiting longer
each time; then it fails alone, and the run goes on."""

import json

import pytest
from django.core.management import CommandError
from django.db import OperationalError
from django.urls import reverse

from blog.models import BlogPage
from importer.admin_import.models import ImportRun, ImportRunPost
from importer.admin_import.tasks import preview_import, run_import
from importer.write import retry, writer
from importer.write.retry import retry_when_locked

from .helpers import run, write_png, write_post
from .old_site import upload, zip_of

LOCKED = OperationalError("database is locked")


def failing(times, error=LOCKED, then="written"):
    calls = []

    def write():
        calls.append(len(calls))
        if len(calls) <= times:
            raise error
        return then

    return write, calls


def test_a_write_is_tried_again_while_the_database_is_locked_waiting_longer_each_time():
    write, calls = failing(2)
    waits, resets = [], []

    assert (
        retry_when_locked(write, before_retry=lambda: resets.append(1), sleep=waits.append)
        == "written"
    )
    assert len(calls) == 3 and waits == [0.5, 1.0] and len(resets) == 2


def test_a_database_locked_for_good_fails_the_write_after_a_few_attempts():
    write, calls = failing(100)
    waits = []

    with pytest.raises(OperationalError, match="locked"):
        retry_when_locked(write, sleep=waits.append)
    assert len(calls) == retry.ATTEMPTS and waits == [0.5, 1.0, 2.0]


def test_other_database_errors_are_not_tried_again():
    write, calls = failing(1, OperationalError("no such table: blog_blogpage"))

    with pytest.raises(OperationalError, match="no such table"):
        retry_when_locked(write, sleep=lambda seconds: None)
    assert len(calls) == 1


@pytest.fixture
def locked_writes(monkeypatch):
    """Creating a page meets a locked database the first `times[title]` times for that title."""
    monkeypatch.setattr(retry, "FIRST_WAIT", 0)
    times = {}
    real = writer.create_page

    def create_page(parent, content, *args, **kwargs):
        title = content.post.title
        if times.get(title, 0) > 0:
            times[title] -= 1
            raise OperationalError("database is locked")
        return real(parent, content, *args, **kwargs)

    monkeypatch.setattr(writer, "create_page", create_page)
    return times


def test_a_post_is_written_once_the_database_is_free_and_the_others_go_on(
    site_tree, tmp_path, locked_writes
):
    posts = tmp_path / "posts"
    write_png(posts / "room.png")
    for title in ("Busy", "Stuck", "Calm"):
        write_post(
            posts,
            f"{title.lower()}.md",
            f"---\ntitle: {title}\ndate: 2025-01-01\n---\n![A room](room.png)\n\n![x](gone.png)\n",
        )
    locked_writes.update({"Busy": 2, "Stuck": 100})

    with pytest.raises(CommandError, match="1 of 3 post"):
        run(posts, "--report", tmp_path / "report.json")

    report = json.loads((tmp_path / "report.json").read_text())

    rows = {row["source"].rpartition("/")[2]: row for row in report["posts"]}
    assert rows["busy.md"]["status"] == "created"
    # The attempts that failed left no warning behind twice.
    assert len(rows["busy.md"]["warnings"]) == 1
    assert rows["stuck.md"]["status"] == "failed"
    assert "database is locked" in rows["stuck.md"]["error"]
    assert rows["calm.md"]["status"] == "created"
    assert sorted(BlogPage.objects.values_list("title", flat=True)) == ["Busy", "Calm"]


def test_an_admin_run_waits_for_a_locked_database_to_record_its_rows(
    editor_client, site_tree, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    settings.IMPORTER_UPLOAD_ROOT = tmp_path / "uploads"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    posts = tmp_path / "posts"
    write_post(posts, "hello.md", "---\ntitle: Hello\ndate: 2024-01-01\n---\nHello there.\n")
    with django_capture_on_commit_callbacks(execute=True):
        upload(editor_client, zip_of(posts))
    run = ImportRun.objects.get()
    preview_import.call(run.pk)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("import_posts:confirm", args=[run.pk]))
    monkeypatch.setattr(retry, "FIRST_WAIT", 0)
    create = ImportRunPost.objects.create
    busy = [OperationalError("database is locked")] * 2

    def create_when_free(**fields):
        if busy:
            raise busy.pop()
        return create(**fields)

    monkeypatch.setattr(ImportRunPost.objects, "create", create_when_free)

    run_import.call(run.pk)

    run.refresh_from_db()
    assert run.status == ImportRun.Status.FINISHED, run.error
    assert not busy
    assert run.posts.filter(dry_run=False).get().status == "created"
