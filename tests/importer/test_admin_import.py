"""Import posts from the admin: upload an old site, see the preview, confirm, read the report.

The test settings run tasks at once (the immediate backend), when the request that queues them
commits: `django_capture_on_commit_callbacks(execute=True)` stands in for that commit.
"""

import io
import json
import os
import random
import re
import string
import time
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from blog.models import BlogPage
from importer.admin_import import archive, uploads
from importer.admin_import.models import ImportRun
from importer.models import ImportedPost

from .old_site import eleventy_site, tar_gz_of, upload, zip_of

Status = ImportRun.Status


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run what a request queued for after its commit (the tasks), as the commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def upload_root(settings, tmp_path):
    settings.IMPORTER_UPLOAD_ROOT = tmp_path / "uploads"
    return settings.IMPORTER_UPLOAD_ROOT


def preview_of(client, commits, data, name="old-site.zip", **fields) -> ImportRun:
    with commits():
        response = upload(client, data, name, **fields)
    assert response.status_code == 302, response.content.decode()[:3000]
    run = ImportRun.objects.latest("pk")
    assert response["Location"] == reverse("import_posts:run", args=[run.pk])
    return run


def rows(run, dry_run=True):
    return {post.source: post for post in run.posts.filter(dry_run=dry_run)}


def confirm(client, commits, run):
    with commits():
        response = client.post(reverse("import_posts:confirm", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    return run


@pytest.fixture
def first_import(site_tree, tmp_path):
    """The old site imported once with the command, and one of its posts changed since by an
    editor; then the site changes that post too (the upload is the site as it is now)."""
    site = eleventy_site(tmp_path / "old-site")
    with pytest.raises(CommandError, match="1 of 5 post"):  # the broken post
        call_command("import_posts", str(site), verbosity=0)
    page = BlogPage.objects.get(slug="desk-stretches")
    page.title = "Stretches for desk workers (edited)"
    page.save_revision().publish()
    eleventy_site(site, edited_words="slowly, twice a day")
    (site / "src/blog/regular-massage.md").touch()
    return site


def test_the_preview_shows_what_the_import_would_do_and_saves_nothing(
    editor_client, site_tree, upload_root, commits, tmp_path
):
    site = eleventy_site(tmp_path / "old-site")
    run = preview_of(editor_client, commits, zip_of(site))

    assert run.status == Status.PREVIEWED, run.error
    assert BlogPage.objects.count() == 0
    assert run.analysis["sites"][0]["generator"] == "eleventy"
    assert run.analysis["posts"] == 2
    assert [row["source"] for row in run.analysis["failures"]] == ["old-site/src/blog/broken.md"]
    found = rows(run)
    assert {source: post.status for source, post in found.items()} == {
        "old-site/src/blog/regular-massage.md": "created",
        "old-site/src/blog/desk-stretches.md": "created",
        "old-site/src/blog/broken.md": "failed",
        "old-site/src/about.md": "skipped",
        "old-site/README.md": "skipped",
    }
    massage = found["old-site/src/blog/regular-massage.md"]
    assert massage.url == "/blog/regular-massage/"
    assert massage.coverage == 1.0
    assert massage.row["repairs"][0]["after"].startswith("It’s easier")
    assert "front matter is invalid" in found["old-site/src/blog/broken.md"].row["error"]
    assert run.preview_summary["created"] == 2 and run.preview_summary["failed"] == 1

    page = editor_client.get(reverse("import_posts:run", args=[run.pk])).content.decode()
    assert "Eleventy" in page
    assert "Why regular massage helps" in page
    assert "/blog/regular-massage/" in re.sub(r"<[^>]+>", "", page)  # wrapped at its slashes
    assert "100%" in page
    assert ">fails<" in page.replace(" ", "").replace("\n", "")
    assert "Import these posts" in page


def test_the_preview_marks_conflicts_and_unchanged_posts(
    editor_client, first_import, upload_root, commits
):
    run = preview_of(editor_client, commits, zip_of(first_import))
    statuses = {source: post.status for source, post in rows(run).items()}
    assert statuses["old-site/src/blog/desk-stretches.md"] == "conflict"
    assert statuses["old-site/src/blog/regular-massage.md"] == "unchanged"
    page = editor_client.get(reverse("import_posts:run", args=[run.pk])).content.decode()
    assert "conflict" in page


def test_the_before_and_after_view(editor_client, site_tree, upload_root, commits, tmp_path):
    site = eleventy_site(tmp_path / "old-site")
    run = preview_of(editor_client, commits, zip_of(site))
    post = rows(run)["old-site/src/blog/regular-massage.md"]
    args = [run.pk, post.pk]

    page = editor_client.get(reverse("import_posts:post", args=args)).content.decode()
    assert reverse("import_posts:before", args=args) in page
    assert reverse("import_posts:after", args=args) in page
    assert "Repaired lines" in page
    assert "It’s easier to stay loose" in page  # the repaired line, as the page will have it

    before = editor_client.get(reverse("import_posts:before", args=args))
    assert before["X-Frame-Options"] == "SAMEORIGIN"
    assert "default-src 'none'" in before["Content-Security-Policy"]
    # As the old site showed it: rendered from Markdown, damage and all.
    assert "<h2>What to expect</h2>" in before.content.decode()
    assert "It‚Äôs easier" in before.content.decode()

    after = editor_client.get(reverse("import_posts:after", args=args)).content.decode()
    assert "It’s easier to stay loose" in after
    assert 'class="booking-cta' in after
    assert 'href="https://stonemassage.ca/book/"' in after
    assert "/static/css/site.css" in after


def test_the_old_post_is_never_shown_as_its_own_html(
    editor_client, site_tree, upload_root, commits, tmp_path
):
    site = tmp_path / "posts"
    site.mkdir()
    (site / "hostile.md").write_text(
        "---\ntitle: Hostile\ndate: 2024-01-01\n---\n"
        "Hello <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n"
        '<a href="javascript:alert(3)">click</a> <iframe src="https://evil.example/"></iframe>\n\n'
        "<style>body{display:none}</style><form action=/x><input name=q></form>\n\n"
        "<!--><script>alert(4)</script>--> <![CDATA[<script>alert(5)</script>]]>\n"
    )
    run = preview_of(editor_client, commits, zip_of(site), name="posts.zip")
    post = rows(run)["posts/hostile.md"]
    before = editor_client.get(reverse("import_posts:before", args=[run.pk, post.pk]))
    html = before.content.decode().lower()
    body = html[html.index("<main") :]
    for unsafe in ("<script", "onerror", "javascript:", "<iframe", "<img", "<style", "<form", "<!"):
        assert unsafe not in body
    assert "hello" in body
    assert "[picture (x)]" in body
    assert "[embedded iframe (https://evil.example/)]" in body


def test_confirming_imports_in_the_background_and_reports(
    editor_client, site_tree, upload_root, commits, tmp_path
):
    site = eleventy_site(tmp_path / "old-site")
    run = preview_of(editor_client, commits, zip_of(site), draft="on")
    folder = run.folder
    run = confirm(editor_client, commits, run)

    assert run.status == Status.FINISHED, run.error
    assert run.summary["created"] == 2 and run.summary["failed"] == 1
    assert run.finished_at and run.started_at
    done = rows(run, dry_run=False)
    massage = done["old-site/src/blog/regular-massage.md"]
    page = BlogPage.objects.get(pk=massage.page_id)
    assert page.title == "Why regular massage helps"
    assert not page.live  # the "draft" option, as --draft
    assert [block.block_type for block in page.body][-1] == "booking_cta"
    assert page.feature_image is not None
    assert ImportedPost.objects.get(page=page).source_path == "blog/regular-massage.md"
    # The upload is gone once the run ends.
    assert run.folder == ""
    assert not os.path.exists(folder)

    report_page = editor_client.get(reverse("import_posts:run", args=[run.pk])).content.decode()
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[page.pk])}"' in report_page
    assert "What the import did" in report_page
    assert "Download the JSON report" in report_page

    response = editor_client.get(reverse("import_posts:report", args=[run.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="import-{run.pk}.json"'
    report = json.loads(response.content)
    assert report["summary"]["created"] == 2
    assert report["dry_run"] is False
    by_source = {row["source"]: row for row in report["posts"]}
    assert by_source["old-site/src/blog/regular-massage.md"]["page_id"] == page.pk
    assert set(by_source["old-site/src/blog/broken.md"]) >= {
        "source", "status", "page_id", "url", "live", "repairs", "warnings", "error", "coverage"
    }  # fmt: skip


def test_editors_changes_are_kept_unless_forced(editor_client, first_import, upload_root, commits):
    run = preview_of(editor_client, commits, zip_of(first_import))
    assert run.preview_summary["conflict"] == 1 and run.preview_summary["unchanged"] == 1
    # Nothing but conflicts: nothing to import as it is, and the page says so.
    page = editor_client.get(reverse("import_posts:run", args=[run.pk])).content.decode()
    assert "changed on the old site, but editors have changed their pages" in page
    assert "Import these posts" not in page
    assert "--force" not in page
    run = confirm(editor_client, commits, run)
    assert run.status == Status.PREVIEWED
    assert BlogPage.objects.get(slug="desk-stretches").title.endswith("(edited)")

    forced = preview_of(editor_client, commits, zip_of(first_import), force="on")
    assert rows(forced)["old-site/src/blog/desk-stretches.md"].status == "updated"
    confirm(editor_client, commits, forced)
    page = BlogPage.objects.get(slug="desk-stretches")
    assert page.title == "Stretches for desk workers"
    assert "twice a day" in str(page.body)


def test_a_tar_gz_of_a_posts_folder_imports_too(
    editor_client, site_tree, upload_root, commits, tmp_path
):
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "hello.md").write_text("---\ntitle: Hello\ndate: 2024-01-01\n---\nHello there.\n")
    run = preview_of(editor_client, commits, tar_gz_of(posts), name="posts.tar.gz")
    run = confirm(editor_client, commits, run)
    assert run.status == Status.FINISHED, run.error
    assert BlogPage.objects.get().title == "Hello"
    # Known by its folder's name, as `import_posts posts` would know it.
    assert ImportedPost.objects.get().source_path == "posts/hello.md"


def test_an_oversized_upload_is_refused(editor_client, site_tree, upload_root, commits, settings):
    settings.IMPORTER_UPLOAD_MAX_BYTES = 50_000
    with commits():
        response = upload(editor_client, os.urandom(60_000), "old-site.zip")
    assert response.status_code == 200
    assert "larger than the 48.8281 KB an upload may have" in response.content.decode()
    assert ImportRun.objects.count() == 0
    assert not upload_root.exists() or list(upload_root.iterdir()) == []


def test_a_zip_slip_upload_is_refused_and_leaves_nothing(
    editor_client, site_tree, upload_root, commits, tmp_path
):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("old-site/post.md", "---\ntitle: A\n---\nA\n")
        archive.writestr("../../escaped.md", "owned")
    with commits():
        response = upload(editor_client, buffer.getvalue())
    assert response.status_code == 200
    assert "outside itself" in response.content.decode()
    assert ImportRun.objects.count() == 0
    assert list(upload_root.iterdir()) == []
    assert list(tmp_path.rglob("escaped.md")) == []


def test_a_preview_that_stops_says_why_and_drops_the_upload(
    editor_client, site_tree, upload_root, commits, tmp_path
):
    site = eleventy_site(tmp_path / "old-site")
    run = preview_of(editor_client, commits, zip_of(site), old_url="/blog/{title}/")
    assert run.status == Status.FAILED
    assert "{title}" in run.error
    assert run.folder == ""
    assert list(upload_root.iterdir()) == []


def test_cancelling_a_preview_drops_its_upload(
    editor_client, site_tree, upload_root, commits, tmp_path
):
    run = preview_of(editor_client, commits, zip_of(eleventy_site(tmp_path / "old-site")))
    folder = run.folder
    editor_client.post(reverse("import_posts:cancel", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == Status.CANCELLED and run.error == ""
    assert not os.path.exists(folder)
    response = editor_client.post(reverse("import_posts:confirm", args=[run.pk]), follow=True)
    assert "has been deleted" in response.content.decode()
    assert BlogPage.objects.count() == 0


def test_uploads_left_behind_are_deleted_on_the_next_upload(
    editor_client, site_tree, upload_root, commits, tmp_path, settings
):
    site = zip_of(eleventy_site(tmp_path / "old-site"))
    forgotten = preview_of(editor_client, commits, site)  # previewed, never confirmed
    waiting = preview_of(editor_client, commits, site)
    ImportRun.objects.filter(pk=waiting.pk).update(status=Status.QUEUED)  # a run's, in use
    stray = upload_root / "upload-stray"
    stray.mkdir()
    day_old = time.time() - settings.IMPORTER_UPLOAD_MAX_AGE.total_seconds() - 60
    for folder in (forgotten.folder, waiting.folder, stray):
        os.utime(folder, (day_old, day_old))

    fresh = preview_of(editor_client, commits, site)

    assert not os.path.exists(forgotten.folder)
    assert not stray.exists()
    assert os.path.exists(waiting.folder)
    assert os.path.exists(fresh.folder)
    forgotten.refresh_from_db()
    assert forgotten.folder == ""


def test_the_upload_root_must_be_private(settings, tmp_path):
    settings.IMPORTER_UPLOAD_ROOT = tmp_path / "shared"
    settings.IMPORTER_UPLOAD_ROOT.mkdir(mode=0o777)
    settings.IMPORTER_UPLOAD_ROOT.chmod(0o777)
    with pytest.raises(uploads.UploadRootUnsafe):
        uploads.upload_root()
    link = tmp_path / "link"
    link.symlink_to(tmp_path)
    settings.IMPORTER_UPLOAD_ROOT = link
    with pytest.raises(uploads.UploadRootUnsafe):
        uploads.upload_root()


def test_progress_is_reported_as_json(editor_client, site_tree, upload_root, commits, tmp_path):
    run = preview_of(editor_client, commits, zip_of(eleventy_site(tmp_path / "old-site")))
    state = editor_client.get(reverse("import_posts:progress", args=[run.pk])).json()
    assert state == {
        "status": "previewed",
        "stopping": False,
        "label": "Ready to import",
        "done": 5,
        "total": 5,
        "text": "5 of 5 files",
        "counts": {},
    }


def test_past_runs_are_listed_with_who_when_options_and_summary(
    editor_client, site_tree, upload_root, commits, tmp_path
):
    site = zip_of(eleventy_site(tmp_path / "old-site"))
    confirm(editor_client, commits, preview_of(editor_client, commits, site, draft="on"))
    page = editor_client.get(reverse("import_posts:index")).content.decode()
    assert "old-site.zip" in page
    assert "editor" in page
    assert "as drafts" in page
    assert "2 created, 1 failed" in page
    assert "Finished" in page


def test_an_upload_without_the_csrf_token_is_refused(site_tree, upload_root, django_user_model):
    """The upload is read by its own handler (to count its bytes as they come), so the view
    checks the CSRF token itself, after setting it up: it still does."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = upload(client, b"PK\x05\x06" + b"\0" * 18)
    assert response.status_code == 403
    assert ImportRun.objects.count() == 0


def test_an_upload_with_a_very_long_name_is_unpacked(
    editor_client, site_tree, upload_root, commits, tmp_path
):
    site = zip_of(eleventy_site(tmp_path / "old-site"))
    run = preview_of(editor_client, commits, site, name="é" * 200 + ".zip")
    assert run.status == Status.PREVIEWED, run.error
    assert [len(path.name.encode()) for path in Path(run.folder).iterdir()] == [100]


def test_an_upload_that_fails_unexpectedly_leaves_nothing(
    editor_client, site_tree, upload_root, commits, tmp_path, monkeypatch
):
    written = archive.Writer.file

    def write_then_fail(self, relative, chunks):
        written(self, relative, chunks)
        raise RuntimeError("the disk failed")

    monkeypatch.setattr(archive.Writer, "file", write_then_fail)
    editor_client.raise_request_exception = False
    with commits():
        response = upload(editor_client, zip_of(eleventy_site(tmp_path / "old-site")))
    assert response.status_code == 500
    assert ImportRun.objects.count() == 0
    assert list(upload_root.iterdir()) == []


def test_an_upload_root_that_is_a_link_is_never_followed(site_tree, settings, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "photos").mkdir(parents=True)
    day_old = time.time() - settings.IMPORTER_UPLOAD_MAX_AGE.total_seconds() - 60
    os.utime(elsewhere / "photos", (day_old, day_old))
    settings.IMPORTER_UPLOAD_ROOT = tmp_path / "clinic-blog-imports"
    settings.IMPORTER_UPLOAD_ROOT.symlink_to(elsewhere)
    with pytest.raises(uploads.UploadRootUnsafe):
        uploads.remove_stale()
    assert (elsewhere / "photos").is_dir()


@pytest.fixture
def undeletable(tmp_path):
    """Makes a folder too deep for shutil.rmtree in `folder` (it recurses once per level, and
    stops at Python's recursion limit); then deletes it, a level at a time."""
    made = []

    def make(folder):
        path = Path(folder)
        for _ in range(1200):
            path = path / "a"
            path.mkdir()
            made.append(path)

    yield make
    for path in reversed(made):
        path.rmdir()


def test_an_upload_that_cannot_be_deleted_never_stops_the_next(
    editor_client, site_tree, upload_root, commits, tmp_path, settings, undeletable, caplog
):
    site = zip_of(eleventy_site(tmp_path / "old-site"))
    forgotten = preview_of(editor_client, commits, site)
    undeletable(forgotten.folder)
    day_old = time.time() - settings.IMPORTER_UPLOAD_MAX_AGE.total_seconds() - 60
    os.utime(forgotten.folder, (day_old, day_old))

    fresh = preview_of(editor_client, commits, site)
    assert fresh.status == Status.PREVIEWED
    assert "could not be deleted" in caplog.text
    uploads.remove(forgotten)  # nor does deleting a run's upload raise
    forgotten.refresh_from_db()
    assert forgotten.folder == ""


def test_the_before_view_is_built_by_the_preview_and_outlives_the_upload(
    editor_client, site_tree, upload_root, commits, tmp_path, monkeypatch
):
    from importer.admin_import import compare

    site = eleventy_site(tmp_path / "old-site")
    run = preview_of(editor_client, commits, zip_of(site))
    run = confirm(editor_client, commits, run)
    assert run.status == Status.FINISHED and run.folder == ""  # the upload is deleted

    def never(*args):
        raise AssertionError("the old post was rendered in the web request")

    monkeypatch.setattr(compare, "old_post_html", never)
    for dry_run in (True, False):
        post = rows(run, dry_run=dry_run)["old-site/src/blog/regular-massage.md"]
        before = editor_client.get(reverse("import_posts:before", args=[run.pk, post.pk]))
        assert "<h2>What to expect</h2>" in before.content.decode()


def test_the_before_view_of_a_file_the_preview_refused_renders_nothing(
    editor_client, site_tree, upload_root, commits, tmp_path
):
    site = tmp_path / "posts"
    site.mkdir()
    noise = random.Random(1)
    words = ("".join(noise.choices(string.ascii_lowercase, k=60)) for _ in range(40_000))
    # Over the 2 MB a post may have, and text that hardly compresses (within the ratio).
    (site / "huge.md").write_text(
        "---\ntitle: Huge\ndate: 2024-01-01\n---\n" + "".join(f"# Heading {w}\n" for w in words)
    )
    (site / "fine.md").write_text(
        "---js\nconst title = 'Fine';\nconst date = '2024-01-02';\n---\nHi"
    )
    run = preview_of(editor_client, commits, zip_of(site), name="posts.zip")
    huge, fine = rows(run)["posts/huge.md"], rows(run)["posts/fine.md"]
    assert huge.status == "failed"
    started = time.process_time()
    before = editor_client.get(reverse("import_posts:before", args=[run.pk, huge.pk]))
    assert time.process_time() - started < 2
    body = before.content.decode()
    assert "larger than the 2.0 MB a post may have" in body
    assert "<h1>" not in body and "Heading" not in body

    # JavaScript front matter shows as front matter, never as a heading of the post.
    before = editor_client.get(reverse("import_posts:before", args=[run.pk, fine.pk]))
    body = before.content.decode()
    assert '<pre class="front-matter">const title = &#x27;Fine&#x27;;' in body
    assert "<h2>" not in body and "<p>Hi</p>" in body
