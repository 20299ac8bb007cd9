"""Drafts and who did what: posts marked as drafts show as drafts (no public link) and can be
left out; every revision and log entry an import writes is its user's, from the command
(``--user``) and from the admin (whoever confirmed the run)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry, Revision

from blog.models import BlogPage
from importer.admin_import.models import ImportRun

from .helpers import run, write_post
from .old_site import upload, zip_of

Status = ImportRun.Status
PUBLISHED = "---\ntitle: Open every day\ndate: 2024-02-01\n---\nWe are open.\n"
DRAFT = "---\ntitle: Winter hours\ndate: 2024-03-01\ndraft: true\n---\nNot ready yet.\n"


@pytest.fixture
def posts(tmp_path):
    folder = tmp_path / "posts"
    write_post(folder, "open.md", PUBLISHED)
    write_post(folder, "winter.md", DRAFT)
    return folder


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def revisions_of(page):
    return Revision.objects.filter(object_id=str(page.pk), base_content_type__model="page")


def test_the_command_leaves_drafts_out_when_asked(site_tree, posts):
    run(posts, "--leave-out-drafts", verbosity=0)
    assert list(BlogPage.objects.values_list("title", flat=True)) == ["Open every day"]
    run(posts, verbosity=0)
    winter = BlogPage.objects.get(title="Winter hours")
    assert not winter.live


def test_the_commands_user_owns_every_revision_and_log_entry(site_tree, posts, django_user_model):
    author = django_user_model.objects.create_user("sam", "sam@example.com", "pw")
    run(posts, "--user", "sam", verbosity=0)
    page = BlogPage.objects.get(title="Open every day")
    assert page.owner == author
    assert {revision.user for revision in revisions_of(page)} == {author}
    entries = PageLogEntry.objects.filter(page=page)
    assert {entry.action for entry in entries} >= {"wagtail.create", "wagtail.publish"}
    assert {entry.user for entry in entries} == {author}

    write_post(posts, "open.md", PUBLISHED.replace("We are open.", "We are open late."))
    run(posts, "--user", "sam", verbosity=0)
    page.refresh_from_db()
    assert page.latest_revision.user == author
    assert {entry.user for entry in PageLogEntry.objects.filter(page=page)} == {author}

    with pytest.raises(CommandError, match="no user named 'nobody'"):
        run(posts, "--user", "nobody", verbosity=0)


@pytest.fixture
def migrator(django_user_model):
    person = django_user_model.objects.create_user("mira", "mira@example.com", "pw")
    person.groups.add(Group.objects.get(name="Migrators"))
    client = Client()
    client.force_login(person)
    return person, client


def test_drafts_show_as_drafts_and_the_confirmer_is_recorded(
    editor_client, migrator, site_tree, posts, commits, settings, tmp_path
):
    settings.IMPORTER_UPLOAD_ROOT = tmp_path / "uploads"
    with commits():
        upload(editor_client, zip_of(posts), name="posts.zip")
    preview = ImportRun.objects.get()
    assert preview.status == Status.PREVIEWED, preview.error
    page = editor_client.get(reverse("import_posts:run", args=[preview.pk])).content.decode()
    winter = page.split("Winter hours")[1].split("</tr>")[0]
    assert ">draft<" in winter.replace(" ", "").replace("\n", "")
    assert "Not published" in winter

    # Another person confirms the editor's preview: the run and its pages are theirs.
    person, client = migrator
    with commits():
        client.post(reverse("import_posts:confirm", args=[preview.pk]))
    preview.refresh_from_db()
    assert preview.status == Status.FINISHED, preview.error
    assert preview.confirmed_by == person and preview.user.get_username() == "editor"
    for post in BlogPage.objects.all():
        assert {revision.user for revision in revisions_of(post)} == {person}
        assert {entry.user for entry in PageLogEntry.objects.filter(page=post)} == {person}

    page = client.get(reverse("import_posts:run", args=[preview.pk])).content.decode()
    assert "uploaded by <strong>editor</strong>" in page
    assert "confirmed by <strong>mira</strong>" in page
    winter = page.split("Winter hours")[1].split("</tr>")[0]
    draft_page = BlogPage.objects.get(title="Winter hours")
    assert not draft_page.live
    assert f'href="{draft_page.url}"' not in winter  # no public link to a page no one can visit
    assert "Not published" in winter
    opened = page.split("Open every day")[1].split("</tr>")[0]
    assert f'href="{BlogPage.objects.get(title="Open every day").url}"' in opened


def test_the_admin_can_leave_drafts_out(
    editor_client, site_tree, posts, commits, settings, tmp_path
):
    settings.IMPORTER_UPLOAD_ROOT = tmp_path / "uploads"
    with commits():
        upload(editor_client, zip_of(posts), name="posts.zip", drafts="leave_out")
    run_ = ImportRun.objects.get()
    assert run_.options["leave_out_drafts"] is True
    statuses = {post.source: post.status for post in run_.posts.all()}
    assert statuses == {"posts/open.md": "created", "posts/winter.md": "skipped"}
    page = editor_client.get(reverse("import_posts:run", args=[run_.pk])).content.decode()
    winter = page.split("Winter hours")[1].split("</tr>")[0]
    assert "left out" in winter and "A draft on the old site; left out, as asked." in winter
    assert "Not published" not in winter  # it has no page at all
    with commits():
        editor_client.post(reverse("import_posts:confirm", args=[run_.pk]))
    assert list(BlogPage.objects.values_list("title", flat=True)) == ["Open every day"]


def test_the_upload_form_says_what_the_draft_choices_do(editor_client, site_tree):
    page = editor_client.get(reverse("import_posts:index")).content.decode()
    assert "Posts marked as drafts on the old site" in page
    assert "Leave them out" in page
    assert "Without this, the drafts folder is left out." in page
