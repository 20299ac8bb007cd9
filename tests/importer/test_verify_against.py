"""`import_posts SITE_ROOT --verify-against BUILT_DIR` on sites Hugo, Jekyll and Eleventy built
here: old addresses from where the built pages are, and each page checked against its built
page, with what the import lost named in the report."""

import json

import pytest
from wagtail.contrib.redirects.models import Redirect

from blog.models import BlogPage

from .built_sites import GENERATORS, Generator
from .helpers import report_of, run

LOST = '<h2 id="lost-heading">A heading the import lost</h2><p><img src="/img/lost.png" alt=""></p>'
NEW_POST = "---\ntitle: Written after the last build\ndate: 2024-04-01\n---\nNot built yet.\n"


def source(site, stem):
    built = {"_site", "public"}
    return next(p for p in site.rglob(f"*{stem}.md") if not built & set(p.parts))


def built_page(site, generator: Generator, stem: str):
    address = generator.addresses[stem]
    return site / generator.build_dir / address.strip("/") / "index.html"


@pytest.fixture(params=GENERATORS, ids=lambda generator: generator.name)
def built_site(request, tmp_path):
    """A fixture site built by its generator, then changed as a migration finds sites: its
    first post's built page shows a heading and a picture its file doesn't give, one post's
    file was deleted after the build, one post was written after it."""
    generator = request.param
    site = generator.build(tmp_path)
    page = built_page(site, generator, "warming-up")
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</article>", LOST + "</article>", 1), encoding="utf-8")
    deleted = source(site, "hydration")
    deleted.unlink()
    (deleted.parent / deleted.name.replace("hydration", "after-the-build")).write_text(NEW_POST)
    return generator, site


def test_posts_take_their_built_addresses_and_are_checked(site_tree, built_site, tmp_path):
    generator, site = built_site
    build = site / generator.build_dir

    report = report_of(tmp_path, site, "--verify-against", build)

    rows = {row["source"]: row for row in report["posts"]}
    warm = rows[str(source(site, "warming-up"))]["verified"]
    back = rows[str(source(site, "upper-back"))]["verified"]
    assert warm["address"] == generator.addresses["warming-up"]
    assert back["address"] == generator.addresses["upper-back"]
    # What the import lost is named; the rest of the post is there.
    assert warm["pictures_missing"] == ["/img/lost.png"]
    assert warm["heading_ids_missing"] == ["lost-heading"]
    assert 0.85 < warm["words_in"] < 0.99
    assert warm["links_missing"] == []
    assert back == back | {"words_in": 1.0, "words_out": 1.0, "pictures_missing": []}
    assert back["links_missing"] == [] and back["heading_ids_missing"] == []
    verification = report["verification"]
    assert [post["source"] for post in verification["below_99"]] == [
        str(source(site, "warming-up"))
    ]
    assert verification["without_built_page"] == [str(source(site, "after-the-build"))]
    assert verification["built_without_source"] == [generator.addresses["hydration"]]
    assert verification["built_left_out"] == []
    new = rows[str(source(site, "after-the-build"))]["verified"]
    assert new["built_path"] is None and "no built page" in new["error"]


def test_redirects_come_from_the_built_addresses(site_tree, built_site):
    generator, site = built_site

    run(site, "--verify-against", site / generator.build_dir)

    for stem in ("warming-up", "upper-back"):
        old_path = generator.addresses[stem].rstrip("/")
        redirect = Redirect.objects.get(old_path=old_path)
        assert isinstance(redirect.redirect_page.specific, BlogPage)


def test_an_explicit_old_url_wins_and_the_built_address_redirects_too(site_tree, built_site):
    generator, site = built_site

    run(site, "--verify-against", site / generator.build_dir, "--old-url", "/old/{name}/")

    page = Redirect.objects.get(old_path="/old/warming-up").redirect_page
    built = generator.addresses["warming-up"].rstrip("/")
    assert Redirect.objects.get(old_path=built).redirect_page == page


def test_the_summary_names_what_the_check_found(site_tree, built_site, tmp_path):
    generator, site = built_site

    report = tmp_path / "report.json"
    out = run(site, "--verify-against", site / generator.build_dir, "--dry-run", "--report", report)

    assert "Checked against the old site's build: 2 post(s), 1 with less than 99%" in out
    assert str(source(site, "warming-up")) in out
    assert "1 post(s) have no built page" in out
    assert f"1 built post(s) match no imported file:\n    {generator.addresses['hydration']}" in out
    # A dry run checks the pictures as the post gives them, as the import does.
    rows = {row["source"]: row for row in json.loads(report.read_text())["posts"]}
    assert rows[str(source(site, "warming-up"))]["verified"]["pictures_missing"] == [
        "/img/lost.png"
    ]
