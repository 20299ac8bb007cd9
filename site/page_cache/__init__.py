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

`store` is what pages and signal handlers call (it imports nothing from Wagtail, so models can
import it); `middleware` serves and stores the pages; `apps` purges on Wagtail's page and site
changes. Apps purge on their own models' changes (blog.apps: Booking settings, authors).
"""
