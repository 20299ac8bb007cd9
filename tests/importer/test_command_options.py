"""import_posts options and where pages go: --dry-run writes nothing, --draft, --booking-url,
--parent (and no blog index at all), slugs kept unique under the blog."""

import pytest
from django.core.management.base import CommandError

from blog.models import BlogPage

from .helpers import (
    counts,
    media_files,
    report_of,
    run,
    write_post,
)


def test_dry_run_changes_nothing(site_tree, clinic_post, tmp_path):
    before = counts()
    media_before = media_files()
    files_before = {p.name for p in tmp_path.rglob("*")}

    report = report_of(tmp_path, clinic_post, dry_run=True)

    assert counts() == before
    assert media_files() == media_before
    assert report["summary"]["created"] == 1
    assert report["dry_run"] is True
    assert report["posts"][0]["page_id"] is None
    assert report["posts"][0]["url"] == "/blog/hot-stones/"
    assert {p.name for p in tmp_path.rglob("*")} == files_before | {"report.json"}


def test_draft_option_and_draft_posts_stay_unpublished(site_tree, tmp_path):
    folder = tmp_path / "posts"
    write_post(folder, "a.md", "---\ntitle: Ready\ndate: 2025-01-01\n---\nText.\n")
    write_post(folder, "b.md", "---\ntitle: Not yet\ndate: 2025-01-02\ndraft: true\n---\nText.\n")

    run(folder)
    assert dict(BlogPage.objects.values_list("title", "live")) == {"Ready": True, "Not yet": False}
    assert BlogPage.objects.get(title="Not yet").first_published_at is None

    write_post(tmp_path / "more", "c.md", "---\ntitle: Also ready\ndate: 2025-01-03\n---\nText.\n")
    run(tmp_path / "more", draft=True)
    assert BlogPage.objects.get(title="Also ready").live is False


def test_booking_url_option_marks_more_links_as_booking(site_tree, tmp_path):
    text = "---\ntitle: Gift cards\ndate: 2025-01-01\n---\n<https://gifts.example.org/clinic>\n"
    write_post(tmp_path / "one", "a.md", text)
    write_post(tmp_path / "two", "b.md", text.replace("Gift cards", "Gift cards again"))

    run(tmp_path / "one")
    run(tmp_path / "two", booking_urls=["https://gifts.example.org/clinic"])

    kinds = {page.title: page.body[0].block_type for page in BlogPage.objects.all()}
    assert kinds == {"Gift cards": "paragraph", "Gift cards again": "booking_cta"}


def test_parent_option_names_the_blog_index(site_tree, tmp_path):
    write_post(tmp_path, "a.md", "---\ntitle: A\ndate: 2025-01-01\n---\nText.\n")

    with pytest.raises(CommandError, match="there is no blog index 'news'"):
        run(tmp_path / "a.md", parent="news")
    run(tmp_path / "a.md", parent=str(site_tree.blog.pk))

    assert BlogPage.objects.get().get_parent().pk == site_tree.blog.pk


def test_no_blog_index_is_a_command_error(db, tmp_path):
    write_post(tmp_path, "a.md", "---\ntitle: A\ndate: 2025-01-01\n---\nText.\n")
    with pytest.raises(CommandError, match="no blog index"):
        run(tmp_path / "a.md")


def test_slugs_stay_unique_under_the_blog(site_tree, make_post, tmp_path):
    make_post(title="Existing", slug="stretching")
    write_post(tmp_path, "stretching.md", "---\ntitle: Stretching\ndate: 2025-01-01\n---\nText.\n")

    run(tmp_path / "stretching.md")

    assert BlogPage.objects.get(title="Stretching").slug == "stretching-2"
