"""Old addresses and links between posts, without a database: the --old-url template, the
addresses a post had, and finding the post a link is to however the old site wrote it."""

import datetime
from pathlib import Path

import pytest

from importer.common import ImporterError, RunOptions
from importer.generators.addresses import check_old_url_template
from importer.stages.parse.post import parse_post
from importer.write.link_index import (
    LinkIndex,
    address_key,
    check_old_origin,
    is_reserved,
    site_link,
)

from .helpers import write_post

KNOWN = "{slug}, {name}, {path}, {year}, {month}, {day}"


def parse(path: Path, text: str, template: str = "", roots: tuple[Path, ...] = ()):
    """The post `text` parsed as the file `path` (written there) found under `roots`."""
    write_post(path.parent, path.name, text)
    options = RunOptions(
        time_zone="America/Edmonton", old_url_template=template, source_roots=roots
    )
    return parse_post(text, path, options)


@pytest.mark.parametrize(
    ("template", "named"),
    [
        ("/blog/{path2}/", "{path2}"),
        ("/{title}/", "{title}"),
        ("/blog/{}/", "{}"),
        ("/blog/{slug!r}/", "{slug!r}"),
        ("/blog/{slug:>30}/", "{slug:>30}"),
        ("/blog/{slug.upper}/", "{slug.upper}"),
        ("/blog/{slug[0]}/", "{slug[0]}"),
    ],
)
def test_an_unknown_placeholder_is_refused_naming_the_known_ones(template, named):
    with pytest.raises(ImporterError) as error:
        check_old_url_template(template)

    assert error.value.field == "--old-url"
    assert f"unknown placeholder {named}" in error.value.message
    assert KNOWN in error.value.fix


@pytest.mark.parametrize("template", ["/blog/{slug", "/blog/slug}/", "/blog/{sl{ug}}/"])
def test_unbalanced_braces_are_refused(template):
    with pytest.raises(ImporterError) as error:
        check_old_url_template(template)

    assert error.value.field == "--old-url"
    assert "cannot be read" in error.value.message
    assert KNOWN in error.value.fix


def test_literal_braces_and_every_placeholder_are_accepted():
    check_old_url_template("/{{archive}}/{year}/{month}/{day}/{name}-{slug}/{path}.html")


POST = "---\ntitle: Release notes\ndate: 2024-03-07\n---\nText.\n"


@pytest.mark.parametrize(
    ("relative", "template", "expected"),
    [
        # Jekyll's :title keeps the file name's case and drops its date.
        ("_posts/2024-03-07-Release-Notes.md", "/{year}/{month}/{day}/{name}.html",
         "/2024/03/07/Release-Notes.html"),
        # {path} is the file's path under SOURCE, dots and case kept.
        ("release/v4.2.3.md", "/blog/{path}/", "/blog/release/v4.2.3/"),
        ("2024/Hello World.md", "/{path}/", "/2024/Hello World/"),
        # An index file is its folder, as a Hugo or Gatsby bundle's address is.
        ("news/0.30-relnotes/index.md", "/{path}/", "/news/0.30-relnotes/"),
        ("news/0.30-relnotes/index.md", "/news/{name}/", "/news/0.30-relnotes/"),
        ("2024-03-07-notes.markdown", "/blog/{slug}/", "/blog/notes/"),
    ],
)  # fmt: skip
def test_the_old_url_template_fills_in_the_post(tmp_path, relative, template, expected):
    path = tmp_path / "site" / relative
    post = parse(path, POST, template, roots=(tmp_path / "site",))

    assert post.old_urls == (expected,)
    assert post.old_url == expected


def test_without_a_source_folder_path_is_the_file_name(tmp_path):
    post = parse(tmp_path / "Some-Post.md", POST, "/b/{path}.html")
    assert post.old_urls == ("/b/Some-Post.html",)


@pytest.mark.parametrize(
    ("front_matter", "expected_own", "expected"),
    [
        # Hugo's url: is the post's own address; the template is not used beside it.
        ("url: /2019/old-name/\n", "/2019/old-name/", ("/2019/old-name/",)),
        # A link post's url is another site's page, not an address of this one.
        ("url: https://example.org/article\n", "/blog/notes/", ("/blog/notes/",)),
        # A relative alias sits beside the post's own address, as Hugo writes it.
        ("url: /posts/2019/new/\naliases: [old-name, /kept/]\n", "/posts/2019/new/",
         ("/posts/2019/new/", "/posts/2019/old-name", "/kept/")),
        ("aliases: [../moved]\n", "/blog/notes/", ("/blog/notes/", "/moved")),
        # Zola's path is the page's own address; its aliases are paths from the site's root.
        ("path: 2014/12/12/Timeline\naliases: [2014/12/12/Timeline.html]\n",
         "/2014/12/12/Timeline", ("/2014/12/12/Timeline", "/2014/12/12/Timeline.html")),
        ("aliases: [old-notes]\ntaxonomies:\n  tags: [a]\n", "/blog/notes/",
         ("/blog/notes/", "/old-notes")),
        # redirect_from (jekyll-redirect-from) is read from the site root.
        ("redirect_from: [old-name]\n", "/blog/notes/", ("/blog/notes/", "/old-name")),
    ],
)  # fmt: skip
def test_own_and_former_addresses(tmp_path, front_matter, expected_own, expected):
    text = f"---\ntitle: Notes\ndate: 2024-03-07\n{front_matter}---\nText.\n"
    post = parse(tmp_path / "notes.md", text, "/blog/{slug}/")

    assert post.old_url == expected_own
    assert post.old_urls == expected


@pytest.mark.parametrize(
    ("source", "relative", "expected"),
    [
        # Without an address of its own, a post is where Hugo put it: under content/.
        ("content", "posts/migrate.md", "/posts/migrate-from-jekyl"),
        ("content/posts", "migrate.md", "/posts/migrate-from-jekyl"),
        ("content", "posts/migrate/index.md", "/posts/migrate-from-jekyl"),
        ("", "content/blog/2024/migrate.md", "/blog/2024/migrate-from-jekyl"),
        # Elsewhere, the folder it was imported from is its section.
        ("news", "migrate.md", "/news/migrate-from-jekyl"),
    ],
)
def test_a_relative_alias_is_read_in_the_posts_section(tmp_path, source, relative, expected):
    root = tmp_path / "site" / source
    text = "---\ntitle: Migrate\ndate: 2024-03-07\naliases: [migrate-from-jekyl]\n---\nText.\n"

    post = parse(root / relative, text, roots=(root,))

    assert post.old_urls == (expected,)
    assert post.old_url == ""


@pytest.mark.parametrize(
    "written",
    [
        "/blog/v4-2-3/",
        "/blog/v4-2-3",
        "/Blog/V4-2-3/",
        "/blog/v4-2-3.html",
        "/blog/v4-2-3/index.html",
        "/blog/v4-2-3/index.htm",
        "/blog/v4-2-3.md",
        "/blog//v4-2-3/",
        "/blog/v4-2-3/#install",
        "/blog/v4-2-3/?utm_source=feed",
        "/blog/v4%2D2%2D3/",
    ],
)
def test_forms_of_one_address_share_its_key(written):
    assert address_key(written) == "/blog/v4-2-3"


def test_different_addresses_keep_different_keys():
    keys = {address_key(path) for path in ("/blog/a/", "/blog/a/b/", "/a/", "/", "/index.html")}
    assert keys == {"/blog/a", "/blog/a/b", "/a", "/"}


@pytest.mark.parametrize(
    ("href", "base", "path", "rest"),
    [
        ("../other-post/", "/blog/2020/this-post/", "/blog/2020/other-post/", ""),
        ("other.html#part", "/2020/01/02/this.html", "/2020/01/02/other.html", "#part"),
        ("/blog/a/?x=1#y", "/blog/b/", "/blog/a/", "?x=1#y"),
        ("https://old.example/blog/a/", "/blog/b/", "/blog/a/", ""),
        ("https://OLD.example", "/blog/b/", "/", ""),
        ("http://old.example/blog/a.html#x", "/blog/b/", "/blog/a.html", "#x"),
        ("//old.example/blog/a/", "/blog/b/", "/blog/a/", ""),
        ("./a.md", "/blog/b/", "/blog/b/a.md", ""),
    ],
)
def test_a_link_is_read_against_the_page_it_is_on(href, base, path, rest):
    link = site_link(href, base, "https://old.example")
    assert (link.path, link.rest) == (path, rest)


@pytest.mark.parametrize(
    "href",
    [
        "#top",
        "https://other.example/blog/a/",
        "https://old.example.com/a/",
        "https://www.old.example/a/",
        "ftp://old.example/a/",
        "//cdn.example/x.js",
        "mailto:desk@example.org",
        "tel:+15875550100",
        "",
        "?page=2",
    ],
)
def test_links_that_leave_the_site_or_stay_on_the_page_are_not_site_links(href):
    assert site_link(href, "/blog/b/", "https://old.example") is None


def index_of(*keys: str) -> LinkIndex:
    index = LinkIndex()
    for key in keys:
        index.add_file(key, key, Path(key).stem)
    return index


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("firstpost.md", "blog/firstpost.md"),
        ("./firstpost.md", "blog/firstpost.md"),
        ("../blog/2020/post.md", "blog/2020/post.md"),
        ("2020/post.md", "blog/2020/post.md"),
        ("/blog/firstpost.md", "blog/firstpost.md"),
        ("/content/blog/FirstPost.md", "blog/firstpost.md"),
        ("blog/thirdpost.md", "blog/thirdpost.md"),
        ("/blog/bundle/index.md", "blog/bundle/index.md"),
        ("/bundle/index.md#part", "blog/bundle/index.md"),
    ],
)
def test_a_link_to_a_source_file_finds_its_post(href, expected):
    index = index_of(
        "blog/firstpost.md",
        "blog/thirdpost.md",
        "blog/2020/post.md",
        "blog/bundle/index.md",
        "blog/other/index.md",
    )
    link = site_link(href, "/blog/secondpost/")

    assert index.find(link, "blog/secondpost.md") == expected


@pytest.mark.parametrize("href", ["/post.md", "/elsewhere/index.md", "/blog/missing.md"])
def test_a_source_file_link_that_could_be_several_posts_or_none_finds_none(href):
    index = index_of("a/post.md", "b/post.md", "a/one/index.md", "a/two/index.md")
    assert index.find(site_link(href, "/"), "a/x.md") is None


def test_an_address_a_post_had_first_stays_its_own():
    index = LinkIndex()
    index.add_addresses("a.md", ["/blog/a/"])
    index.add_addresses("b.md", ["/Blog/A.html", "/blog/b/"])

    assert index.find(site_link("/blog/a", "/"), "c.md") == "a.md"
    assert index.find(site_link("/blog/b/index.html", "/"), "c.md") == "b.md"


@pytest.mark.parametrize(
    ("path", "reserved"),
    [
        ("/favicon.ico", "/favicon.ico"),
        ("/.well-known/security.txt", "/.well-known"),
        ("/admin", "/admin"),
        ("/Admin/pages/", "/admin"),
        ("/feed/atom/", "/feed"),
        ("/static/css/site.css", "/static"),
        ("/robots.txt?x=1", "/robots.txt"),
        ("/administration-tips/", ""),
        ("/feedback/", ""),
        ("/blog/search/", ""),
    ],
)
def test_reserved_addresses_are_whole_segments(path, reserved):
    assert is_reserved(path) == reserved


@pytest.mark.parametrize(
    "origin", ["old.example", "https://old.example/blog", "ftp://old.example", "https:///x"]
)
def test_the_old_origin_must_be_a_scheme_and_host(origin):
    with pytest.raises(ImporterError) as error:
        check_old_origin(origin)
    assert error.value.field == "--old-origin"


def test_the_old_origin_loses_its_trailing_slash():
    assert check_old_origin("https://old.example:8080/") == "https://old.example:8080"


def test_dates_fill_the_template_as_the_post_gives_them(tmp_path):
    text = "---\ntitle: Late\ndate: 2024-12-31 23:30:00 -05:00\n---\nText.\n"
    post = parse(tmp_path / "late.md", text, "/{year}/{month}/{day}/{slug}/")
    assert post.date.date() == datetime.date(2024, 12, 31)
    assert post.old_urls == ("/2024/12/31/late/",)
