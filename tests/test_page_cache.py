"""The full-page cache: anonymous hits cost no query, and publishing shows at once."""

import gzip
import random
import string

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import PageViewRestriction

from blog.models import BlogPage
from page_cache.middleware import HIT_HEADER


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, response.content.decode()


def test_second_visit_is_a_hit_without_database_queries(
    page_cache, client, make_post, django_assert_num_queries
):
    post = make_post(title="Desk neck, explained", tags=["neck"])
    for url in (post.url, "/blog/", "/", "/blog/tags/neck/"):
        first, first_html = get(client, url)
        assert first[HIT_HEADER] == "miss"
        with django_assert_num_queries(0):
            second, second_html = get(client, url)
        assert second[HIT_HEADER] == "hit"
        assert second_html == first_html
        assert second["Content-Type"] == first["Content-Type"]


def test_cache_is_off_when_page_cache_seconds_is_zero(settings, client, make_post):
    settings.PAGE_CACHE_SECONDS = 0
    post = make_post(title="Desk neck, explained")
    get(client, post.url)
    response, _ = get(client, post.url)
    assert HIT_HEADER not in response


def test_publishing_a_new_revision_shows_at_once(page_cache, client, make_post):
    post = make_post(title="Desk neck, explained")
    for url in (post.url, "/blog/", "/"):
        get(client, url)

    post.title = "Desk neck, explained again"
    post.save_revision().publish()

    for url in (post.url, "/blog/", "/"):
        response, html = get(client, url)
        assert response[HIT_HEADER] == "miss"
        assert "Desk neck, explained again" in html


def test_a_draft_does_not_change_what_visitors_see(page_cache, client, make_post):
    post = make_post(title="Desk neck, explained")
    get(client, post.url)

    post.title = "Unreviewed draft title"
    post.save_revision()

    response, html = get(client, post.url)
    assert response[HIT_HEADER] == "hit"
    assert "Unreviewed draft title" not in html


def test_a_new_post_appears_on_the_index_and_home_at_once(page_cache, client, make_post):
    make_post(title="First post")
    get(client, "/blog/")
    get(client, "/")

    make_post(title="Second post")

    assert "Second post" in get(client, "/blog/")[1]
    assert "Second post" in get(client, "/")[1]


def test_unpublishing_and_deleting_take_a_post_away_at_once(page_cache, client, make_post):
    kept = make_post(title="Kept post")
    unpublished = make_post(title="Unpublished post")
    deleted = make_post(title="Deleted post")
    unpublished_url, deleted_url = unpublished.url, deleted.url
    for url in (unpublished_url, deleted_url, "/blog/"):
        get(client, url)

    unpublished.unpublish()
    assert client.get(unpublished_url).status_code == 404
    assert "Unpublished post" not in get(client, "/blog/")[1]

    deleted.delete()
    assert client.get(deleted_url).status_code == 404
    html = get(client, "/blog/")[1]
    assert "Deleted post" not in html and "Kept post" in html
    assert kept.title in get(client, kept.url)[1]


def test_saving_booking_settings_shows_at_once(page_cache, client, site_tree, make_post):
    post = make_post(title="Desk neck, explained")
    assert "587-938-0458" in get(client, post.url)[1]

    site_tree.booking.phone_number = "780-555-0199"
    site_tree.booking.save()

    html = get(client, post.url)[1]
    assert "780-555-0199" in html and "587-938-0458" not in html


def test_logged_in_editors_are_never_served_or_stored(page_cache, client, admin_user, make_post):
    post = make_post(title="Desk neck, explained")
    client.force_login(admin_user)
    for _ in range(2):
        response = client.get(post.url)
        assert response.status_code == 200
        assert HIT_HEADER not in response

    client.logout()
    client.cookies.clear()
    assert get(client, post.url)[0][HIT_HEADER] == "miss"


def test_password_protected_pages_are_not_stored(page_cache, client, make_post):
    post = make_post(title="Members only")
    PageViewRestriction.objects.create(
        page=post, restriction_type=PageViewRestriction.PASSWORD, password="stones"
    )
    for _ in range(2):
        response = client.get(post.url)
        assert HIT_HEADER not in response
        assert "Members only" not in response.content.decode().split("<main", 1)[-1]


def test_query_strings_are_cached_apart(page_cache, client, make_post):
    for day in range(12):
        make_post(title=f"Post number {day:02d}", date=None)
    first = get(client, "/blog/")[1]
    second = get(client, "/blog/?page=2")[1]
    assert first != second
    assert get(client, "/blog/?page=2")[1] == second


def test_making_a_page_private_stops_serving_it_from_the_cache(page_cache, client, make_post):
    post = make_post(title="Members only")
    get(client, post.url)
    assert get(client, post.url)[0][HIT_HEADER] == "hit"

    PageViewRestriction.objects.create(
        page=post, restriction_type=PageViewRestriction.PASSWORD, password="stones"
    )

    response = client.get(post.url)
    assert HIT_HEADER not in response
    assert "Members only" not in response.content.decode().split("<main", 1)[-1]


def test_unknown_query_parameters_are_served_fresh_and_not_stored(page_cache, client, make_post):
    post = make_post(title="Desk neck, explained")
    for n in range(3):
        response, html = get(client, f"{post.url}?utm_source=news{n}")
        assert HIT_HEADER not in response
        assert "Desk neck, explained" in html
    assert get(client, post.url)[0][HIT_HEADER] == "miss"


def made_up_page_values(count, seed=13):
    """`count` values a visitor could send as ?page= that are not a page of a two-page listing:
    numbers past the end, other spellings of real numbers, words, symbols, unicode digits."""
    rng = random.Random(seed)
    shapes = [
        lambda: str(rng.randint(3, 10**12)),
        lambda: str(-rng.randint(0, 100)),
        lambda: "0" * rng.randint(1, 3) + rng.choice("12"),
        lambda: rng.choice(["1", "2"]) + rng.choice([" ", ".0", "e0", "x", "/", "%00"]),
        lambda: rng.choice([" ", "+", "\t"]) + rng.choice(["1", "2"]),
        lambda: "".join(rng.choices(string.ascii_letters + string.digits, k=rng.randint(1, 40))),
        lambda: "".join(rng.choices(string.punctuation, k=rng.randint(1, 10))),
        lambda: rng.choice(["٢", "２", "²", "Ⅱ"]),
        lambda: "",
    ]
    return [rng.choice(shapes)() for _ in range(count)]


def stored_entries():
    return {key: cache.get(key) for key in cache._cache}  # LocMemCache's own keys


def test_made_up_page_numbers_answer_404_and_leave_the_cache_unchanged(
    page_cache, client, make_post
):
    for day in range(12):  # two pages of posts
        make_post(title=f"Post number {day:02d}", date=None)
    post = BlogPage.objects.live().first()
    for url in ("/blog/", "/blog/?page=2", post.url, "/blog/tags/neck/"):
        client.get(url)
    before = stored_entries()

    for value in made_up_page_values(100):
        for path in ("/blog/", "/blog/tags/neck/"):
            response = client.get(path, {"page": value})
            assert response.status_code == 404, (path, value)
        # A post has no pages: it reads no ?page=, is served, but never stored under one.
        response = client.get(post.url, {"page": value})
        assert response.status_code == 200
        assert HIT_HEADER not in response

    assert stored_entries() == before


def test_the_same_page_number_spelt_twice_is_not_stored(page_cache, client, make_post):
    for day in range(12):
        make_post(title=f"Post number {day:02d}", date=None)
    client.get("/blog/")  # what any page caches besides itself (site root paths, settings)
    before = stored_entries()
    for query in ("page=2&page=2", "page=2&", "&page=2", "page=%32"):
        response = client.get(f"/blog/?{query}")
        assert response.status_code == 200, query
        assert HIT_HEADER not in response
    assert stored_entries() == before
    assert get(client, "/blog/?page=2")[0][HIT_HEADER] == "miss"
    assert get(client, "/blog/?page=2")[0][HIT_HEADER] == "hit"


def test_a_page_past_the_last_answers_404(client, make_post):
    for day in range(12):
        make_post(title=f"Post number {day:02d}", date=None, tags=["neck"])
    for path in ("/blog/", "/blog/tags/neck/"):
        assert client.get(path, {"page": "2"}).status_code == 200
        assert client.get(path, {"page": "3"}).status_code == 404
        assert client.get(path, {"page": "0"}).status_code == 404
        assert client.get(path, {"page": "last"}).status_code == 404


def test_pages_and_hits_go_out_compressed_in_production_order(page_cache, settings, make_post):
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("page_cache.middleware.PageCacheMiddleware"),
        "django.middleware.gzip.GZipMiddleware",
    )
    settings.MIDDLEWARE = middleware
    post = make_post(title="Desk neck, explained", intro="Words " * 200)
    plain = Client().get(post.url).content  # a miss, stored as the plain page

    for expected in ("hit", "hit"):
        response = Client(HTTP_ACCEPT_ENCODING="gzip").get(post.url)
        assert response[HIT_HEADER] == expected
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert gzip.decompress(response.content) == plain
        assert len(response.content) < len(plain) / 2
    # A client that can't read gzip still gets the plain page from the cache.
    response = Client().get(post.url)
    assert response[HIT_HEADER] == "hit" and response.content == plain
    assert "Content-Encoding" not in response
