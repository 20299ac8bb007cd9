"""One import at a time, whether it comes from the command line or the admin: each refuses
while the other is under way, saying which import is in the way."""

import pytest
from django.core.management import CommandError
from django.urls import reverse

from blog.models import BlogPage
from importer.admin_import import runs
from importer.admin_import.models import ImportRun

from .helpers import run, write_post

Status = ImportRun.Status


@pytest.fixture
def posts(tmp_path):
    folder = tmp_path / "posts"
    write_post(folder, "hello.md", "---\ntitle: Hello\ndate: 2024-01-01\n---\nHello.\n")
    return folder


def test_the_command_is_refused_while_an_admin_import_runs(site_tree, posts, django_user_model):
    admin = django_user_model.objects.create_user("ada", "ada@example.com", "pw")
    ImportRun.objects.create(
        parent=site_tree.blog, user=admin, upload_name="old-site.zip", status=Status.RUNNING
    )
    with pytest.raises(CommandError, match=r"Another import \(old-site.zip into Blog by ada\)"):
        run(posts, verbosity=0)
    assert BlogPage.objects.count() == 0
    # A dry run writes nothing, and may go ahead.
    run(posts, "--dry-run", verbosity=0)


def test_the_admin_is_refused_while_a_command_line_import_runs(
    editor_client, site_tree, django_user_model
):
    previewed = ImportRun.objects.create(
        parent=site_tree.blog,
        upload_name="old-site.zip",
        status=Status.PREVIEWED,
        folder="/nowhere/upload-x",
        preview_summary={"created": 1},
    )
    sam = django_user_model.objects.create_user("sam", "sam@example.com", "pw")
    with runs.command_run(site_tree.blog, sam, ["posts"]) as command:
        response = editor_client.post(
            reverse("import_posts:confirm", args=[previewed.pk]), follow=True
        )
        assert "Another import (a command-line import into Blog by sam)" in (
            response.content.decode()
        )
        previewed.refresh_from_db()
        assert previewed.status == Status.PREVIEWED
        # ... and a second command, too.
        with pytest.raises(runs.Refused), runs.command_run(site_tree.blog, sam, ["posts"]):
            pass
    command.refresh_from_db()
    assert command.status == Status.FINISHED


def test_a_command_line_import_is_listed_with_its_user_and_counts(
    editor_client, site_tree, posts, django_user_model
):
    django_user_model.objects.create_user("sam", "sam@example.com", "pw")
    run(posts, "--user", "sam", verbosity=0)
    listed = ImportRun.objects.get()
    assert listed.from_command and listed.status == Status.FINISHED
    assert listed.user.get_username() == "sam"
    assert listed.summary["created"] == 1
    page = editor_client.get(reverse("import_posts:index")).content.decode()
    assert f"import_posts {posts}" in page
    assert "1 created" in page
