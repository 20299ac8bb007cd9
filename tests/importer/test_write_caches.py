"""The run's caches forget what a failed post added, and a dry run's slugs stay taken."""

import pytest
from django.core.management.base import CommandError

from blog.models import BlogPage
from importer.write.caches import RunCaches
from importer.write.writer import PostWriter

from .helpers import report_of, run, write_post


def test_a_failed_post_takes_back_every_change_it_made():
    caches = RunCaches(slugs={"stretching"}, image_ids={"known": 1})
    caches.begin_post()
    assert caches.unique_slug("stretching") == "stretching-2"
    caches.add_image("new", 2)
    caches.add_image("known", 3)

    caches.undo_post()

    assert caches.slugs == {"stretching"}
    assert caches.image_ids == {"known": 1}


def test_a_dry_run_forgets_rows_but_keeps_the_slugs_it_gave_out():
    caches = RunCaches(image_ids={"known": 1})
    caches.begin_post()
    caches.unique_slug("stretching")
    caches.add_image("new", 2)

    caches.undo_rows()

    assert caches.slugs == {"stretching"}
    assert caches.image_ids == {"known": 1}
    caches.undo_post()  # what is left to undo is the slug's alone
    assert caches.slugs == set()


def test_a_post_kept_is_not_undone_by_the_next_one_failing():
    caches = RunCaches()
    caches.begin_post()
    caches.unique_slug("kept")
    caches.begin_post()
    caches.unique_slug("failed")
    caches.undo_post()
    assert caches.slugs == {"kept"}


POST = "---\ntitle: {title}\nslug: stretching\ndate: 2025-01-0{day}\n---\nBody\n"


def test_the_slug_of_a_post_that_failed_is_free_for_the_next(site_tree, tmp_path, monkeypatch):
    folder = tmp_path / "posts"
    write_post(folder, "bad.md", POST.format(title="Bad", day=1))
    write_post(folder, "after.md", POST.format(title="After", day=2))
    original = PostWriter.save_redirects

    def fail_for_bad(self, page, post, result):
        if post.title == "Bad":
            raise RuntimeError("the disk is full")
        return original(self, page, post, result)

    monkeypatch.setattr(PostWriter, "save_redirects", fail_for_bad)
    with pytest.raises(CommandError, match="1 of 2 post"):
        run(folder)

    assert list(BlogPage.objects.values_list("title", "slug")) == [("After", "stretching")]


def test_a_dry_run_gives_the_addresses_a_real_run_would(site_tree, tmp_path):
    folder = tmp_path / "posts"
    write_post(folder, "first.md", POST.format(title="First", day=1))
    write_post(folder, "second.md", POST.format(title="Second", day=2))

    dry = report_of(tmp_path, folder, "--dry-run")
    assert not BlogPage.objects.exists()
    real = report_of(tmp_path, folder)

    urls = sorted(row["url"] for row in dry["posts"])
    assert urls == ["/blog/stretching-2/", "/blog/stretching/"]
    assert urls == sorted(row["url"] for row in real["posts"])
