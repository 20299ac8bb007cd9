"""Every public page carries a Content-Security-Policy under which no injected script could run."""

from bs4 import BeautifulSoup
from django.template.loader import get_template

from page_cache.middleware import HIT_HEADER


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def assert_strict(response, url):
    found = directives(response)
    assert found["script-src"] == ["'self'"], url
    assert found["style-src"] == ["'self'"], url
    assert found["object-src"] == ["'none'"], url
    assert found["base-uri"] == ["'self'"], url
    assert "unsafe" not in response["Content-Security-Policy"], url


def public_urls(make_post):
    post = make_post(
        title="Neck stretch",
        tags=["neck"],
        body=[{"type": "embed", "value": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"}],
    )
    return [
        "/",
        "/blog/",
        "/blog/?page=1",
        post.url,
        "/blog/tags/neck/",
        "/search/",
        "/search/?q=neck",
        "/feed/",
        "/robots.txt",
        "/sitemap.xml",
        "/no-such-page/",
    ]


def test_every_public_page_has_a_strict_policy(client, make_post):
    for url in public_urls(make_post):
        assert_strict(client.get(url), url)


def test_the_policy_allows_what_the_pages_load_and_nothing_inline(client, make_post):
    """What the policy allows is exactly what the pages need: no inline script or style, no
    event handler attribute, every script and stylesheet from the site itself, and video
    players from the two hosts the policy names."""
    for url in public_urls(make_post):
        response = client.get(url)
        if "html" not in response["Content-Type"]:
            continue
        page = BeautifulSoup(response.content, "html.parser")
        inline_scripts = [
            script
            for script in page.find_all("script")
            if not script.get("src") and script.get("type") != "application/ld+json"
        ]
        assert inline_scripts == [], url
        assert page.find_all("style") == [], url
        assert page.find_all(style=True) == [], url
        handlers = [
            (tag.name, name)
            for tag in page.find_all(True)
            for name in tag.attrs
            if name.lower().startswith("on")
        ]
        assert handlers == [], url
        frames = directives(response)["frame-src"]
        for frame in page.find_all("iframe"):
            assert any(frame["src"].startswith(host) for host in frames[1:]), url


def test_the_500_page_needs_no_inline_style():
    html = get_template("500.html").render()
    page = BeautifulSoup(html, "html.parser")
    assert page.find_all(style=True) == [] and page.find_all("style") == []


def test_pages_from_the_page_cache_carry_the_policy(client, make_post, settings):
    settings.PAGE_CACHE_SECONDS = 600
    post = make_post(title="Neck stretch")
    client.get(post.url)
    hit = client.get(post.url)
    assert hit[HIT_HEADER] == "hit"
    assert_strict(hit, post.url)
