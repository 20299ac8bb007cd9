"""The pages a dry run builds, kept for the preview's before/after view.

A dry run saves each page inside a transaction it then rolls back, and its report rows say what
happened but not what the page holds. The page is read here as it is saved (``post_save``), in
the thread that runs the dry run, and kept as plain data: the preview renders it later with the
site's own block templates, when the rows it pointed to (new tags, authors) are gone again.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db.models.signals import post_save

from blog.models import BlogPage


class PageCapture:
    """While open, remembers the last blog page saved in this thread; ``take`` hands it over
    (once) when the run reports the post it belongs to."""

    def __enter__(self) -> PageCapture:
        self.thread = threading.get_ident()
        self.last: dict[str, Any] = {}
        post_save.connect(self.saved, sender=BlogPage, weak=False, dispatch_uid=id(self))
        return self

    def __exit__(self, *exc_info) -> None:
        post_save.disconnect(sender=BlogPage, dispatch_uid=id(self))

    def saved(self, sender, instance: BlogPage, **kwargs) -> None:
        if threading.get_ident() == self.thread:
            self.last = page_data(instance)

    def take(self) -> dict[str, Any]:
        last, self.last = self.last, {}
        return last


def page_data(page: BlogPage) -> dict[str, Any]:
    """What the preview shows of a page, in JSON: names rather than the ids of rows a dry run
    rolls back (its new tags and authors)."""
    return {
        "title": page.title,
        "intro": page.intro,
        "date": page.date_as_written.isoformat() if page.date else "",
        "author": ", ".join(author.name for author in page.authors),
        "tags": sorted(tag.name for tag in page.tags.all()),
        "feature_image": page.feature_image_id,
        "feature_image_alt": page.feature_image_alt,
        "live": page.live,
        "body": page.body.get_prep_value(),
    }
