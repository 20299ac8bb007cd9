"""The pure parts of --verify-against: what a built page says (its article without the
theme's chrome, its titles and day), the build folder read within limits, the match of posts
to built pages, and the address a matched post takes."""

import datetime as dt
import os

import pytest

from importer.common import ImporterError, SourcePost
from importer.run.report import verification_lines
from importer.verify import at_built_address, read_built_site
from importer.verify.built import MAX_PAGE_BYTES, BuiltPage, address_of, with_base_path
from importer.verify.match import Wanted, match_posts
from importer.verify.page import read_page

POST_PAGE = """<!doctype html><html><head><title>Hot stones at home | Kneadful</title>
<script type="application/ld+json">
{{"@type": "BlogPosting", "datePublished": "{day}T09:00"}}
</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/about/">About the clinic</a></nav></header>
<div class="wrapper"><article><h1>Hot stones at home</h1>
<p>Basalt keeps its heat for a long while.</p>
<h2 id="safety">Safety first</h2>
<p><img src="/img/stones_hu0a1b2c3d4e5f_1200x0_resize.png" alt="Stones">
See <a href="../tips/">the tips</a> and <a href="#safety">above</a>.</p>
<div class="share">Tweet this</div><footer>Filed under wellness</footer></article>
<aside>Popular posts: ten reasons</aside></div>
<footer>Copyright the clinic</footer></body></html>"""

LISTING = """<html><head><title>Kneadful</title></head><body><main>
<article><h2><a href="/a/">One</a></h2><time datetime="2024-01-02">Jan 2</time></article>
</main></body></html>"""


def test_a_built_page_is_read_without_its_chrome():
    facts = read_page(POST_PAGE.format(day="2024-05-06"))

    assert facts.day == "2024-05-06"
    assert facts.post_like
    assert {"hot stones at home", "hot stones at home kneadful", "kneadful"} <= facts.titles
    article = facts.article
    assert article.words[:6] == ("hot", "stones", "at", "home", "basalt", "keeps")
    for chrome in ("about", "clinic", "tweet", "filed", "popular", "copyright"):
        assert chrome not in article.words
    assert article.pictures == ("/img/stones_hu0a1b2c3d4e5f_1200x0_resize.png",)
    assert article.links == ("../tips/",)
    assert article.heading_ids == ("safety",)


def test_a_listing_of_one_post_is_not_a_post():
    assert not read_page(LISTING).post_like


def test_a_page_without_article_or_main_is_read_from_its_largest_block():
    html = (
        "<html><body><div class='menu'><p>Menu</p></div><div class='content'>"
        "<p>First paragraph of the post.</p><p>Second paragraph.</p></div></body></html>"
    )
    assert read_page(html).article.words == (
        "first",
        "paragraph",
        "of",
        "the",
        "post",
        "second",
        "paragraph",
    )


def test_addresses_of_built_files():
    from pathlib import PurePosixPath

    assert address_of(PurePosixPath("2024/05/stones/index.html")) == "/2024/05/stones/"
    assert address_of(PurePosixPath("index.html")) == "/"
    assert address_of(PurePosixPath("2024/05/06/stones.html")) == "/2024/05/06/stones.html"
    # A site built for a base path says so in its canonical addresses.
    canonical = "https://clinic.example/blog/2024/05/stones/"
    assert with_base_path("/2024/05/stones/", canonical) == "/blog/2024/05/stones/"
    assert with_base_path("/2024/05/stones/", "https://other.example/x/") == "/2024/05/stones/"


def test_the_build_is_read_within_its_folder_and_limits(tmp_path):
    build, outside = tmp_path / "public", tmp_path / "private"
    (build / "2024" / "stones").mkdir(parents=True)
    outside.mkdir()
    (build / "2024" / "stones" / "index.html").write_text(POST_PAGE.format(day="2024-05-06"))
    (outside / "index.html").write_text(POST_PAGE.format(day="2024-05-07"))
    os.symlink(outside, build / "linked-folder")
    os.symlink(outside / "index.html", build / "linked.html")
    (build / "huge.html").write_bytes(b"<p>" + b"a" * MAX_PAGE_BYTES)

    site = read_built_site(build)

    assert [page.address for page in site.pages] == ["/2024/stones/"]
    assert site.left_out == ["huge.html: over 5 MB"]


def test_a_build_without_posts_is_refused(tmp_path):
    (tmp_path / "index.html").write_text(LISTING)
    with pytest.raises(ImporterError, match="no built post"):
        read_built_site(tmp_path)
    with pytest.raises(ImporterError, match="not a folder"):
        read_built_site(tmp_path / "missing")


def page(address, title, day):
    html = POST_PAGE.format(day=day).replace("Hot stones at home", title)
    return BuiltPage(address.strip("/") + "/index.html", address, read_page(html))


def wanted(key, title, day, slug=""):
    return Wanted(key, title, dt.date.fromisoformat(day), (slug,) if slug else ())


def test_posts_are_matched_by_title_and_day():
    pages = [
        page("/2023/stones/", "Hot stones at home", "2023-01-01"),
        page("/2024/stones/", "Hot stones at home", "2024-05-06"),
        page("/2024/neck/", "Neck release", "2024-05-09"),
        page("/2024/renamed/", "A title changed later", "2024-06-01"),
    ]
    posts = [
        wanted("new.md", "Hot stones at home", "2024-05-06"),
        wanted("old.md", "Hot Stones at Home!", "2023-01-01"),
        # Built a day later than its date says (a late evening in another time zone).
        wanted("neck.md", "Neck release", "2024-05-08"),
        # Its title changed since the build; the day and its slug in the address still say.
        wanted("renamed.md", "A title", "2024-06-01", slug="renamed"),
        wanted("unbuilt.md", "Never built", "2024-07-01"),
    ]

    found = {key: built.address for key, built in match_posts(posts, pages).items()}

    assert found == {
        "new.md": "/2024/stones/",
        "old.md": "/2023/stones/",
        "neck.md": "/2024/neck/",
        "renamed.md": "/2024/renamed/",
    }


def source_post(old_url, old_urls):
    day = dt.datetime(2024, 5, 6, tzinfo=dt.UTC)
    return SourcePost("Stones", "stones", day, "", old_urls=old_urls, old_url=old_url)


def test_the_built_address_replaces_the_computed_one_and_keeps_former_ones():
    post = source_post("/2024/05/stones/", ("/2024/05/stones/", "/stones-old/"))

    placed = at_built_address(post, "/2024/05/hot-stones-at-home/", template_given=False)

    assert placed.old_url == "/2024/05/hot-stones-at-home/"
    assert placed.old_urls == ("/2024/05/hot-stones-at-home/", "/stones-old/")


def test_an_explicit_old_url_template_wins_and_the_built_address_is_added():
    post = source_post("/old/stones/", ("/old/stones/",))

    placed = at_built_address(post, "/2024/05/hot-stones-at-home/", template_given=True)

    assert placed.old_url == "/old/stones/"
    assert placed.old_urls == ("/old/stones/", "/2024/05/hot-stones-at-home/")


def test_the_summary_names_the_posts_below_99_and_the_build_files_not_read():
    lines = verification_lines(
        {
            "checked": 2,
            "below_99": [{"source": "posts/stones.md", "words_in": 0.9712}],
            "without_built_page": ["posts/draft.md"],
            "built_without_source": ["/2024/05/gone/"],
            "built_left_out": ["huge.html: over 5 MB"],
        }
    )

    assert lines == [
        "  Checked against the old site's build: 2 post(s), 1 with less than 99% of the built "
        "page's words.",
        "     97.12%  posts/stones.md",
        "  1 post(s) have no built page (by title and date):",
        "    posts/draft.md",
        "  1 built post(s) match no imported file:",
        "    /2024/05/gone/",
        "  1 file(s) of the build were not read:",
        "    huge.html: over 5 MB",
    ]
    assert verification_lines(None) == []


def test_the_request_names_the_build_as_the_command_does():
    from pathlib import Path

    from importer.common import ImportRequest

    assert ImportRequest.of({"verify_against": "old/_site"}).verify_against == Path("old/_site")
    assert ImportRequest.of({"verify_against": None}).verify_against is None
    assert ImportRequest.of({}).verify_against is None


def test_a_title_is_read_as_a_line():
    from importer.verify.page import title_parts

    assert title_parts("Stones - Part 2 | Kneadful") == [
        "Stones - Part 2 | Kneadful",
        "Stones",
        "Part 2 | Kneadful",
        "Stones - Part 2",
        "Kneadful",
    ]
    # A <title> of a whole page's length is cut to a line before it is split.
    parts = title_parts("word - " * 200_000)
    assert len(parts) < 200 and all(len(part) <= 300 for part in parts)


def test_a_list_of_dated_links_is_a_listing_even_of_one_post():
    html = (
        "<html><head><title>Tag: stones</title></head><body><div class='post'>"
        "<h1>Tag: stones</h1><ul><li><a href='/2024/05/stones.html'>Hot stones at home</a>"
        " (6 May 2024)</li></ul></div></body></html>"
    )
    assert not read_page(html, "/tag/stones.html").post_like
