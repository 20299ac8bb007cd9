"""Imported from a Hugo site's root with no --old-url: each post's old address is the one Hugo
gave it (its permalinks, ``:slug`` falling back to the title), which redirects to the new page
and which links between posts resolve from; the new address drops the bundle's sort prefix; a
link that matches no old address says what it may have meant."""

import re

from wagtail.contrib.redirects.models import Redirect

from blog.models import BlogPage

from .helpers import report_of, write_post

PAGE_LINK = re.compile(r'linktype="page" id="(\d+)"')
CONFIG = """baseURL = "https://old.example/"
title = "Clinic"
[permalinks]
  posts = "/:year/:month/:day/:slug/"
"""


def hugo_site(root):
    root.mkdir(parents=True)
    (root / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    posts = root / "content" / "posts"
    write_post(
        posts / "0316-hot-stones",
        "index.md",
        "---\ntitle: Hot stones v2.0, explained\ndate: 2019-05-24\n---\nWarm basalt.\n",
    )
    write_post(
        posts / "0420-welcome",
        "index.md",
        "---\ntitle: Welcome\ndate: 2019-06-01\n---\n"
        "Read [about stones](/2019/05/24/hot-stones-v2.0-explained/) and "
        "[the old guess](/posts/0316-hot-stones/).\n",
    )
    return root


def body_of(page):
    return "".join(str(block.value.source) for block in page.body)


def test_a_hugo_sites_old_addresses_redirect_and_links_resolve(site_tree, tmp_path):
    site = hugo_site(tmp_path / "old-site")

    report = report_of(tmp_path, site)

    stones = BlogPage.objects.get(title="Hot stones v2.0, explained")
    welcome = BlogPage.objects.get(title="Welcome")
    # The new address is named by the title, as the old one was: no 0316- sort prefix.
    assert stones.slug == "hot-stones-v2-0-explained"
    redirect = Redirect.objects.get(old_path="/2019/05/24/hot-stones-v2.0-explained")
    assert redirect.redirect_page_id == stones.pk
    assert PAGE_LINK.findall(body_of(welcome)) == [str(stones.pk)]
    row = next(row for row in report["posts"] if "0420-welcome" in row["source"])
    assert row["unresolved_links"] == ["/posts/0316-hot-stones/"]
    (warning,) = [w for w in row["warnings"] if "/posts/0316-hot-stones/" in w]
    assert "has that name" in warning
    assert "/2019/05/24/hot-stones-v2.0-explained/" in warning
    assert "not imported" not in warning


def test_old_url_overrides_the_addresses_hugo_computed(site_tree, tmp_path):
    site = hugo_site(tmp_path / "old-site")

    report_of(tmp_path, site, old_url="/articles/{name}/")

    stones = BlogPage.objects.get(title="Hot stones v2.0, explained")
    assert Redirect.objects.get(old_path="/articles/0316-hot-stones").redirect_page_id == stones.pk
    assert not Redirect.objects.filter(old_path__startswith="/2019/").exists()
