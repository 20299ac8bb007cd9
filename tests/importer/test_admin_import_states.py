"""Each state of an admin import reads as what it is: its badge, what it means and what to do
next; nothing to import is not "ready", a cancel is no failure, a running import can be
stopped, and the importer's reasons are sentences in the admin's words."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from blog.models import BlogPage
from importer.admin_import import runner, runs
from importer.admin_import.models import ImportRun
from importer.admin_import.tasks import run_import
from importer.admin_import.wording import readable
from importer.write.writer import CONFLICT

from .helpers import write_post
from .old_site import eleventy_site, upload, zip_of

Status = ImportRun.Status


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(autouse=True)
def upload_root(settings, tmp_path):
    settings.IMPORTER_UPLOAD_ROOT = tmp_path / "uploads"


def preview(client, commits, folder, **fields) -> ImportRun:
    with commits():
        upload(client, zip_of(folder), **fields)
    run = ImportRun.objects.latest("pk")
    assert run.status == Status.PREVIEWED, run.error
    return run


def page_of(client, run) -> str:
    return client.get(reverse("import_posts:run", args=[run.pk])).content.decode()


def flashed(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_an_upload_without_posts_has_nothing_to_import(editor_client, site_tree, commits, tmp_path):
    site = tmp_path / "old-site"
    write_post(site, "README.md", "# Nothing but a readme\n")
    write_post(site, "notes.txt", "not a post\n")
    run = preview(editor_client, commits, site)

    page = page_of(editor_client, run)
    assert "Nothing to import" in page
    assert "The upload holds no posts" in page
    assert "Import these posts" not in page
    assert "Ready to import" not in page
    with commits():
        response = editor_client.post(reverse("import_posts:confirm", args=[run.pk]))
    assert "found nothing to import" in flashed(response)[0]
    run.refresh_from_db()
    assert run.status == Status.PREVIEWED


def test_an_upload_whose_posts_all_fail_is_not_ready(editor_client, site_tree, commits, tmp_path):
    site = tmp_path / "old-site"
    write_post(site, "posts/bad-date.md", "---\ntitle: Bad date\ndate: 2024-13-40\n---\nText.\n")
    write_post(site, "posts/broken.md", "---\ntitle: [never closed\n---\nText.\n")
    run = preview(editor_client, commits, site)

    page = page_of(editor_client, run)
    assert "Nothing can be imported" in page
    assert "All 2 posts would fail" in page
    assert "import-posts__status--critical" in page
    assert "Import these posts" not in page
    # Every reason is a sentence with its fix, never a bare exception.
    assert "Error:" not in page
    assert page.count("Fix:") >= 2


def test_an_unchanged_re_upload_has_nothing_to_import(editor_client, site_tree, commits, tmp_path):
    site = tmp_path / "old-site"
    write_post(site, "posts/hello.md", "---\ntitle: Hello\ndate: 2024-01-01\n---\nHello.\n")
    first = preview(editor_client, commits, site)
    with commits():
        response = editor_client.post(reverse("import_posts:confirm", args=[first.pk]))
    assert flashed(response) == [
        "Importing old-site.zip into Blog: this page follows the import, and you may leave it "
        "and come back."
    ]
    first.refresh_from_db()
    assert first.status == Status.FINISHED
    assert "Finished" in page_of(editor_client, first)

    again = preview(editor_client, commits, site)
    page = page_of(editor_client, again)
    assert "Every post is as it was when it was last imported" in page
    assert "Import these posts" not in page


def test_a_cancelled_preview_reads_as_cancelled(editor_client, site_tree, commits, tmp_path):
    run = preview(editor_client, commits, eleventy_site(tmp_path / "old-site"))
    response = editor_client.post(reverse("import_posts:cancel", args=[run.pk]))
    assert flashed(response) == ["The import of old-site.zip was cancelled; nothing was imported."]
    run.refresh_from_db()
    assert run.status == Status.CANCELLED

    page = page_of(editor_client, run)
    assert "Cancelled" in page
    assert "nothing was imported" in page
    assert "Failed" not in page
    assert "import-posts__status--critical" not in page.split("Posts</caption>")[0]
    listing = editor_client.get(reverse("import_posts:index")).content.decode()
    table = listing.split('<table class="listing">')[1]
    assert "Cancelled" in table and "Failed" not in table


def test_a_running_import_stops_between_posts_and_keeps_what_it_wrote(
    editor_client, site_tree, commits, tmp_path, monkeypatch, settings
):
    site = tmp_path / "old-site"
    for day in range(1, 5):
        post = f"---\ntitle: Day {day}\ndate: 2024-01-0{day}\n---\nText {day}.\n"
        write_post(site, f"posts/day-{day}.md", post)
    run = preview(editor_client, commits, site)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with commits():
        editor_client.post(reverse("import_posts:confirm", args=[run.pk]))
    run.refresh_from_db()
    # Right after confirming, nothing of the preview's progress is left to contradict the run.
    assert (run.status, run.done, run.total) == (Status.QUEUED, 0, 0)
    assert "Waiting for the worker" in page_of(editor_client, run)

    recorded = runner.Recorder.__call__
    seen = []

    def record_and_ask_to_stop(self, done, total, result):
        if done == 2:
            # Someone presses "Stop importing" while the second post is being written.
            response = editor_client.post(reverse("import_posts:stop", args=[run.pk]))
            seen.append(flashed(response))
            progress = editor_client.get(reverse("import_posts:progress", args=[run.pk])).json()
            seen.append(progress)
        recorded(self, done, total, result)

    monkeypatch.setattr(runner.Recorder, "__call__", record_and_ask_to_stop)
    run_import.call(run.pk)

    assert seen[0] == ["Stopping the import of old-site.zip once the post it is writing is saved."]
    assert seen[1]["label"] == "Stopping" and seen[1]["stopping"] is True
    # The bar and the counts are one figure: the rows stored so far.
    assert seen[1]["done"] == sum(seen[1]["counts"].values()) == 1
    run.refresh_from_db()
    assert run.status == Status.STOPPED
    assert BlogPage.objects.count() == 2  # the post being written when asked was finished
    assert run.posts.filter(dry_run=False).count() == 2
    assert run.summary["created"] == 2
    assert run.folder  # kept, to go on where it stopped
    page = page_of(editor_client, run)
    assert "Stopped" in page and "after 2 files of 4" in page
    assert "Day 1" in page and "Day 2" in page
    assert "Import again" in page

    again = runs.import_again(run, None)
    monkeypatch.setattr(runner.Recorder, "__call__", recorded)
    run_import.call(again.pk)
    again.refresh_from_db()
    assert again.status == Status.FINISHED
    assert BlogPage.objects.count() == 4


def test_a_run_that_is_not_running_cannot_be_stopped(editor_client, site_tree, commits, tmp_path):
    run = preview(editor_client, commits, eleventy_site(tmp_path / "old-site"))
    with pytest.raises(runs.Refused, match="not running"):
        runs.stop(run)


def test_the_admin_never_names_the_commands_options():
    assert "--force" not in readable(CONFLICT)
    assert readable(CONFLICT).startswith("The source changed")
    assert "--max-size" not in readable(
        "Post is too big. Fix: split the post, or raise the limit with --max-size if it "
        "really is one post."
    )
    assert readable("Image x.png was not found next to the post or under --assets; kept.") == (
        "Image x.png was not found next to the post or anywhere in the upload; kept."
    )
    assert readable("ValueError: month must be in 1..12") == (
        "Its date is not a real date (month must be in 1..12). Fix: correct the date in its "
        "front matter on the old site (YYYY-MM-DD), then upload the site again."
    )


def test_the_upload_button_is_wagtails_busy_button(editor_client, site_tree):
    page = editor_client.get(reverse("import_posts:index")).content.decode()
    button = page.split('type="submit"')[1].split("</button>")[0]
    assert "button-longrunning" in button
    assert 'data-controller="w-progress"' in button
    assert '<em data-w-progress-target="label">Upload and preview</em>' in button
