"""Where cached pages are kept, and what the rest of the site tells the cache: forget every page
(`purge_page_cache`), or this listing showed page N (`mark_page_number`).

Imports nothing from Wagtail, so page models and signal wiring import it at the top of the file.
"""

import hashlib
import re
import threading
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

GENERATION_KEY = "page-cache:generation"
# The only query string a page reads: a listing's page number, written plainly. Any other
# (utm_ tags, cache busters, "page=02", "page=2&page=2") would store another copy of a page, so
# anyone could push real pages out of the cache with made-up ones; such requests are served fresh
# and not stored.
PAGE_NUMBER_QUERY = re.compile(r"page=([1-9][0-9]{0,8})")


def page_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def page_cache_seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


# Purges asked for in this thread inside `purges_held`, not yet made.
_held = threading.local()


def purge_page_cache(**kwargs):
    """Forget every cached page. Safe to call from any signal (it ignores its arguments).

    Purges now, so this process sees the change at once, and again when the surrounding
    transaction commits, because a request served between the two could have cached the page
    from the data as it was before the commit. Inside `purges_held`, only notes the purge.
    """
    if getattr(_held, "depth", 0):
        _held.pending = True
    else:
        _purge()


def _purge():
    _new_generation()
    transaction.on_commit(_new_generation)


@contextmanager
def purges_held():
    """Purges asked for in this thread inside are made once, by `make_held_purge` or at the
    end: an import that publishes a thousand pages would otherwise purge a thousand times,
    each a round trip to the cache, when its pages reach search in batches anyway."""
    _held.depth = getattr(_held, "depth", 0) + 1
    try:
        yield
    finally:
        _held.depth -= 1
        if not _held.depth:
            make_held_purge()


def make_held_purge():
    """Make the purge held since the last one, if any was asked for."""
    if getattr(_held, "pending", False):
        _held.pending = False
        _purge()


def _new_generation():
    # A random token rather than a counter: if the cache evicts the key, a fresh one can never
    # bring pages cached under an older token back to life.
    page_cache().set(GENERATION_KEY, uuid.uuid4().hex, None)


def kept_until_purged(key, compute):
    """`compute()`, kept in the page cache's store until the cache is next purged (a page
    published, unpublished, moved or deleted, ...): for what every page view reads and only
    those changes change, such as how many posts a listing has. One cache round trip reads the
    value with the generation it was computed under; a value of an older generation is computed
    again. A purge while it is computed leaves it stored under the older generation, never used.
    """
    cache = page_cache()
    found = cache.get_many([GENERATION_KEY, key])
    generation, kept = found.get(GENERATION_KEY), found.get(key)
    if generation is not None and isinstance(kept, tuple) and kept[0] == generation:
        return kept[1]
    value = compute()
    if generation is None:  # nothing purged since the cache was emptied: start a generation
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    cache.set(key, (generation, value), None)
    return value


def mark_page_number(request, number):
    """Say that this request's response shows page `number` of a listing: only then is it stored
    under its `?page=` address."""
    request._page_cache_page_number = number


def is_storable_address(request):
    """Whether the request's address is one of a real page: no query string, or the `?page=N`
    its listing marked."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return True
    match = PAGE_NUMBER_QUERY.fullmatch(query)
    return bool(match) and getattr(request, "_page_cache_page_number", None) == int(match[1])


def page_key(request):
    url = request.build_absolute_uri().encode()
    return f"page-cache:page:{hashlib.sha256(url).hexdigest()}"
