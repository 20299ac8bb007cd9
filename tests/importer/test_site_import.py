"""`import_posts SITE_ROOT`: the posts and image folders detected in an old site's repository,
and `--analyze`, which writes nothing."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model

from blog.models import BlogPage
from importer.models import ImportedPost

from .helpers import counts, media_files, report_of, run, write_png, write_post

Image = get_image_model()

POST = """---
title: {title}
date: 2024-03-0{day}
image: /img/{image}
---
A post about {title}.

![A picture]({picture})
"""


@pytest.fixture
def eleventy_site(tmp_path):
    """An Eleventy site as a clinic would hand it over: config, posts, a page, images in the
    input folder (site-absolute) and beside a post, a README and installed packages."""
    root = tmp_path / "old-site"
    write_post(root, "eleventy.config.js", 'export const config = { dir: { input: "src" } };\n')
    write_post(root, "src/blog/blog.11tydata.js", 'export default { tags: ["posts"] };\n')
    write_post(
        root,
        "src/blog/stretching.md",
        POST.format(title="Stretching", day=1, image="cover.png", picture="./room.png"),
    )
    write_post(
        root,
        "src/blog/hot-stones/index.md",
        POST.format(title="Hot stones", day=2, image="stones.png", picture="warmer.png"),
    )
    write_png(root / "src/blog/room.png", "teal")
    write_png(root / "src/blog/hot-stones/warmer.png", "orange")
    write_png(root / "src/img/cover.png", "gray")
    write_png(root / "src/img/stones.png", "black")
    write_post(root, "src/about.md", "---\ntitle: About\n---\nWe are a clinic.\n")
    write_post(root, "README.md", "# Old site\n")
    write_post(root, "node_modules/markdown-it/README.md", "# markdown-it\n")
    return root


def by_name(report):
    return {row["source"].split("old-site/")[1]: row for row in report["posts"]}


def test_a_site_root_imports_its_posts_with_their_images(site_tree, eleventy_site, tmp_path):
    report = report_of(tmp_path, eleventy_site)

    rows = by_name(report)
    assert {name: row["status"] for name, row in rows.items()} == {
        "src/blog/stretching.md": "created",
        "src/blog/hot-stones/index.md": "created",
        "src/about.md": "skipped",
        "README.md": "skipped",
        "node_modules": "skipped",
    }
    assert rows["src/about.md"]["error"] == "a page, not a post: the posts are in src/blog."
    assert rows["node_modules"]["error"] == "installed packages (node_modules/), not content."
    assert rows["src/blog/stretching.md"]["coverage"] == 1.0
    assert rows["src/about.md"]["coverage"] is None
    pages = {page.title: page for page in BlogPage.objects.all()}
    assert set(pages) == {"Stretching", "Hot stones"}
    assert pages["Stretching"].feature_image is not None
    assert [b.block_type for b in pages["Hot stones"].body].count("image") == 1
    assert Image.objects.count() == 4
    # Posts are known by their path in the posts folder, as `import_posts src/blog` knows them.
    assert set(ImportedPost.objects.values_list("source_path", flat=True)) == {
        "blog/stretching.md",
        "blog/hot-stones/index.md",
    }


def test_the_site_root_and_the_posts_folder_are_the_same_import(site_tree, eleventy_site, tmp_path):
    run(eleventy_site / "src" / "blog", "--assets", eleventy_site / "src")
    before = counts()

    report = report_of(tmp_path, eleventy_site)

    statuses = {row["source"].rsplit("/", 1)[-1]: row["status"] for row in report["posts"]}
    assert statuses["stretching.md"] == statuses["index.md"] == "unchanged"
    assert counts() == before


def test_analyze_writes_nothing_and_reports_json(site_tree, eleventy_site, tmp_path):
    before = counts()
    media_before = media_files()
    out = StringIO()
    report = tmp_path / "analysis.json"

    call_command(
        "import_posts", str(eleventy_site), "--analyze", "--report", str(report), stdout=out
    )

    assert counts() == before
    assert media_files() == media_before
    result = json.loads(report.read_text())
    assert result["analyze"] is True
    assert result["posts"] == 2
    assert result["images"]["found"] == 4
    assert result["images"]["missing"] == []
    assert "Site: eleventy" in out.getvalue()


def test_analyze_needs_no_blog_index(db, eleventy_site):
    out = StringIO()

    call_command("import_posts", str(eleventy_site), "--analyze", stdout=out)

    assert "Posts: 2" in out.getvalue()


@pytest.fixture
def jekyll_site(tmp_path):
    root = tmp_path / "old-site"
    write_post(root, "_config.yml", "markdown: kramdown\n")
    write_post(root, "_posts/2024-03-01-stretching.md", "---\ntitle: Stretching\n---\nA.\n")
    write_post(root, "_drafts/hot-stones.md", "---\ntitle: Hot stones\ndate: 2024-04-01\n---\nB.\n")
    return root


def test_drafts_folders_are_left_out_unless_asked(site_tree, jekyll_site, tmp_path):
    report = report_of(tmp_path, jekyll_site)

    rows = by_name(report)
    assert rows["_drafts/hot-stones.md"]["status"] == "skipped"
    assert "--include-drafts" in rows["_drafts/hot-stones.md"]["error"]
    assert not BlogPage.objects.filter(title="Hot stones").exists()


def test_include_drafts_imports_them_unpublished(site_tree, jekyll_site, tmp_path):
    report = report_of(tmp_path, jekyll_site, include_drafts=True)

    rows = by_name(report)
    assert rows["_drafts/hot-stones.md"]["status"] == "created"
    assert rows["_drafts/hot-stones.md"]["live"] is False
    assert rows["_drafts/hot-stones.md"]["warnings"] == [
        "from a drafts folder: imported as a draft, not published."
    ]
    assert rows["_posts/2024-03-01-stretching.md"]["live"] is True
    assert BlogPage.objects.get(title="Hot stones").live is False


def test_a_dry_run_reports_each_posts_word_coverage(site_tree, eleventy_site, tmp_path):
    write_post(
        eleventy_site,
        "src/blog/form.md",
        "---\ntitle: Booking form\ndate: 2024-03-05\n---\nPick a time.\n\n"
        "<select><option>Morning slot</option></select>\n",
    )

    report = report_of(tmp_path, eleventy_site, dry_run=True)

    rows = by_name(report)
    assert rows["src/blog/stretching.md"]["coverage"] == 1.0
    # The form control is removed (with a warning): two of its five words are not on the page.
    assert rows["src/blog/form.md"]["coverage"] == 0.6
    assert report["lowest_coverage"][0] == {
        "source": str(eleventy_site / "src/blog/form.md"),
        "coverage": 0.6,
    }
