"""A post that fails, while writing or from a bad file, fails alone: its transaction takes
everything it made, the other posts are imported, and the report says why and how to fix it."""

import json

import pytest
from django.core.management.base import CommandError
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry, Revision

from blog.models import Author, BlogPage
from importer.models import ImportedPost
from importer.write.writer import PostWriter

from .helpers import (
    run,
    write_png,
    write_post,
)

Image = get_image_model()


def test_a_post_that_fails_while_writing_leaves_nothing_behind(site_tree, tmp_path, monkeypatch):
    folder = tmp_path / "posts"
    write_png(folder / "good.png", "green")
    write_png(folder / "bad.png", "red")
    write_post(folder, "good.md", "---\ntitle: Good\ndate: 2025-01-01\n---\n![Good](good.png)\n")
    write_post(folder, "bad.md", "---\ntitle: Bad\ndate: 2025-01-02\n---\n![Bad](bad.png)\n")
    original = PostWriter.save_redirects

    def fail_for_bad(self, page, post, result):
        if post.slug == "bad":
            raise RuntimeError("the disk is full")
        return original(self, page, post, result)

    monkeypatch.setattr(PostWriter, "save_redirects", fail_for_bad)
    storage = Image._meta.get_field("file").storage

    with pytest.raises(CommandError, match="1 of 2 post"):
        run(folder, "--report", tmp_path / "report.json")

    report = json.loads((tmp_path / "report.json").read_text())
    statuses = {post["source"].rsplit("/", 1)[-1]: post for post in report["posts"]}
    assert statuses["good.md"]["status"] == "created"
    assert statuses["bad.md"]["status"] == "failed"
    assert "the disk is full" in statuses["bad.md"]["error"]
    assert list(BlogPage.objects.values_list("slug", flat=True)) == ["good"]
    assert ImportedPost.objects.count() == 1
    assert list(Image.objects.values_list("title", flat=True)) == ["Good"]
    _, files = storage.listdir("original_images")
    assert not [name for name in files if name.startswith("bad")]


def test_what_a_failed_post_made_is_forgotten_by_the_posts_after_it(
    site_tree, tmp_path, monkeypatch
):
    """Its author, tag and old address went with its transaction; a later post must not point
    at them (SQLite would give the rolled-back page's id to the next page made)."""
    folder = tmp_path / "posts"
    write_post(
        folder,
        "bad.md",
        "---\ntitle: Bad\ndate: 2025-01-01\nauthor: New Therapist\ntags: [cupping]\n"
        "permalink: /old/bad/\n---\nBody\n",
    )
    write_post(
        folder,
        "after.md",
        "---\ntitle: After\ndate: 2025-01-02\nauthor: New Therapist\ntags: [cupping]\n---\n"
        "See [the bad one](/old/bad/).\n",
    )
    original = PostWriter.save_redirects

    def fail_after_redirects(self, page, post, result):
        original(self, page, post, result)
        if post.slug == "bad":
            raise RuntimeError("the disk is full")

    monkeypatch.setattr(PostWriter, "save_redirects", fail_after_redirects)
    with pytest.raises(CommandError, match="1 of 2 post"):
        run(folder)

    after = BlogPage.objects.get()
    assert after.author.name == "New Therapist"
    assert [tag.name for tag in after.tags.all()] == ["cupping"]
    assert 'linktype="page"' not in after.body[0].value.source
    assert not Redirect.objects.filter(old_path="/old/bad").exists()


def test_a_page_wagtail_would_refuse_fails_alone_and_leaves_nothing(
    site_tree, tmp_path, monkeypatch
):
    """An editor adds a page with a post's slug after the run has read the slugs in use: the
    page's validation refuses the post's page, and its transaction takes everything with it."""
    folder = tmp_path / "posts"
    write_post(folder, "taken.md", "---\ntitle: Taken\ndate: 2025-01-01\n---\nBody\n")
    write_post(folder, "free.md", "---\ntitle: Free\ndate: 2025-01-02\n---\nBody\n")
    original = PostWriter.for_parent.__func__

    def editor_adds_a_page(cls, parent, ctx):
        writer = original(cls, parent, ctx)
        parent.add_child(instance=BlogPage(title="By an editor", slug="taken"))
        return writer

    monkeypatch.setattr(PostWriter, "for_parent", classmethod(editor_adds_a_page))
    with pytest.raises(CommandError, match="1 of 2 post"):
        run(folder, "--report", tmp_path / "report.json")

    report = json.loads((tmp_path / "report.json").read_text())
    failed = next(post for post in report["posts"] if post["status"] == "failed")
    assert failed["source"].endswith("taken.md")
    assert failed["error"].startswith("field 'slug': Wagtail refused the page:")
    assert "already in use" in failed["error"]
    assert "Fix: a page with this address was added" in failed["error"], failed["error"]
    assert sorted(BlogPage.objects.values_list("title", flat=True)) == ["By an editor", "Free"]
    assert Revision.objects.filter(object_str="Taken").count() == 0
    assert not PageLogEntry.objects.filter(label="Taken").exists()
    assert list(ImportedPost.objects.values_list("page__title", flat=True)) == ["Free"]


def test_an_author_deleted_during_a_run_fails_the_post_by_name(site_tree, tmp_path, monkeypatch):
    """The run read the authors when it started; one deleted since is caught by the page's
    validation, naming the field, and a dry run says the same as the real run would."""
    Author.objects.create(name="Retired Therapist")
    folder = tmp_path / "posts"
    write_post(
        folder, "old.md", "---\ntitle: Old\ndate: 2025-01-01\nauthor: Retired Therapist\n---\nB\n"
    )
    original = PostWriter.for_parent.__func__

    def author_deleted(cls, parent, ctx):
        writer = original(cls, parent, ctx)
        Author.objects.filter(name="Retired Therapist").delete()
        return writer

    monkeypatch.setattr(PostWriter, "for_parent", classmethod(author_deleted))
    for dry_run in (["--dry-run"], []):
        Author.objects.get_or_create(name="Retired Therapist")
        with pytest.raises(CommandError, match="1 of 1 post"):
            run(folder, *dry_run, "--report", tmp_path / "report.json")
        error = json.loads((tmp_path / "report.json").read_text())["posts"][0]["error"]
        assert error.startswith("field 'author': Wagtail refused the page:")
        assert "is not a valid choice" in error
        assert "Fix: the author was deleted while the import ran; run the import again" in error
    assert not BlogPage.objects.exists()


BAD_FILES = {
    "empty.md": (b"", "the file is empty"),
    "binary.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "the file is binary"),
    "invalid-yaml.md": (
        b"---\ntitle: Relax: a guide\ndate: 2025-01-01\n---\nBody\n",
        "field 'front matter', line 2: the YAML front matter is invalid",
    ),
    "bad-date.md": (
        b"---\ntitle: Soon\ndate: next Tuesday\n---\nBody\n",
        "field 'date': the date 'next Tuesday' cannot be read.",
    ),
    "not-a-mapping.md": (
        b"---\n- title\n- date\n---\nBody\n",
        "field 'front matter', line 1: the front matter is a list, not a set of named fields.",
    ),
}


@pytest.mark.parametrize("name", BAD_FILES, ids=lambda name: name.removesuffix(".md"))
def test_a_bad_file_fails_alone_with_a_clear_message(site_tree, tmp_path, name):
    content, message = BAD_FILES[name]
    folder = tmp_path / "posts"
    (folder).mkdir()
    (folder / name).write_bytes(content)
    write_post(folder, "good.md", "---\ntitle: Good news\ndate: 2025-03-01\n---\nWe moved.\n")

    with pytest.raises(CommandError) as error:
        run(folder, "--report", tmp_path / "report.json")

    assert "1 of 2 post(s) failed" in str(error.value)
    report = json.loads((tmp_path / "report.json").read_text())
    failed = next(post for post in report["posts"] if post["status"] == "failed")
    assert failed["source"] == str(folder / name)
    assert message in failed["error"]
    assert "Fix:" in failed["error"]
    assert report["summary"] == {
        "found": 2,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "conflict": 0,
        "skipped": 0,
        "failed": 1,
        "unresolved_links": 0,
    }
    assert report["dry_run"] is False
    assert list(BlogPage.objects.values_list("title", flat=True)) == ["Good news"]
