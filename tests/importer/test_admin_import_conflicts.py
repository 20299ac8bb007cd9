"""Posts left alone because editors changed their pages (conflicts) are resolved from the run's
page: overwritten with the old site's posts, or kept as the editors left them, without
uploading the site again."""

import html

from django.contrib.messages import get_messages
from django.urls import reverse

from blog.models import BlogPage
from importer.admin_import.models import ImportRun

from .helpers import run, write_post
from .old_site import upload, zip_of

Status = ImportRun.Status


def post(title: str, words: str, day: int) -> str:
    return f"---\ntitle: {title}\ndate: 2024-01-{day:02}\n---\n{words}\n"


def edit(title: str) -> None:
    page = BlogPage.objects.get(title__startswith=title).get_latest_revision_as_object()
    page.title = f"{title} (as our editor put it)"
    page.save_revision().publish()


def page_of(client, run) -> str:
    return html.unescape(client.get(reverse("import_posts:run", args=[run.pk])).content.decode())


def test_conflicts_are_overwritten_or_kept_from_the_runs_page(
    editor_client, site_tree, tmp_path, settings, django_capture_on_commit_callbacks
):
    commits = django_capture_on_commit_callbacks
    settings.IMPORTER_UPLOAD_ROOT = tmp_path / "uploads"
    posts = tmp_path / "posts"
    write_post(posts, "neck.md", post("Neck pain", "Stretch gently.", 1))
    write_post(posts, "stones.md", post("Hot stones", "Warm basalt.", 2))
    run(posts, verbosity=0)
    edit("Hot stones")
    write_post(posts, "stones.md", post("Hot stones", "Warm basalt, slowly.", 2))
    write_post(posts, "gifts.md", post("Gift cards", "Give a massage.", 3))

    with commits(execute=True):
        upload(editor_client, zip_of(posts), name="posts.zip")
    preview = ImportRun.objects.get(from_command=False)
    page = page_of(editor_client, preview)
    assert "Import these posts" in page
    assert "Import, overwriting editors' changes to 1 post" in page

    # Imported keeping the editor's version: the upload stays for a change of mind.
    with commits(execute=True):
        editor_client.post(reverse("import_posts:confirm", args=[preview.pk]))
    preview.refresh_from_db()
    assert preview.status == Status.FINISHED and preview.summary["conflict"] == 1
    assert preview.folder
    page = page_of(editor_client, preview)
    assert "Finished: editors' changes kept" in page
    assert "Overwrite editors' changes to 1 post" in page
    assert "Keep the editors' versions" in page
    assert "--force" not in page

    with commits(execute=True):
        response = editor_client.post(reverse("import_posts:overwrite", args=[preview.pk]))
    again = ImportRun.objects.filter(from_command=False).latest("pk")
    assert response["Location"] == reverse("import_posts:run", args=[again.pk])
    assert again.pk != preview.pk
    again.refresh_from_db()
    assert again.status == Status.FINISHED, again.error
    assert again.summary["updated"] == 1 and again.summary["unchanged"] == 2
    stones = BlogPage.objects.get(import_record__source_path="posts/stones.md")
    assert stones.title == "Hot stones" and "slowly" in str(stones.body)
    assert again.folder == ""  # nothing left alone: the upload is gone

    # The editor changes it again, and so does the old site: this time their version is kept.
    edit("Hot stones")
    write_post(posts, "stones.md", post("Hot stones", "Warm basalt, very slowly.", 2))
    with commits(execute=True):
        upload(editor_client, zip_of(posts), name="posts.zip")
    conflicted = ImportRun.objects.filter(from_command=False).latest("pk")
    page = page_of(editor_client, conflicted)
    assert "Import these posts" not in page
    assert "Overwrite editors' changes to 1 post" in page
    response = editor_client.post(reverse("import_posts:keep", args=[conflicted.pk]))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The editors' versions are kept; nothing else was imported from posts.zip."
    ]
    conflicted.refresh_from_db()
    assert conflicted.status == Status.CANCELLED and conflicted.folder == ""
    assert BlogPage.objects.get(import_record__source_path="posts/stones.md").title.endswith(
        "(as our editor put it)"
    )
