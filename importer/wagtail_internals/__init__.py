"""Where the importer relies on Wagtail, treebeard, modelcluster, modelsearch, Django and
BeautifulSoup beyond their documented API: every private name and undocumented call the
importer uses is in this package: new pages (``pages``), the search and reference indexes
(``indexing``), BeautifulSoup's parser (``soup``) and, here, the rest.

Checked against Wagtail 8.0.1 (``WAGTAIL_VERSION``), with django-treebeard 5.3.1,
django-modelcluster 6.5, modelsearch 1.3.2, Django 5.2 and beautifulsoup4 4.15. Each function
says which behaviour it reproduces or leans on, and the source function it was read from (paths
inside the installed packages). They only make the import faster or its pages exactly what the
admin would make; after an upgrade, read those functions again.

Guards: tests/importer/test_wagtail_internals.py fails on any other Wagtail feature release
(major.minor: Wagtail changes private API in feature releases, never in patch releases);
tests/importer/test_page_creation.py holds a page created here to what Wagtail's own
``add_child``, ``save_revision`` and ``publish`` leave (its tree place to treebeard's);
tests/importer/test_canonical_rich_text.py holds the rich text that skips the editor round trip
to that round trip; tests/importer/test_stages.py compares
the editor round trip with Wagtail's own; tests/importer/test_deferred_indexing.py compares the
batched reference index with Wagtail's page-by-page one.
"""

from __future__ import annotations

import json

from django.db import models
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.models import Page, Site

WAGTAIL_VERSION = "8.0.1"
"""The Wagtail release this module was last read against."""


def model_field(model: type[models.Model], name: str) -> models.Field:
    """Django's ``Model._meta.get_field``: documented (the Model _meta API), and here only so
    that every name with a leading underscore the importer uses is in this module."""
    return model._meta.get_field(name)


def editor_round_trip(converter: ContentstateConverter, html: str) -> str:
    """`html` as the admin saves it after an editor opens and saves its page:
    ``converter.to_database_format(converter.from_database_format(html))``.

    ``ContentstateConverter.from_database_format`` (wagtail/admin/rich_text/converters/
    contentstate.py) indents its JSON for the editor, which sends ``json.dumps`` to its
    pure-Python encoder: that alone took a fifth of the round trip. This feeds the converter's
    own HTML reader, ``html_to_contentstate_handler``, as that method does, and skips the
    indent."""
    reader = converter.html_to_contentstate_handler
    reader.reset()
    reader.feed(html)
    reader.close()
    # Still through JSON: the exporter looks entities up by string keys, which as_dict()
    # gives as integers.
    return converter.to_database_format(json.dumps(reader.contentstate.as_dict()))


class PageUrls:
    """``page.url`` for each page a run writes or meets, the sites' root paths read once.

    Without a request, ``Page._get_site_root_paths`` (wagtail/models/pages.py) reads
    ``Site.get_site_root_paths()`` from the cache for every page whose URL it is asked for,
    unless the page holds them in ``_wagtail_cached_site_root_paths``: that look-up was a third
    of an unchanged re-run's time. A run reads them once and puts them in that slot."""

    def __init__(self) -> None:
        self.site_root_paths = Site.get_site_root_paths()

    def __call__(self, page: Page) -> str:
        page._wagtail_cached_site_root_paths = self.site_root_paths
        return page.url or ""


from importer.wagtail_internals.indexing import (  # noqa: E402
    index_objects,
    index_references,
    indexing_on_save_off,
)
from importer.wagtail_internals.pages import (  # noqa: E402
    add_new_page,
    insert_child,
    publish_page_as_built,
    set_stream_in_place,
)
from importer.wagtail_internals.soup import LinearHTMLParserTreeBuilder  # noqa: E402

__all__ = [
    "WAGTAIL_VERSION",
    "PageUrls",
    "editor_round_trip",
    "model_field",
    "add_new_page",
    "insert_child",
    "publish_page_as_built",
    "set_stream_in_place",
    "indexing_on_save_off",
    "index_objects",
    "index_references",
    "LinearHTMLParserTreeBuilder",
]
