"""Query budgets: a page costs the same number of queries with one post, tag and image or many.

Each budget is counted twice: with Django's cache as a running site has it (site root paths and
Booking settings cached: what a visitor meets when the page cache misses), and with it emptied
first (the worst case, right after a deploy or a purge). The renditions themselves already
exist, as they do after a page's first view.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from blog.models import POSTS_PER_PAGE, Author, BlogPageCoAuthor

# Post page: the site, the home page, the blog index (with whether it is private), the post
# (with its author, feature image, older and newer posts, whether it is private and whether it
# has co-authors), tags, co-authors (when it has some), body images and their renditions; the
# feature image's renditions come from Wagtail's rendition cache.
POST_PAGE_QUERIES = 8
# Blog index: the site, the home page, the blog index, one page of posts, then per page, not
# per post: tagged items with their tags, co-authors, feature images, their renditions. How
# many posts there are comes from the cache until a page is next published or unpublished.
BLOG_INDEX_QUERIES = 8
# Home: the site, the home page, its view restrictions, the blog index, the latest posts, their
# tagged items with their tags, co-authors, feature images and renditions.
HOME_QUERIES = 9
# What an emptied cache adds: the site root paths and Booking settings; on a post page, its
# feature image's renditions too (its picture and its shared-link crop); on a listing, the
# count of its posts.
COLD_CACHE_QUERIES = 2
COLD_CACHE_POST_QUERIES = 4
COLD_CACHE_INDEX_QUERIES = 3

SMALL = {"posts": 1, "tags": 1, "images": 1}
LARGE = {"posts": 12, "tags": 5, "images": 4}


def build_blog(make_post, *, posts, tags, images):
    author = Author.objects.create(name="Cecilia Batu")
    # With many posts, every other one has a second author: their names cost no more queries.
    co_author = Author.objects.create(name="Ode Lind") if posts > 1 else None
    made = []
    for number in range(posts):
        pictures = [
            Image.objects.create(title=f"Post {number} picture {n}", file=get_test_image_file())
            for n in range(images)
        ]
        body = [
            {"type": "heading", "value": {"text": "What happens", "level": "h2"}},
            *(
                {"type": "image", "value": {"image": p.pk, "alt_text": "A stone", "caption": ""}}
                for p in pictures
            ),
            {"type": "paragraph", "value": "<p>Massage with a <b>purpose</b>.</p>"},
            {
                "type": "booking_cta",
                "value": {"heading": "Book", "text": "", "service": "both", "actions": []},
            },
        ]
        made.append(
            make_post(
                title=f"Post {number}",
                author=author,
                co_authors=[BlogPageCoAuthor(author=co_author)] if co_author and number % 2 else [],
                feature_image=pictures[0],
                tags=[f"topic {n}" for n in range(tags)],
                body=body,
            )
        )
    return made


def count_queries(client, url, django_assert_max_num_queries, *, cold):
    assert client.get(url).status_code == 200  # makes the renditions, fills the cache
    if cold:
        cache.clear()
    with django_assert_max_num_queries(10_000) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("cold", [False, True], ids=["cached", "emptied-cache"])
@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["small", "large"])
def test_post_page_query_budget(client, make_post, django_assert_max_num_queries, size, cold):
    post = build_blog(make_post, **size)[-1]
    # A post without co-authors asks for none: its routing query says it has none.
    expected = POST_PAGE_QUERIES - (not post.co_authors.exists())
    expected += COLD_CACHE_POST_QUERIES * cold
    assert count_queries(client, post.url, django_assert_max_num_queries, cold=cold) == expected


@pytest.mark.parametrize("cold", [False, True], ids=["cached", "emptied-cache"])
@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["small", "large"])
def test_blog_index_query_budget(client, make_post, django_assert_max_num_queries, size, cold):
    build_blog(make_post, **size)
    # A second page only where there is one: past the last page the listing answers 404.
    second_page = ["/blog/?page=2"] if size["posts"] > POSTS_PER_PAGE else []
    for url in ("/blog/", *second_page, "/blog/tags/topic-0/"):
        queries = count_queries(client, url, django_assert_max_num_queries, cold=cold)
        # A tag page looks its tag up first.
        expected = BLOG_INDEX_QUERIES + ("/tags/" in url) + COLD_CACHE_INDEX_QUERIES * cold
        assert queries == expected, url


@pytest.mark.parametrize("cold", [False, True], ids=["cached", "emptied-cache"])
@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["small", "large"])
def test_home_query_budget(client, make_post, django_assert_max_num_queries, size, cold):
    build_blog(make_post, **size)
    queries = count_queries(client, "/", django_assert_max_num_queries, cold=cold)
    assert queries == HOME_QUERIES + COLD_CACHE_QUERIES * cold


def test_a_page_of_posts_is_read_in_date_order_from_the_index_not_sorted(site_tree, make_post):
    """With many posts, sorting every post to show ten was most of the listing's query time."""
    if connection.vendor != "sqlite":
        pytest.skip("reads SQLite's query plan")
    for number in range(3):
        make_post(title=f"Post {number}")
    sql, params = site_tree.blog.posts()[:10].query.sql_with_params()
    with connection.cursor() as cursor:
        plan = " | ".join(row[-1] for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    assert "USING INDEX blog_post_date" in plan
    assert "TEMP B-TREE" not in plan


@pytest.mark.parametrize("listing", ["/blog/", "/blog/tags/topic-0/"])
def test_a_listing_counts_its_posts_again_once_one_is_published_or_unpublished(
    client, make_post, listing
):
    posts = [make_post(title=f"Post {n}", tags=["topic 0"]) for n in range(POSTS_PER_PAGE)]
    assert "Page 1 of" not in client.get(listing).text
    assert client.get(f"{listing}?page=2").status_code == 404

    make_post(title="One post too many for a page", tags=["topic 0"])
    assert "Page 1 of 2" in client.get(listing).text
    assert client.get(f"{listing}?page=2").status_code == 200

    posts[0].unpublish()
    assert "Page 1 of" not in client.get(listing).text
    assert client.get(f"{listing}?page=2").status_code == 404
