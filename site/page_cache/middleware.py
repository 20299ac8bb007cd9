"""Serving and storing whole pages for anonymous visitors (see the package's docstring)."""

import uuid

from django.conf import settings
from django.http import HttpResponse
from wagtail import views as wagtail_views

from .store import (
    GENERATION_KEY,
    PAGE_NUMBER_QUERY,
    is_storable_address,
    page_cache,
    page_cache_seconds,
    page_key,
)

HIT_HEADER = "X-Page-Cache"
# Responses that must only ever reach the visitor they were made for.
UNCACHEABLE_DIRECTIVES = ("private", "no-cache", "no-store")


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
        if miss and is_storable_address(request) and _is_shareable(request, response):
            key, generation = miss
            headers = [(name, value) for name, value in response.items() if name != HIT_HEADER]
            entry = (generation, response.status_code, headers, response.content)
            page_cache().set(key, entry, page_cache_seconds())
            response[HIT_HEADER] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if page_cache_seconds() <= 0 or not _is_anonymous_page_request(request, view_func):
            return None
        cache = page_cache()
        key = page_key(request)
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
