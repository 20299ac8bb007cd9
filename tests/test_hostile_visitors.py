"""Hostile input from visitors, or planted in posts: feeds, search and page numbers."""

import feedparser
import pytest
from bs4 import BeautifulSoup

from blog.models import Author
from blog.views import MAX_QUERY_LENGTH

PAYLOAD = '<img src=x onerror=alert(1)><script>alert("script")</script>'


def markup_and_text(html):
    parsed = BeautifulSoup(html, "html.parser")
    return parsed.find(), parsed.get_text()


def test_feeds_carry_a_posts_fields_as_text_never_as_markup(client, site_tree, make_post):
    author = Author.objects.create(name=PAYLOAD)
    make_post(title=f"Intro {PAYLOAD}", intro=PAYLOAD, author=author, tags=[PAYLOAD])
    make_post(title="Description", search_description=f"Read me {PAYLOAD}")
    # A paragraph's "&lt;" is a "<" the author typed: text, like the rest.
    make_post(
        title="Body only",
        body=[{"type": "paragraph", "value": "<p>Tips &amp; &lt;b onclick=alert(1)&gt;</p>"}],
    )
    site_tree.blog.search_description = PAYLOAD
    site_tree.blog.save_revision().publish()

    for url in ("/feed/", "/feed/atom/"):
        # Raw, as a reader that doesn't clean HTML would show it.
        feed = feedparser.parse(client.get(url).content, sanitize_html=False)
        assert not feed.bozo, feed.bozo_exception
        summaries = {entry.title: entry.summary for entry in feed.entries}
        assert set(summaries) == {f"Intro {PAYLOAD}", "Description", "Body only"}
        for summary in summaries.values():
            assert markup_and_text(summary)[0] is None, (url, summary)
        assert markup_and_text(summaries[f"Intro {PAYLOAD}"])[1] == PAYLOAD
        assert markup_and_text(summaries["Description"])[1] == f"Read me {PAYLOAD}"
        assert markup_and_text(summaries["Body only"])[1] == "Tips & <b onclick=alert(1)>"
        description = feed.feed.get("subtitle") or feed.feed.get("description")
        if feed.feed.subtitle_detail.type == "text/html":
            assert markup_and_text(description) == (None, PAYLOAD), url
        else:
            assert description == PAYLOAD, url
        for entry in feed.entries:
            # Titles, names and tags are text elements: readers never parse them as HTML.
            assert entry.title_detail.type == "text/plain"


HOSTILE_QUERIES = [
    '"massage',
    'massage"',
    '"',
    '""',
    "'",
    "mass\x00age",
    "\x00",
    "neck\x01\x08\x1b\x7f stretch",
    "\u200b",
    "AND",
    "massage OR",
    "NOT neck",
    "neck AND OR NOT",
    "(",
    "massage)",
    "*",
    "mass*",
    "-neck",
    "+neck",
    "^neck",
    "title:neck",
    "NEAR(neck stretch)",
    "neck: stretch",
    "{neck}",
    "%",
    "_",
    "\\",
    "neck & | ! <-> :*",
    "' OR 1=1 --",
    "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
    "massage " * 1250,
    "x" * 10_000,
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_search_answers_every_query_without_an_error(client, make_post, query):
    make_post(title="Neck stretch for desk workers", intro="Massage and stretching.")

    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    searched = response.context["query"]
    assert len(searched) <= MAX_QUERY_LENGTH


def test_search_still_finds_posts_by_their_words(client, make_post):
    make_post(title="Neck stretch for desk workers", intro="Massage and stretching.")
    make_post(title="Hot stones", intro="Warm basalt.")

    for query in ("neck", '"neck stretch"', "neck\x00", "massage" + " " * 300 + "neck"):
        found = [post.title for post in client.get("/search/", {"q": query}).context["results"]]
        assert found == ["Neck stretch for desk workers"], query


def test_search_page_has_a_description(client, site_tree):
    for params in ({}, {"q": "neck"}):
        page = BeautifulSoup(client.get("/search/", params).content, "html.parser")
        description = page.select('meta[name="description"]')
        assert [meta["content"] for meta in description] == [
            "Search every post of the Stone Massage blog by the words in it."
        ]
