"""Links between imported posts, old addresses and redirects, through the import_posts command."""

import json
import re
import time

import pytest
from django.core.management.base import CommandError
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from blog.models import BlogPage

from .helpers import report_of, run, write_png, write_post

PAGE_LINK = re.compile(r'<a linktype="page" id="(\d+)">')


def row_of(report, name):
    return next(row for row in report["posts"] if row["source"].endswith(name))


def body_of(slug):
    return "".join(str(block.value.source) for block in BlogPage.objects.get(slug=slug).body)


def linked_pages(slug):
    return [int(page_id) for page_id in PAGE_LINK.findall(body_of(slug))]


def post(title, date, body, front_matter=""):
    return f"---\ntitle: {title}\ndate: {date}\n{front_matter}---\n{body}\n"


def test_every_form_of_an_old_address_becomes_a_page_link(site_tree, tmp_path):
    """The old site was Jekyll with permalink /:year/:month/:day/:title.html; posts wrote links
    to each other by hand in all the forms a browser would follow to the same page."""
    folder = tmp_path / "_posts"
    write_post(folder, "2025-01-01-Welcome.md", post("Welcome", "2025-01-01", "Hello."))
    forms = [
        "/2025/01/01/Welcome.html",
        "/2025/01/01/Welcome",
        "/2025/01/01/welcome.html",
        "/2025/01/01/Welcome/",
        "/2025/01/01/Welcome/index.html",
        "/blog/welcome/",
        "../../../2025/01/01/Welcome.html",
        "Welcome.html",
    ]
    links = " ".join(f"[form {n}]({href})" for n, href in enumerate(forms))
    # The follow-up lived on the same day, so its relative links read against that folder.
    write_post(folder, "2025-01-01-Follow-up.md", post("Follow-up", "2025-01-01 12:00", links))

    report = report_of(tmp_path, folder, old_url="/{year}/{month}/{day}/{name}.html")

    welcome = BlogPage.objects.get(slug="welcome")
    assert linked_pages("follow-up") == [welcome.pk] * len(forms)
    assert Redirect.objects.get(old_path="/2025/01/01/Welcome.html").redirect_page_id == welcome.pk
    assert row_of(report, "Follow-up.md")["unresolved_links"] == []


def test_a_fragment_is_noted_when_the_link_becomes_a_page_link(site_tree, tmp_path):
    write_post(tmp_path, "welcome.md", post("Welcome", "2025-01-01", "Hello."))
    write_post(
        tmp_path,
        "prices.md",
        post("Prices", "2025-02-01", "See [the hours](/blog/welcome/#opening-hours)."),
    )

    report = report_of(tmp_path, tmp_path, old_url="/blog/{slug}/")

    assert linked_pages("prices") == [BlogPage.objects.get(slug="welcome").pk]
    assert row_of(report, "prices.md")["warnings"] == [
        "Link to /blog/welcome/#opening-hours became a link to the page itself: a page link "
        "cannot keep '#opening-hours'."
    ]


def test_the_path_placeholder_keeps_folders_dots_and_case(site_tree, tmp_path):
    folder = tmp_path / "content"
    write_post(folder / "release", "v4.2.3.md", post("Version 4.2.3", "2025-01-01", "Fixes."))
    write_post(
        folder,
        "News.md",
        post("News", "2025-02-01", "Read [the notes](/blog/release/v4.2.3/) and [us](/blog/News)."),
    )

    run(folder, old_url="/blog/{path}/")

    release = BlogPage.objects.get(slug="v4-2-3")
    news = BlogPage.objects.get(slug="news")
    assert linked_pages("news") == [release.pk, news.pk]
    assert Redirect.objects.get(old_path="/blog/release/v4.2.3").redirect_page_id == release.pk


def test_links_written_as_the_source_file_become_page_links(site_tree, tmp_path):
    """Eleventy and Hugo rewrite links to a post's Markdown file to the post's address."""
    folder = tmp_path / "blog"
    write_post(folder, "firstpost.md", post("First", "2025-01-01", "One."))
    write_post(folder / "2020", "post.md", post("Old one", "2020-01-01", "Zero."))
    write_post(folder / "bundle", "index.md", post("Bundled", "2025-01-02", "Two."))
    write_post(
        folder / "2021",
        "second.md",
        post(
            "Second",
            "2025-01-03",
            "[a](../firstpost.md) [b](/blog/firstpost.md) [c](../2020/post.md) "
            '[d](/blog/bundle/index.md) <a href="blog/firstpost.md">e</a> '
            "[f](/firstpost.md#install)",
        ),
    )

    report = report_of(tmp_path, folder)

    first, old, bundled = (BlogPage.objects.get(slug=s).pk for s in ("firstpost", "post", "bundle"))
    assert linked_pages("second") == [first, first, old, bundled, first, first]
    assert row_of(report, "second.md")["unresolved_links"] == []


def test_relative_links_are_read_against_the_posts_own_old_address(site_tree, tmp_path):
    write_post(
        tmp_path, "a.md", post("Alpha", "2025-01-01", "A.", "permalink: /notes/2025/alpha/\n")
    )
    write_post(
        tmp_path,
        "b.md",
        post("Beta", "2025-01-02", "[back](../alpha/) [up](../../2025/alpha)",
             "permalink: /notes/2025/beta/\n"),
    )  # fmt: skip

    run(tmp_path)

    assert linked_pages("beta") == [BlogPage.objects.get(slug="alpha").pk] * 2


def test_links_to_posts_later_in_the_run_in_any_form_become_page_links(site_tree, tmp_path):
    write_post(
        tmp_path,
        "2025-01-01-first.md",
        post(
            "First",
            "2025-01-01",
            "[next](/2025/02/01/Second.html) [file](2025-02-01-Second.md) [new](/blog/second)",
        ),
    )
    write_post(tmp_path, "2025-02-01-Second.md", post("Second", "2025-02-01", "Two."))

    run(tmp_path, old_url="/{year}/{month}/{day}/{name}.html")

    first = BlogPage.objects.get(slug="first")
    assert linked_pages("first") == [BlogPage.objects.get(slug="second").pk] * 3
    assert first.revisions.count() == 1
    assert 'linktype="page"' in str(first.latest_revision.as_object().body[0].value.source)


@pytest.fixture
def blog_with_loose_links(tmp_path):
    """A post linking to an imported post, the old site's other pages, files it served, this
    site's own pages and views, other sites and anchors."""
    folder = tmp_path / "blog"
    (tmp_path / "static" / "files").mkdir(parents=True)
    (tmp_path / "static" / "files" / "menu.pdf").write_bytes(b"%PDF-1.4\n")
    write_png(folder / "chart.png")
    write_post(folder, "welcome.md", post("Welcome", "2025-01-01", "Hello."))
    links = [
        "/blog/welcome/",
        "/docs/history/",
        "../about-us/",
        "/files/menu.pdf",
        "chart.png",
        "/files/missing.pdf",
        "https://other.example/docs/",
        "#top",
        "/blog/",
        "/feed/",
        "/",
        "/docs/history/",
    ]
    text = " ".join(f"[{n}]({href})" for n, href in enumerate(links))
    write_post(folder, "tour.md", post("Tour", "2025-02-01", text))
    return folder


def test_links_that_lead_nowhere_are_listed_and_counted(site_tree, tmp_path, blog_with_loose_links):
    report_path = tmp_path / "report.json"
    out = run(
        blog_with_loose_links,
        "--assets",
        tmp_path,
        "--report",
        report_path,
        old_url="/blog/{slug}/",
    )

    report = json.loads(report_path.read_text())
    assert row_of(report, "tour.md")["unresolved_links"] == [
        "/docs/history/",
        "../about-us/",
        "/files/missing.pdf",
    ]
    assert row_of(report, "welcome.md")["unresolved_links"] == []
    assert report["summary"]["unresolved_links"] == 3
    assert "3 link(s) in 1 post(s) lead nowhere on this site" in out
    # Left as they were: a later import of those pages, or a redirect, mends them.
    assert 'href="/docs/history/"' in body_of("tour")


def test_old_origin_sends_links_to_pages_not_imported_to_the_old_site(
    site_tree, tmp_path, blog_with_loose_links
):
    write_post(
        blog_with_loose_links,
        "more.md",
        post("More", "2025-03-01", "[absolute](https://old.example/blog/welcome/)"),
    )

    report = report_of(
        tmp_path,
        blog_with_loose_links,
        "--assets",
        tmp_path,
        old_url="/blog/{slug}/",
        old_origin="https://old.example/",
    )

    tour = row_of(report, "tour.md")
    assert tour["unresolved_links"] == []
    body = body_of("tour")
    assert body.count('href="https://old.example/docs/history/"') == 2
    assert 'href="https://old.example/blog/about-us/"' in body
    assert 'href="https://old.example/files/missing.pdf"' in body
    assert 'href="/files/menu.pdf"' in body and 'href="/feed/"' in body
    assert (
        "Link to /docs/history/ is to no imported post (none had that address on the old "
        "site) nor to a page of this site; it now links to https://old.example/docs/history/."
        in tour["warnings"]
    )
    assert len(tour["warnings"]) == 3
    assert report["summary"]["unresolved_links"] == 0
    # A link to an imported post's page on the old site becomes a page link.
    assert linked_pages("more") == [BlogPage.objects.get(slug="welcome").pk]


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("/blog/{path}/{title}/", "unknown placeholder {title}"),
        ("/blog/{slug", "cannot be read"),
    ],
)
def test_a_bad_old_url_template_stops_the_command_before_anything_is_written(
    site_tree, tmp_path, template, message
):
    write_post(tmp_path, "a.md", post("A", "2025-01-01", "Text."))
    pages = Page.objects.count()

    with pytest.raises(CommandError) as error:
        run(tmp_path, "--report", tmp_path / "report.json", old_url=template)

    assert message in str(error.value)
    assert "{slug}, {name}, {path}, {year}, {month}, {day}" in str(error.value)
    assert Page.objects.count() == pages
    assert not (tmp_path / "report.json").exists()


def test_a_bad_old_origin_stops_the_command(site_tree, tmp_path):
    write_post(tmp_path, "a.md", post("A", "2025-01-01", "Text."))
    with pytest.raises(CommandError, match="--old-origin"):
        run(tmp_path, old_origin="old.example/blog")
    assert not BlogPage.objects.exists()


def test_a_relative_hugo_alias_lives_in_the_posts_section(site_tree, tmp_path):
    section = tmp_path / "content" / "posts"
    write_post(
        section,
        "migrate.md",
        post("Migrate", "2025-01-01", "Text.", "aliases: [migrate-from-jekyl, /kept/]\n"),
    )
    write_post(
        section,
        "later.md",
        post("Later", "2025-02-01", "See [the move](/posts/migrate-from-jekyl/)."),
    )

    run(section)

    migrate = BlogPage.objects.get(slug="migrate")
    redirects = Redirect.objects.filter(redirect_page=migrate).values_list("old_path", flat=True)
    assert sorted(redirects) == ["/kept", "/posts/migrate-from-jekyl"]
    assert linked_pages("later") == [migrate.pk]


def test_aliases_never_claim_addresses_the_site_serves(site_tree, make_post, tmp_path):
    make_post(title="Prices", slug="prices")
    claimed = {
        "/favicon.ico": "/favicon.ico belongs to the site",
        "/.well-known/security.txt": "/.well-known belongs to the site",
        "/admin/": "/admin belongs to the site",
        "/django-admin/login/": "/django-admin belongs to the site",
        "/static/site.css": "/static belongs to the site",
        "/media/original_images/x.png": "/media belongs to the site",
        "/robots.txt": "/robots.txt belongs to the site",
        "/sitemap.xml": "/sitemap.xml belongs to the site",
        "/feed/": "/feed belongs to the site",
        "/search/": "/search belongs to the site",
        "/documents/1/menu.pdf": "the site serves that address itself",
        "/_util/login/": "the site serves that address itself",
        "/blog/prices/": "a page of the site answers there",
        "/blog/": "a page of the site answers there",
        "/blog/tags/massage/": "a page of the site answers there",
        "/blog/other/": "another imported post will live there",
    }
    aliases = "".join(f"  - {path}\n" for path in [*claimed, "/old/hostile/"])
    write_post(
        tmp_path, "hostile.md", post("Hostile", "2025-01-01", "Text.", f"aliases:\n{aliases}")
    )
    write_post(tmp_path, "other.md", post("Other", "2025-01-02", "Text."))

    report = report_of(tmp_path, tmp_path)

    assert list(Redirect.objects.values_list("old_path", flat=True)) == ["/old/hostile"]
    warnings = row_of(report, "hostile.md")["warnings"]
    assert warnings == [
        f"Old address {Redirect.normalise_path(path)} was not redirected: {reason}."
        for path, reason in claimed.items()
    ]


def test_a_post_changed_later_still_finds_posts_imported_before(site_tree, tmp_path):
    """On a re-run only the changed post is written: the others are found from their import
    records and redirects."""
    write_post(tmp_path, "2025-01-01-Welcome.md", post("Welcome", "2025-01-01", "Hello."))
    tour = write_post(tmp_path, "tour.md", post("Tour", "2025-02-01", "No links yet."))
    run(tmp_path, old_url="/{year}/{month}/{day}/{name}.html")
    tour.write_text(
        post(
            "Tour",
            "2025-02-01",
            "[file](2025-01-01-Welcome.md) [old](/2025/01/01/welcome) [new](/blog/welcome/)",
        )
    )

    report = report_of(tmp_path, tmp_path, old_url="/{year}/{month}/{day}/{name}.html")

    assert report["summary"]["updated"] == 1 and report["summary"]["unchanged"] == 1
    assert linked_pages("tour") == [BlogPage.objects.get(slug="welcome").pk] * 3


def test_odd_links_are_listed_without_stopping_the_post(site_tree, tmp_path):
    deep = "/a" * 40000 + "/"  # more segments than SQLite takes parameters in one query
    write_post(
        tmp_path,
        "odd.md",
        post(
            "Odd", "2025-01-01", f"[nul](/files/x%00.pdf) [deep]({deep}) [long](/{'x' * 5000}.pdf)"
        ),
    )

    started = time.perf_counter()
    report = report_of(tmp_path, tmp_path)

    # Looking for a page at each of the deep link's 40,000 levels took minutes.
    assert time.perf_counter() - started < 30
    assert row_of(report, "odd.md")["status"] == "created"
    assert row_of(report, "odd.md")["unresolved_links"] == [
        "/files/x%00.pdf",
        deep,
        f"/{'x' * 5000}.pdf",
    ]
