"""Hostile input from visitors, or planted in posts: feeds, search and page numbers."""

import feedparser
from bs4 import BeautifulSoup

from blog.models import Author

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
