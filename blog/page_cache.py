"""The full-page cache for anonymous visitors, purged whenever published content changes.

This follows Wagtail's caching guidance: whole pages are cached for visitors who aren't logged in,
and purged on Wagtail's `page_published` / `page_unpublished` signals (as
`wagtail.contrib.frontend_cache` does for a CDN) and when the site's settings change.

A post shows up on its own page, the blog index and its numbered pages, each of its tag pages
and the home page's latest posts, so instead of tracking which URLs show which page, every stored
page carries the generation token it was made under, and a purge replaces the token: every cached
page goes at once. On a blog this size a miss costs a few milliseconds, and a purge is a single
cache write, so an import publishing thousands of posts purges cheaply.

A hit is one round trip to the cache (the token and the page together): no database query, no
session lookup.

Only real pages are stored: a page's own address, or a listing's `?page=N` when the listing says
it showed page N (`mark_page_number`). Anything else a visitor can vary (other parameters, other
spellings of a number, a number on a page that has no pages, a page that doesn't exist) is served
fresh and never stored, so made-up addresses cannot push real pages out of the cache.
"""

import hashlib
import re
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from wagtail import views as wagtail_views

GENERATION_KEY = "page-cache:generation"
HIT_HEADER = "X-Page-Cache"
# Responses that must only ever reach the visitor they were made for.
UNCACHEABLE_DIRECTIVES = ("private", "no-cache", "no-store")
# The only query string a page reads: a listing's page number, written plainly. Any other
# (utm_ tags, cache busters, "page=02", "page=2&page=2") would store another copy of a page, so
# anyone could push real pages out of the cache with made-up ones; such requests are served fresh
# and not stored.
PAGE_NUMBER_QUERY = re.compile(r"page=([1-9][0-9]{0,8})")


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _timeout():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def purge_page_cache(**kwargs):
    """Forget every cached page. Safe to call from any signal (it ignores its arguments).

    Purges now, so this process sees the change at once, and again when the surrounding
    transaction commits, because a request served between the two could have cached the page
    from the data as it was before the commit.
    """
    _new_generation()
    transaction.on_commit(_new_generation)


def _new_generation():
    # A random token rather than a counter: if the cache evicts the key, a fresh one can never
    # bring pages cached under an older token back to life.
    _cache().set(GENERATION_KEY, uuid.uuid4().hex, None)


def mark_page_number(request, number):
    """Say that this request's response shows page `number` of a listing: only then is it stored
    under its `?page=` address."""
    request._page_cache_page_number = number


def _is_storable_address(request):
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return True
    match = PAGE_NUMBER_QUERY.fullmatch(query)
    return bool(match) and getattr(request, "_page_cache_page_number", None) == int(match[1])


def _page_key(request):
    url = request.build_absolute_uri().encode()
    return f"page-cache:page:{hashlib.sha256(url).hexdigest()}"


def _is_anonymous_page_request(request, view_func):
    # Visitors with a session cookie may be logged in (editors see the Wagtail user bar) or may
    # have passed a page's password: they always get a page rendered for them. Checking the
    # cookie rather than request.user keeps a hit free of the session query.
    return (
        request.method == "GET"
        and view_func is wagtail_views.serve
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and (
            not request.META.get("QUERY_STRING")
            or PAGE_NUMBER_QUERY.fullmatch(request.META["QUERY_STRING"])
        )
    )


def _is_shareable(request, response):
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A page holding a CSRF token belongs to the visitor whose cookie made it.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(directive in cache_control for directive in UNCACHEABLE_DIRECTIVES)
    )


class PageCacheMiddleware:
    """Serve and store Wagtail pages for anonymous visitors; off while PAGE_CACHE_SECONDS is 0.

    Place it before SessionMiddleware so that the stored headers include the ones added on the way
    out (Vary: Cookie), and after SecurityMiddleware so HTTPS redirects still happen first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        miss = getattr(request, "_page_cache_miss", None)
        if miss and _is_storable_address(request) and _is_shareable(request, response):
            key, generation = miss
            headers = [(name, value) for name, value in response.items() if name != HIT_HEADER]
            entry = (generation, response.status_code, headers, response.content)
            _cache().set(key, entry, _timeout())
            response[HIT_HEADER] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _timeout() <= 0 or not _is_anonymous_page_request(request, view_func):
            return None
        cache = _cache()
        key = _page_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
            generation = cache.get(GENERATION_KEY)
        entry = found.get(key)
        if entry is None or entry[0] != generation:
            # Stored under the token read now: if a publish replaces it while this page renders,
            # the page is stale on arrival and never served.
            request._page_cache_miss = (key, generation)
            return None
        _, status, headers, content = entry
        response = HttpResponse(content, status=status, headers=dict(headers))
        response[HIT_HEADER] = "hit"
        return response
