"""A post with several authors names them all, in order, wherever it names its author: the
byline (each linked to their own page when they have one), cards, JSON-LD, feeds and search."""

import json

import feedparser
from bs4 import BeautifulSoup

from blog.models import Author, BlogPageCoAuthor


def two_author_post(make_post):
    dana = Author.objects.create(name="Dana Stone", url="https://dana.example/", bio="RMT.")
    lee = Author.objects.create(name="Lee Marsh", bio="Physiotherapist.")
    ode = Author.objects.create(name="Ode Lind")
    return make_post(
        title="Working in pairs",
        author=dana,
        co_authors=[BlogPageCoAuthor(author=lee), BlogPageCoAuthor(author=ode)],
    )


def test_the_byline_names_every_author_in_order_with_their_links(client, make_post):
    post = two_author_post(make_post)
    page = BeautifulSoup(client.get(post.url).content, "html.parser")

    byline = page.select_one(".post__header .post-meta__author")
    assert " ".join(byline.get_text().split()) == "by Dana Stone, Lee Marsh and Ode Lind"
    assert [(a["href"], a.get_text()) for a in byline.select("a")] == [
        ("https://dana.example/", "Dana Stone")
    ]
    bios = [p.get_text() for p in page.select(".post__author-bio")]
    assert bios == ["Dana Stone: RMT.", "Lee Marsh: Physiotherapist."]
    card = BeautifulSoup(client.get("/blog/").content, "html.parser").select_one(".post-card")
    assert "Dana Stone, Lee Marsh and Ode Lind" in " ".join(card.get_text().split())


def test_structured_data_feeds_and_search_know_every_author(client, make_post):
    post = two_author_post(make_post)
    page = BeautifulSoup(client.get(post.url).content, "html.parser")
    posting = next(
        data
        for data in (
            json.loads(s.string) for s in page.select('script[type="application/ld+json"]')
        )
        if data.get("@type") == "BlogPosting"
    )

    assert posting["author"] == [
        {"@type": "Person", "name": "Dana Stone", "url": "https://dana.example/"},
        {"@type": "Person", "name": "Lee Marsh"},
        {"@type": "Person", "name": "Ode Lind"},
    ]
    entry = feedparser.parse(client.get("/feed/").content).entries[0]
    assert entry.author == "Dana Stone, Lee Marsh, Ode Lind"
    results = BeautifulSoup(client.get("/search/?q=Marsh").content, "html.parser")
    assert "Working in pairs" in results.get_text()


def test_editors_add_co_authors_in_the_post_editor(admin_client, make_post):
    post = two_author_post(make_post)
    form = admin_client.get(f"/admin/pages/{post.pk}/edit/").content.decode()
    assert "More authors" in form
    assert 'name="co_authors-TOTAL_FORMS" value="2"' in form
