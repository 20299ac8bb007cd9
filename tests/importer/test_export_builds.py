"""export_posts' sites built by their real generators (Eleventy 3 from npm, Hugo and Jekyll from
Debian: .ci/run installs them; a test is skipped, saying which, where one is missing), each
built page compared with the Wagtail page (importer.export.check)."""

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client

from blog.models import Author, BlogPage, BlogPageCoAuthor
from importer.export import FORMATS
from importer.export.check import BUILD_FOLDERS, WagtailPost, build_command, build_site, check_site
from importer.generators import generator_named
from tests.helpers import add_post, create_image

from .export_helpers import export, import_folder
from .test_export_round_trip import BOOK, PHONE, editor_text, every_block

ROOT = Path(__file__).resolve().parents[2]
EDMONTON = dt.timezone(dt.timedelta(hours=-7))
# Template syntax of every generator, in prose and in code, and what would end a raw block.
TEMPLATES = "{{ page.title }} {% if x %} {% endraw %} {{< youtube abc >}} {{% note %}} <!--more-->"

ESCAPED = TEMPLATES.replace("<", "&lt;")


def template_post(site_tree, other: BlogPage) -> BlogPage:
    """A post whose every kind of text holds template syntax, with a callout, a heading whose
    id starts with a digit, a link to another post, a caption and co-authors."""
    body = [
        {
            "type": "heading",
            "value": {"text": "1. Setup {{ x }}", "level": "h2", "anchor": "1-setup"},
        },
        {
            "type": "paragraph",
            "value": editor_text(
                f"<p>Prose {ESCAPED} and <code>{ESCAPED}</code>, a | pipe, and "
                '<a href="PAGE">the other post</a>.</p>'
            ).replace('href="PAGE"', f'linktype="page" id="{other.pk}"'),
        },
        {"type": "code", "value": {"language": "liquid", "code": TEMPLATES + "\n{% raw %}x"}},
        {
            "type": "callout",
            "value": {
                "kind": "tip",
                "title": "",
                "text": editor_text("<p>Drink water {{ after }}.</p>"),
            },
        },
        {"type": "embed", "value": "https://vimeo.com/76979871"},
    ]
    lead = Author.objects.create(name="Dana Stone")
    post = add_post(
        site_tree.blog,
        title="Templates {{ shown }}",
        date=dt.datetime(2026, 1, 6, 20, 50, tzinfo=EDMONTON),
        date_utc_offset=-420,
        author=lead,
        body=body,
    )
    BlogPageCoAuthor.objects.create(page=post, author=Author.objects.create(name="Sam Birch"))
    return post


@pytest.fixture
def exported_blog(site_tree):
    """The sample posts imported, and posts an editor built with every block."""
    site_tree.booking.booking_url = BOOK
    site_tree.booking.phone_number = PHONE
    site_tree.booking.save()
    import_folder(ROOT / "sample_posts", "--assets", ROOT / "sample_posts")
    other = add_post(
        site_tree.blog,
        title="Desk stretches",
        date=dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=9))),
        date_utc_offset=540,
        body=[{"type": "paragraph", "value": editor_text("<p>Stretch often.</p>")}],
    )
    post = add_post(site_tree.blog, title="What to expect at your first massage", body=[])
    towels = {"image": create_image("Towels").pk, "alt_text": "Towels\nfolded", "caption": "Warm"}
    post.body = [
        *every_block(site_tree, create_image(), other),
        {"type": "image", "value": towels},
    ]
    post.save_revision().publish()
    template_post(site_tree, other)
    add_post(site_tree.blog, title="Coming soon", live=False, body=[])
    return site_tree


def wagtail_posts(fmt: str) -> list[WagtailPost]:
    generator = generator_named(fmt)
    client = Client()
    posts = []
    for page in BlogPage.objects.order_by("pk"):
        html = client.get(page.url).content.decode() if page.live else ""
        day = page.publication_day
        posts.append(
            WagtailPost(page.title, day, generator.post_address(page.slug, day), html, page.live)
        )
    return posts


def built(fmt: str, tmp_path: Path) -> Path:
    if build_command(fmt) is None:
        pytest.skip(f"{fmt} is not installed (.ci/run installs it): the export was not built")
    site = tmp_path / fmt
    export(site, "--format", fmt)
    result = build_site(fmt, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_export_builds_and_shows_what_the_wagtail_pages_show(exported_blog, tmp_path, fmt):
    site = built(fmt, tmp_path)
    checked = check_site(wagtail_posts(fmt), site / BUILD_FOLDERS[fmt])
    problems = {post.address: post.problems for post in checked.posts if post.problems}
    assert problems == {}
    summary = checked.summary()
    assert summary["live posts"] == summary["built"] == BlogPage.objects.live().count() >= 6
    assert summary["drafts published"] == "0/1"
    # What the check counted is there to count.
    for counted in ("booking buttons shown", "links between posts resolving", "pictures"):
        found, wanted = map(int, summary[counted].split("/"))
        assert found == wanted >= 2, counted
    assert summary["template syntax shown"] == 0
    build = site / BUILD_FOLDERS[fmt]
    page = (
        build
        / generator_named(fmt).post_address("templates-shown", dt.date(2026, 1, 6)).strip("/")
        / "index.html"
    ).read_text()
    assert "Dana Stone, Sam Birch" in page
    assert 'id="1-setup"' in page
    assert "callout--tip" in page and "Tip" in page
    assert "player.vimeo.com/video/76979871" in page
    assert "2026-01-06" in page


def test_jekyll_files_an_evening_post_under_its_own_day(exported_blog, tmp_path):
    """2026-01-06 20:50 at -07:00 is 03:50 UTC on the 7th: Jekyll files and shows it on the 6th."""
    site = built("jekyll", tmp_path)
    page = site / "_site/2026/01/06/templates-shown/index.html"
    assert page.is_file()
    assert '<time datetime="2026-01-06">' in page.read_text()
    assert not (site / "_site/2026/01/07").exists()


def test_hugo_redirects_the_wagtail_addresses(exported_blog, tmp_path):
    site = built("hugo", tmp_path)
    redirect = (site / "public/blog/templates-shown/index.html").read_text()
    assert 'url=/posts/templates-shown/"' in redirect
