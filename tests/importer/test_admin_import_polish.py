"""The admin import's listing and rows as Wagtail's own: pagination and a status filter, paths
that wrap only between folders, whole error messages, and no "Edit" link a person can't use."""

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from importer.admin_import.models import ImportRun, ImportRunPost

from .helpers import run, write_post

Status = ImportRun.Status


def test_past_imports_are_paginated_and_filtered(editor_client, site_tree):
    for number in range(25):
        ImportRun.objects.create(
            parent=site_tree.blog,
            upload_name=f"site-{number:02}.zip",
            status=Status.CANCELLED if number % 5 == 0 else Status.FINISHED,
        )
    first = editor_client.get(reverse("import_posts:index")).content.decode()
    assert "site-24.zip" in first and "site-04.zip" not in first
    assert "Page 1 of 2" in first
    second = editor_client.get(reverse("import_posts:index") + "?p=2").content.decode()
    assert "site-04.zip" in second and "site-24.zip" not in second
    cancelled = editor_client.get(reverse("import_posts:index") + "?status=cancelled")
    page = cancelled.content.decode()
    assert page.count(".zip</a>") == 5 and "site-20.zip" in page and "site-21.zip" not in page


def test_rows_keep_whole_errors_and_paths_wrap_between_folders(editor_client, site_tree):
    run_ = ImportRun.objects.create(
        parent=site_tree.blog,
        upload_name="old.zip",
        status=Status.PREVIEWED,
        preview_summary={"found": 1, "failed": 1},
    )
    error = "The front matter is invalid. " + "It goes on and on about the reason. " * 8
    ImportRunPost.objects.create(
        run=run_,
        dry_run=True,
        position=0,
        source="old-site/src/blog/a-very-long-post-name.md",
        status="failed",
        row={"error": error, "warnings": []},
    )
    page = editor_client.get(reverse("import_posts:run", args=[run_.pk])).content.decode()
    assert error.strip() in page
    segments = ["old-site", "src", "blog", "a-very-long-post-name.md"]
    wrapped = "/<wbr>".join(
        f'<span class="import-posts__segment">{name}</span>' for name in segments
    )
    assert wrapped in page


def test_a_migrator_gets_no_edit_link_to_pages_they_cannot_edit(
    django_user_model, site_tree, tmp_path, editor_client
):
    posts = tmp_path / "posts"
    write_post(posts, "a.md", "---\ntitle: A post\ndate: 2024-01-01\n---\nText.\n")
    run(posts, verbosity=0)
    listed = ImportRun.objects.get()
    ImportRunPost.objects.create(
        run=listed,
        dry_run=False,
        position=0,
        source="posts/a.md",
        status="created",
        title="A post",
        page_id=listed.parent.get_children().get().pk,
        url="/blog/a-post/",
        row={"live": True},
    )
    migrator = django_user_model.objects.create_user("mira", "m@example.com", "pw")
    migrator.groups.add(Group.objects.get(name="Migrators"))
    client = Client()
    client.force_login(migrator)
    page = client.get(reverse("import_posts:run", args=[listed.pk])).content.decode()
    assert "A post" in page
    assert "/admin/pages/" not in page.split("<main")[1]
    # Someone who may edit pages gets the link.
    page = editor_client.get(reverse("import_posts:run", args=[listed.pk])).content.decode()
    assert "/admin/pages/" in page.split("<main")[1]
