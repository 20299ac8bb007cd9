"""What the report says about files that are not posts, posts without a date, and dry runs."""

import datetime
import json
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from blog.models import BlogPage

from .helpers import report_of, run, write_png, write_post


def rows_by_name(report):
    return {row["source"].rsplit("/", 1)[-1]: row for row in report["posts"]}


# Pages an old blog keeps among its posts, each with why it is not a post.
NOT_POSTS = {
    "index.md": (
        "---\ntitle: Blog\nlayout: blog-category\n---\n",
        "index.md is not a post: its layout 'blog-category' is a page that lists posts.",
    ),
    "tags.md": (
        "---\npagination:\n  data: collections.tagList\n  size: 1\n---\n# Tagged\n",
        "tags.md is not a post: it has a 'pagination' key: it is a template for pages that "
        "list posts.",
    ),
    "about.md": (
        "---\ntitle: About us\nlayout: page\n---\nTwo therapists.\n",
        "about.md is not a post: it has a layout ('page') but no date: it is a page of the "
        "old site.",
    ),
    "_index.md": (
        '+++\ntitle = "News"\n+++\n',
        "_index files are Hugo section pages (lists of posts), not posts.",
    ),
    "2015-01-01-old-format.html": (
        "---\ntitle: Written in HTML\n---\n<p>Old post.</p>\n",
        "2015-01-01-old-format.html is written in HTML; the importer reads Markdown (.md, "
        ".markdown, .mdx).",
    ),
}


def test_pages_that_are_not_posts_are_skipped_with_why(site_tree, tmp_path):
    folder = tmp_path / "posts"
    for name, (text, _) in NOT_POSTS.items():
        write_post(folder, name, text)
    # A real post may name its layout.
    write_post(
        folder,
        "first-visit.md",
        "---\ntitle: First visit\nlayout: post\ndate: 2021-04-05\n---\nHi.\n",
    )
    # An HTML file without front matter is a file the post uses, not a page: not listed.
    write_post(folder, "demo.html", "<p>An embedded demo.</p>\n")

    report = report_of(tmp_path, folder)

    rows = rows_by_name(report)
    assert rows["first-visit.md"]["status"] == "created"
    for name, (_, reason) in NOT_POSTS.items():
        assert rows[name]["status"] == "skipped", name
        assert rows[name]["error"].startswith(reason), name
    assert "demo.html" not in rows
    assert report["summary"]["skipped"] == len(NOT_POSTS)
    assert report["summary"]["failed"] == 0
    assert list(BlogPage.objects.values_list("title", flat=True)) == ["First visit"]


def test_a_post_without_a_date_takes_its_files_modification_time(site_tree, tmp_path):
    post = write_post(tmp_path / "posts", "stretching.md", "# Stretching at your desk\n\nRoll.\n")
    # 23:30 UTC on the 29th is 16:30 on the 29th in the site's time zone (UTC-7 in winter).
    modified = datetime.datetime(2024, 2, 29, 23, 30, tzinfo=datetime.UTC)
    os.utime(post, (modified.timestamp(), modified.timestamp()))

    path = tmp_path / "report.json"

    out = run(post, "--report", path)

    row = json.loads(path.read_text())["posts"][0]
    assert row["status"] == "created"
    assert row["warnings"] == [
        "The post has no date; it is dated by its file's modification time "
        "(2024-02-29 16:30 MST). Check the date, or add 'date: YYYY-MM-DD' to the front matter."
    ]
    page = BlogPage.objects.get()
    assert page.date == modified
    assert page.publication_day == datetime.date(2024, 2, 29)
    assert "0 post(s) had encoding repairs, 1 had warnings." in out


def test_a_dateless_page_with_a_layout_is_skipped_not_dated(site_tree, tmp_path):
    folder = tmp_path / "posts"
    write_post(folder, "contact.md", "---\ntitle: Contact\nlayout: page\n---\nCall us.\n")
    write_post(folder, "undated.md", "---\ntitle: Undated tip\n---\nDrink water.\n")
    # A post's own layout says it is a post, with or without a date.
    write_post(folder, "rest.md", "---\ntitle: Rest days\nlayout: layouts/post.njk\n---\nRest.\n")

    rows = rows_by_name(report_of(tmp_path, folder))

    assert rows["contact.md"]["status"] == "skipped"
    for name in ("undated.md", "rest.md"):
        assert rows[name]["status"] == "created"
        assert "modification time" in rows[name]["warnings"][0]
    assert sorted(BlogPage.objects.values_list("title", flat=True)) == ["Rest days", "Undated tip"]


def test_a_dry_runs_notes_are_not_warnings(site_tree, tmp_path):
    folder = tmp_path / "posts"
    write_png(folder / "stones.png")
    write_post(
        folder,
        "stones.md",
        "---\ntitle: Stones\ndate: 2025-01-01\nimage: ./stones.png\n---\n![Warm](./stones.png)\n",
    )
    path = tmp_path / "report.json"

    out = run(folder, "--dry-run", "--report", path)

    row = json.loads(path.read_text())["posts"][0]
    assert row["warnings"] == []
    assert row["notes"] == [
        "Image ./stones.png would be imported (dry run).",
        "Feature image ./stones.png would be imported (dry run).",
    ]
    assert "0 had warnings" in out
    assert out.rstrip().splitlines()[-1] == "Dry run: nothing was saved."


def test_a_dry_run_with_a_failed_post_says_nothing_was_saved(site_tree, tmp_path):
    folder = tmp_path / "posts"
    write_post(folder, "good.md", "---\ntitle: Good\ndate: 2025-01-01\n---\nFine.\n")
    write_post(folder, "bad.md", "---\ntitle: Bad\ndate: next Tuesday\n---\nNo.\n")
    out = StringIO()

    with pytest.raises(CommandError) as error:
        call_command("import_posts", str(folder), "--dry-run", stdout=out, stderr=StringIO())

    assert "1 of 2 post(s) failed; nothing was saved (dry run)." in str(error.value)
    assert "imported" not in str(error.value)
    assert out.getvalue().rstrip().splitlines()[-1] == "Dry run: nothing was saved."
    assert not BlogPage.objects.exists()


def test_a_real_run_with_a_failed_post_says_the_others_were_imported(site_tree, tmp_path):
    folder = tmp_path / "posts"
    write_post(folder, "good.md", "---\ntitle: Good\ndate: 2025-01-01\n---\nFine.\n")
    write_post(folder, "bad.md", "---\ntitle: Bad\ndate: next Tuesday\n---\nNo.\n")

    out = StringIO()

    with pytest.raises(CommandError) as error:
        call_command("import_posts", str(folder), stdout=out, stderr=StringIO())

    assert "1 of 2 post(s) failed; the others were imported." in str(error.value)
    assert "Dry run" not in out.getvalue()


def test_a_dry_run_stopped_before_it_starts_says_nothing_was_saved(db, tmp_path):
    post = write_post(tmp_path, "a.md", "---\ntitle: A\ndate: 2025-01-01\n---\nText.\n")

    with pytest.raises(CommandError) as error:
        run(post, "--dry-run")

    assert "there is no blog index" in str(error.value)
    assert str(error.value).endswith("Dry run: nothing was saved.")


def test_the_posts_folders_own_undated_index_is_skipped_but_a_dated_one_is_a_post(
    site_tree, tmp_path
):
    posts = tmp_path / "blog"
    write_post(posts, "index.md", "---\ntitle: Our blog\n---\nEvery post, newest first.\n")
    write_post(posts, "2024-05-01-neck.md", "---\ntitle: Neck care\n---\nRoll your shoulders.\n")
    write_post(posts, "stretch/index.md", "---\ntitle: Stretch\ndate: 2024-06-01\n---\nReach.\n")
    dated = tmp_path / "dated"
    write_post(dated, "index.md", "---\ntitle: Dated\ndate: 2024-07-01\n---\nA post.\n")

    report = report_of(tmp_path, posts, dated)

    statuses = {
        Path(row["source"]).relative_to(tmp_path).as_posix(): row["status"]
        for row in report["posts"]
    }
    assert statuses == {
        "blog/index.md": "skipped",
        "blog/2024-05-01-neck.md": "created",
        "blog/stretch/index.md": "created",
        "dated/index.md": "created",
    }
    index = next(row for row in report["posts"] if row["source"].endswith("blog/index.md"))
    assert "own page" in index["error"]


def test_readme_files_among_posts_are_skipped_not_failed(site_tree, tmp_path):
    write_post(tmp_path, "README.md", "# About this folder\n\nOur posts.\n")
    write_post(tmp_path, "2025-01-01-hello.md", "---\ntitle: Hello\n---\nHi.\n")

    report = report_of(tmp_path, tmp_path)

    statuses = {post["source"].rsplit("/", 1)[-1]: post["status"] for post in report["posts"]}
    assert statuses == {"2025-01-01-hello.md": "created", "README.md": "skipped"}
