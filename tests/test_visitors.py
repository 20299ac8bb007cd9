"""What a visitor, a search engine and a feed reader get from the blog."""

import datetime
import json
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.redirects.models import Redirect

from blog.models import WORDS_PER_MINUTE, BlogPage
from tests.helpers import EDMONTON

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def words(count):
    return " ".join(["stretch"] * count)


def json_ld(page_soup):
    return {
        item["@type"]: item
        for item in (
            json.loads(script.string)
            for script in page_soup.select('script[type="application/ld+json"]')
        )
    }


@pytest.fixture
def author(db):
    from blog.models import Author

    return Author.objects.create(name="Dana Stone", bio="Registered Massage Therapist.")


def test_post_page_shows_everything_about_the_post(client, make_post, make_image, author):
    older = make_post(title="Older post", date=datetime.datetime(2026, 1, 1, tzinfo=EDMONTON))
    post = make_post(
        title="Desk neck, explained",
        intro="Why screens tighten your neck.",
        author=author,
        tags=["neck pain"],
        feature_image=make_image(),
        feature_image_alt="A therapist working on a client's neck",
        date=datetime.datetime(2026, 2, 1, 9, 0, tzinfo=EDMONTON),
        body=[{"type": "paragraph", "value": f"<p>{words(WORDS_PER_MINUTE * 2 + 10)}</p>"}],
    )
    newer = make_post(title="Newer post", date=datetime.datetime(2026, 3, 1, tzinfo=EDMONTON))

    page = soup(client.get(post.url))

    assert page.h1.get_text() == "Desk neck, explained"
    meta = page.select_one(".post-meta")
    assert meta.time["datetime"].startswith("2026-02-01T09:00:00")
    assert "February 1, 2026" in meta.get_text()
    assert "by Dana Stone" in meta.get_text()
    # Two minutes and a bit of words reads as three minutes, rounded up.
    assert "3 min read" in meta.get_text()
    assert page.select_one(".post__feature")["alt"] == "A therapist working on a client's neck"
    assert [a.get_text() for a in page.select(".post__footer .tags a")] == ["neck pain"]
    assert page.select_one(".post__footer .tags a")["href"] == "/blog/tags/neck-pain/"
    assert page.select_one('.post-nav a[rel="prev"]')["href"] == older.url
    assert page.select_one('.post-nav a[rel="next"]')["href"] == newer.url
    assert "Dana Stone" in page.select_one(".post__author-bio").get_text()


def test_newer_and_older_links_walk_every_post_in_date_order_even_on_the_same_day(make_post):
    same_day = datetime.datetime(2026, 2, 1, 9, 0, tzinfo=EDMONTON)
    posts = [
        make_post(title="Third", date=datetime.datetime(2026, 3, 1, tzinfo=EDMONTON)),
        make_post(title="Same day A", date=same_day),
        make_post(title="First", date=datetime.datetime(2026, 1, 1, tzinfo=EDMONTON)),
        make_post(title="Same day B", date=same_day),
        make_post(title="Same day C", date=same_day),
    ]
    in_order = sorted(posts, key=lambda post: (post.date, post.pk))
    OLDER, NEWER = 0, 1  # neighbours() is (older, newer)

    def walk(post, step):
        titles = []
        for _ in range(len(posts) + 1):  # a link back to the same post must fail, not hang
            if post is None:
                break
            titles.append(post.title)
            neighbour = post.neighbours()[step]
            post = neighbour and BlogPage.objects.get(slug=neighbour.slug)
        return titles

    forward = walk(in_order[0], NEWER)
    assert forward == ["First", "Same day A", "Same day B", "Same day C", "Third"]
    assert walk(in_order[-1], OLDER) == forward[::-1]


def test_a_post_without_a_booking_block_still_ends_with_one(client, make_post):
    plain = make_post(title="Plain", body=[{"type": "paragraph", "value": "<p>Hi</p>"}])
    own = make_post(
        title="Own",
        body=[{"type": "booking_cta", "value": {"heading": "Book your first visit"}}],
    )

    plain_ctas = soup(client.get(plain.url)).select("main .booking-cta")
    own_ctas = soup(client.get(own.url)).select("main .booking-cta")

    assert len(plain_ctas) == 1
    assert plain_ctas[0].select_one(".button--call")["href"] == "tel:+15879380458"
    assert plain_ctas[0].select_one(".button--book_online")["href"] == (
        "https://stonemassage.ca/book/"
    )
    assert len(own_ctas) == 1
    assert own_ctas[0].h2.get_text() == "Book your first visit"


def test_pictures_are_responsive_modern_sized_and_lazy_below_the_fold(
    client, make_post, make_image
):
    post = make_post(
        title="Pictures",
        feature_image=make_image(),
        body=[
            {
                "type": "image",
                "value": {"image": make_image("Oil bottles").pk, "alt_text": "Oils", "caption": ""},
            }
        ],
    )

    page = soup(client.get(post.url))

    feature = page.select_one(".post__header picture")
    webp = feature.select_one('source[type="image/webp"]')
    assert len(webp["srcset"].split(",")) == 3
    assert all(".webp" in candidate for candidate in webp["srcset"].split(","))
    assert webp["sizes"]
    img = feature.img
    assert img["src"].endswith(".jpg")
    assert len(img["srcset"].split(",")) == 3
    assert int(img["width"]) > 0 and int(img["height"]) > 0
    # The feature image is the first thing on screen: never lazy.
    assert "loading" not in img.attrs
    assert img["fetchpriority"] == "high"

    body_img = page.select_one(".block-image picture img")
    assert body_img["loading"] == "lazy"
    assert body_img["alt"] == "Oils"
    assert int(body_img["width"]) == 480 and int(body_img["height"]) == 300
    assert page.select_one('.block-image source[type="image/webp"]')


def test_cards_show_picture_title_date_intro_and_tags(client, make_post, make_image):
    make_post(
        title="Sciatica relief",
        intro="What helps, and what doesn't.",
        tags=["back pain", "sciatica"],
        feature_image=make_image(),
        date=datetime.datetime(2026, 4, 2, tzinfo=EDMONTON),
    )

    for url in ("/", "/blog/", "/blog/tags/sciatica/", "/search/?q=sciatica"):
        card = soup(client.get(url)).select_one(".post-card")
        assert card.select_one(".post-card__title a").get_text() == "Sciatica relief", url
        assert card.time.get_text() == "April 2, 2026", url
        assert card.select_one(".post-card__intro").get_text() == "What helps, and what doesn't."
        assert [li.get_text() for li in card.select(".tags li")] == ["back pain", "sciatica"], url
        img = card.select_one("picture img")
        assert img["loading"] == "lazy" and img["width"] == "320" and img["height"] == "180", url
        assert card.select_one('source[type="image/webp"]'), url


def test_listing_queries_do_not_grow_with_the_number_of_posts(client, make_post, make_image):
    def queries_for(url):
        client.get(url)  # the first visit makes the renditions; the count is for every later one
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for day in (1, 2):
        make_post(title=f"Post {day}", tags=["a", "b"], feature_image=make_image(f"Image {day}"))
    counts_for_two = {url: queries_for(url) for url in ("/", "/blog/", "/search/?q=post")}
    for day in range(3, 9):
        make_post(title=f"Post {day}", tags=["a", "c"], feature_image=make_image(f"Image {day}"))
    counts_for_eight = {url: queries_for(url) for url in ("/", "/blog/", "/search/?q=post")}

    assert counts_for_eight == counts_for_two


def test_body_pictures_cost_one_query_however_many(client, make_post, make_image):
    def body(count):
        return [
            {"type": "image", "value": {"image": make_image(f"Body {n}").pk, "alt_text": "x"}}
            for n in range(count)
        ]

    def queries_for(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    one = make_post(title="One picture", body=body(1))
    five = make_post(title="Five pictures", body=body(5))

    assert queries_for(five.url) == queries_for(one.url)


def test_every_page_has_title_description_canonical_and_sharing_tags(client, make_post, make_image):
    post = make_post(
        title="Desk neck, explained",
        intro="Why screens tighten your neck.",
        feature_image=make_image(),
        feature_image_alt="A neck massage",
        tags=["neck pain"],
    )

    page = soup(client.get(post.url))

    assert page.title.get_text() == "Desk neck, explained | Stone Massage"
    assert page.select_one('meta[name="description"]')["content"] == (
        "Why screens tighten your neck."
    )
    assert page.select_one('link[rel="canonical"]')["href"] == post.full_url
    og = {m["property"]: m["content"] for m in page.select("meta[property]")}
    assert og["og:type"] == "article"
    assert og["og:title"] == "Desk neck, explained"
    assert og["og:description"] == "Why screens tighten your neck."
    assert og["og:url"] == post.full_url
    assert og["og:image"].startswith("http://testserver/media/images/")
    assert og["og:image"].endswith(".jpg")
    assert og["og:image:alt"] == "A neck massage"
    twitter = {m["name"]: m["content"] for m in page.select('meta[name^="twitter:"]')}
    assert twitter["twitter:card"] == "summary_large_image"
    assert twitter["twitter:image"] == og["og:image"]
    # The shared picture is a real rendition of the size the tags promise.
    rendition = post.feature_image.renditions.get(filter_spec="fill-1200x630|format-jpeg")
    assert og["og:image"] == "http://testserver" + rendition.url
    assert (rendition.width, rendition.height) == (1200, 630)

    for url in ("/", "/blog/", "/blog/tags/neck-pain/", "/blog/?page=1"):
        other = soup(client.get(url))
        assert other.title.get_text().strip(), url
        assert other.select_one('meta[name="description"]')["content"].strip(), url
        assert other.select_one('link[rel="canonical"]')["href"].startswith("http://testserver/")
        assert other.select_one('meta[property="og:title"]'), url
        assert other.select_one('meta[name="twitter:card"]'), url
    tag_page = soup(client.get("/blog/tags/neck-pain/"))
    assert tag_page.select_one('link[rel="canonical"]')["href"] == (
        "http://testserver/blog/tags/neck-pain/"
    )


def test_second_page_of_a_listing_is_its_own_canonical_page(client, make_post):
    for day in range(1, 13):
        make_post(
            title=f"Post {day}", tags=["x"], date=datetime.datetime(2026, 1, day, tzinfo=EDMONTON)
        )
    page = soup(client.get("/blog/?page=2"))
    tag_page = soup(client.get("/blog/tags/x/?page=2"))
    assert page.select_one('link[rel="canonical"]')["href"] == "http://testserver/blog/?page=2"
    assert "page 2" in page.title.get_text()
    assert tag_page.select_one('link[rel="canonical"]')["href"] == (
        "http://testserver/blog/tags/x/?page=2"
    )


def test_json_ld_describes_the_post_and_the_clinic(client, make_post, make_image, author):
    post = make_post(
        title="Desk neck, explained",
        intro="Why screens tighten your neck.",
        author=author,
        feature_image=make_image(),
        date=datetime.datetime(2026, 2, 1, 9, 0, tzinfo=EDMONTON),
    )

    data = json_ld(soup(client.get(post.url)))

    posting = data["BlogPosting"]
    assert posting["@context"] == "https://schema.org"
    assert posting["headline"] == "Desk neck, explained"
    assert posting["description"] == "Why screens tighten your neck."
    assert posting["author"] == {"@type": "Person", "name": "Dana Stone"}
    assert datetime.datetime.fromisoformat(posting["datePublished"]) == post.date
    assert posting["url"] == post.full_url
    assert posting["image"].startswith("http://testserver/media/images/")
    business = data["LocalBusiness"]
    assert business["name"] == "Stone Massage"
    assert business["telephone"] == "+15879380458"
    assert business["potentialAction"] == {
        "@type": "ReserveAction",
        "target": "https://stonemassage.ca/book/",
    }
    home = json_ld(soup(client.get("/")))
    assert home["LocalBusiness"]["telephone"] == "+15879380458"
    assert "BlogPosting" not in home


def test_json_ld_cannot_be_broken_out_of_by_a_title(client, make_post):
    post = make_post(title="</script><script>alert(1)</script>")
    html = client.get(post.url).content.decode()
    assert "<script>alert(1)" not in html
    posting = json_ld(BeautifulSoup(html, "html.parser"))["BlogPosting"]
    assert posting["headline"] == "</script><script>alert(1)</script>"


def test_feeds_parse_and_list_live_posts_newest_first(client, make_post, author):
    make_post(
        title="Older post",
        intro="The older one.",
        author=author,
        tags=["stretching"],
        date=datetime.datetime(2026, 1, 5, 8, 0, tzinfo=EDMONTON),
    )
    newest = make_post(
        title="Newest post",
        body=[{"type": "paragraph", "value": "<p>Only a body, no intro.</p>"}],
        date=datetime.datetime(2026, 2, 5, 8, 0, tzinfo=EDMONTON),
    )
    make_post(title="Unpublished draft", live=False)

    rss = feedparser.parse(client.get("/feed/").content)
    atom = feedparser.parse(client.get("/feed/atom/").content)

    assert client.get("/feed/")["Content-Type"].startswith("application/rss+xml")
    assert client.get("/feed/atom/")["Content-Type"].startswith("application/atom+xml")
    for feed, version in ((rss, "rss20"), (atom, "atom10")):
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == version
        assert feed.feed.title == "Stone Massage: Blog"
        assert [entry.title for entry in feed.entries] == ["Newest post", "Older post"]
        first, second = feed.entries
        assert first.link == "http://testserver" + newest.url
        assert first.summary == "Only a body, no intro."
        assert second.summary == "The older one."
        assert second.author == "Dana Stone"
        assert [tag.term for tag in second.tags] == ["stretching"]
        published = datetime.datetime(*second.published_parsed[:6], tzinfo=datetime.UTC)
        assert published == datetime.datetime(2026, 1, 5, 15, 0, tzinfo=datetime.UTC)


def test_every_page_links_to_both_feeds(client, make_post):
    post = make_post(title="A post", tags=["x"])
    for url in ("/", "/blog/", post.url, "/blog/tags/x/", "/search/?q=post", "/no-such-page/"):
        page = BeautifulSoup(client.get(url).content, "html.parser")
        assert page.select_one('link[rel="alternate"][type="application/rss+xml"]')["href"] == (
            "/feed/"
        ), url
        assert page.select_one('link[rel="alternate"][type="application/atom+xml"]')["href"] == (
            "/feed/atom/"
        ), url


def test_sitemap_lists_every_live_post_and_no_draft(client, make_post):
    live = [make_post(title=f"Live {n}") for n in range(3)]
    draft = make_post(title="Draft", live=False)

    tree = ElementTree.fromstring(client.get("/sitemap.xml").content)

    listed = {loc.text for loc in tree.iter(f"{SITEMAP_NS}loc")}
    assert {post.full_url for post in live} <= listed
    assert draft.full_url not in listed
    assert "http://testserver/" in listed and "http://testserver/blog/" in listed


def test_robots_txt_points_to_the_sitemap(client, site_tree):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_search_finds_live_posts_by_their_words(client, make_post):
    make_post(
        title="Sciatica relief",
        body=[{"type": "paragraph", "value": "<p>The piriformis muscle can press a nerve.</p>"}],
    )
    make_post(title="Pregnancy massage", intro="Side-lying comfort.")
    make_post(title="Piriformis draft", live=False)

    found = soup(client.get("/search/", {"q": "piriformis"}))
    nothing = soup(client.get("/search/", {"q": "zebra"}))
    empty = soup(client.get("/search/"))

    assert [a.get_text() for a in found.select(".post-card__title a")] == ["Sciatica relief"]
    assert "1 post found" in found.select_one(".search-summary").get_text()
    assert found.select_one("input[name=q]")["value"] == "piriformis"
    assert not nothing.select(".post-card")
    assert "No posts found" in nothing.select_one(".search-summary").get_text()
    assert not empty.select(".post-card") and empty.select_one("form[role=search]")


def test_an_old_post_url_answers_301_to_the_new_page(client, make_post):
    post = make_post(title="Therapeutic massage explained")
    Redirect.add_redirect(
        "/2019/03/therapeutic-massage-explained/", redirect_to=post, is_permanent=True
    )

    response = client.get("/2019/03/therapeutic-massage-explained/")

    assert response.status_code == 301
    assert response["Location"] == post.url
    assert client.get(response["Location"]).status_code == 200


def test_feed_queries_do_not_grow_with_the_number_of_posts(client, make_post, make_image):
    def post(n):
        # No intro: the description comes from the body, which also holds a picture.
        make_post(
            title=f"Post {n}",
            tags=["a"],
            body=[
                {"type": "image", "value": {"image": make_image(f"Body {n}").pk, "alt_text": ""}},
                {"type": "paragraph", "value": f"<p>Words of post {n}.</p>"},
            ],
        )

    def queries_for(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    post(1)
    client.get("/feed/")  # fills what every page reads from the cache (settings, root paths)
    counts_for_one = {url: queries_for(url) for url in ("/feed/", "/feed/atom/")}
    for n in range(2, 7):
        post(n)
    counts_for_six = {url: queries_for(url) for url in ("/feed/", "/feed/atom/")}

    assert counts_for_six == counts_for_one
    assert "Words of post 6." in client.get("/feed/").content.decode()


def test_a_post_page_costs_the_same_queries_however_many_tags(client, make_post, make_image):
    def queries_for(post):
        client.get(post.url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(post.url).status_code == 200
        return len(captured)

    one = make_post(title="One tag", tags=["a"], feature_image=make_image())
    many = make_post(title="Many tags", tags=["a", "b", "c", "d", "e"], feature_image=make_image())

    assert queries_for(many) == queries_for(one)
