"""The import indexes its pages for search and references once, in batches, and leaves Wagtail's
own indexing on for every later save."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models.signals import post_save
from modelsearch.signal_handlers import post_save_signal_handler as search_handler
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import update_reference_index_on_save as reference_handler

from blog.models import BlogPage
from importer.write import indexing as write_indexing
from importer.write import writer as write

from .helpers import write_post

POST = """---
title: "{title}"
author: Clinic Team
date: 2026-01-0{day}T09:00:00-07:00
tags: [stones]
---
Our {word} treatment eases tight shoulders.

See [the first post](/blog/post-1/) too.
"""


@pytest.fixture
def posts(tmp_path):
    folder = tmp_path / "posts"
    words = ["basalt", "cupping", "lymphatic", "reflexology", "craniosacral"]
    for day, word in enumerate(words, start=1):
        title = "First post" if day == 1 else f"{word.title()} explained"
        write_post(folder, f"post-{day}.md", POST.format(title=title, day=day, word=word))
    return folder, words


def import_folder(folder):
    call_command("import_posts", str(folder), stdout=StringIO(), stderr=StringIO())


def handlers_connected():
    receivers = post_save._live_receivers(BlogPage)
    receivers = receivers[0] if isinstance(receivers, tuple) else receivers
    return search_handler in receivers, reference_handler in receivers


@pytest.mark.parametrize("batch", [2, 200], ids=["several-batches", "one-batch"])
def test_every_imported_page_is_searchable_and_in_the_reference_index(
    site_tree, posts, monkeypatch, batch
):
    monkeypatch.setattr(write_indexing, "INDEX_BATCH", batch)
    folder, words = posts
    import_folder(folder)

    assert BlogPage.objects.live().count() == len(words)
    for word in words:
        found = list(BlogPage.objects.live().search(word))
        assert len(found) == 1, word
    first = BlogPage.objects.get(title="First post")
    # Every later post links to the first one; the reference index knows each link.
    sources = {ref.object_id for ref in ReferenceIndex.get_references_to(first)}
    others = BlogPage.objects.exclude(pk=first.pk).values_list("pk", flat=True)
    assert {str(pk) for pk in others} <= sources


def test_wagtails_indexing_is_back_on_after_the_import(site_tree, posts):
    folder, _ = posts
    assert handlers_connected() == (True, True)
    import_folder(folder)
    assert handlers_connected() == (True, True)

    page = BlogPage.objects.get(title="First post")
    page.title = "Renamed about aromatherapy"
    page.save_revision().publish()
    assert list(BlogPage.objects.live().search("aromatherapy")) == [page]


def test_a_failed_run_still_indexes_what_it_wrote_and_reconnects(site_tree, posts, monkeypatch):
    folder, words = posts
    original = write.PostWriter.write
    written = []

    def write_then_fail(self, draft):
        if len(written) == 3:
            raise KeyboardInterrupt
        written.append(draft)
        return original(self, draft)

    monkeypatch.setattr(write.PostWriter, "write", write_then_fail)
    with pytest.raises(KeyboardInterrupt):
        import_folder(folder)

    assert handlers_connected() == (True, True)
    assert BlogPage.objects.count() == 3
    for page in BlogPage.objects.all():
        assert list(BlogPage.objects.search(page.title.split()[0])) != []


def test_batch_references_are_the_ones_wagtail_records_page_by_page(site_tree, posts):
    """The batch reads tags and comments prefetched; Wagtail's own per-page indexing, run
    afresh, must find exactly the same references (links, tags, author)."""
    folder, _ = posts
    import_folder(folder)

    def references():
        rows = ReferenceIndex.objects.filter(object_id__in=[str(pk) for pk in pages])
        return set(rows.values_list("object_id", "to_content_type", "to_object_id", "content_path"))

    pages = list(BlogPage.objects.values_list("pk", flat=True))
    from_the_batch = references()
    assert any(path.startswith("tagged_items.") for *_, path in from_the_batch)
    ReferenceIndex.objects.all().delete()
    for page in BlogPage.objects.filter(pk__in=pages):
        ReferenceIndex.create_or_update_for_object(page)
    assert references() == from_the_batch


def test_the_page_cache_is_purged_a_batch_at_a_time_and_shows_every_new_post(
    site_tree, posts, monkeypatch, settings, client
):
    from django.core.cache import cache

    from page_cache import store

    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    monkeypatch.setattr(write_indexing, "INDEX_BATCH", 2)
    folder, words = posts
    assert "Cupping" not in client.get("/blog/").content.decode()  # stored in the cache
    purges = []
    new_generation = store._new_generation
    monkeypatch.setattr(store, "_new_generation", lambda: purges.append(1) or new_generation())
    import_folder(folder)

    listing = client.get("/blog/").content.decode()
    assert all(word.title() in listing for word in words[1:])
    # Three batches of two and the run's end, not one purge (now and at commit) a post.
    assert 0 < len(purges) < 2 * len(words)
    cache.clear()


def search_index_rows(pages):
    """The search index's texts for these pages, as the database backend in use stores them."""
    from django.db import connection
    from wagtail.search.models import IndexEntry

    entries = IndexEntry.objects.filter(object_id__in=[str(pk) for pk in pages])
    if connection.vendor != "sqlite":
        return sorted(entries.values_list("object_id", "title", "body", "autocomplete"))
    from wagtail.search.models import SQLiteFTSIndexEntry

    ids = dict(entries.values_list("pk", "object_id"))
    texts = SQLiteFTSIndexEntry.objects.filter(index_entry__in=ids)
    rows = texts.values_list("index_entry", "title", "body", "autocomplete")
    return sorted((ids[entry], *fields) for entry, *fields in rows)


def test_batch_search_texts_are_the_ones_wagtail_indexes_page_by_page(site_tree, posts):
    """The batch reads each body's words once for the three texts of its entry; Wagtail's own
    indexing, a page at a time, must store exactly the same texts."""
    from modelsearch.backends import get_search_backend

    folder, words = posts
    import_folder(folder)
    pages = list(BlogPage.objects.values_list("pk", flat=True))
    from_the_batch = search_index_rows(pages)
    assert len(from_the_batch) == len(words)
    assert all(word in str(from_the_batch) for word in words)

    backend = get_search_backend()
    for page in BlogPage.get_indexed_objects().filter(pk__in=pages):
        backend.delete(page)
    assert search_index_rows(pages) == []
    for page in BlogPage.get_indexed_objects().filter(pk__in=pages):
        backend.add(page)
    assert search_index_rows(pages) == from_the_batch


def test_batch_references_drop_what_a_page_no_longer_refers_to(site_tree, posts):
    """Records of references a page no longer has go, as Wagtail's own indexing drops them,
    except those recorded under a more specific model than the one indexed."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from importer.wagtail_internals import index_references

    folder, _ = posts
    import_folder(folder)
    page = BlogPage.objects.order_by("pk").first()
    kept = set(ReferenceIndex.objects.filter(object_id=str(page.pk)).values_list("pk", flat=True))
    page_type = ContentType.objects.get_for_model(Page)
    stale = ReferenceIndex.objects.create(
        content_type=ContentType.objects.get_for_model(BlogPage),
        base_content_type=page_type,
        object_id=str(page.pk),
        to_content_type=page_type,
        to_object_id=str(site_tree.home.pk),
        model_path="body.paragraph",
        content_path="body.0000.gone",
        content_path_hash=ReferenceIndex._get_content_path_hash("body.0000.gone"),
    )
    index_references([Page.objects.get(pk=page.pk)])  # as a plain page: the record stays
    assert ReferenceIndex.objects.filter(pk=stale.pk).exists()
    index_references([page])
    assert not ReferenceIndex.objects.filter(pk=stale.pk).exists()
    remaining = ReferenceIndex.objects.filter(object_id=str(page.pk)).values_list("pk", flat=True)
    assert set(remaining) == kept


def test_postgresql_reads_the_tables_a_run_filled_again(site_tree, posts):
    """On PostgreSQL a run that wrote pages ends with ANALYZE of the tables it filled (its
    planner would otherwise plan from empty tables until autovacuum comes round); a run that
    wrote nothing, and SQLite, ask for none."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    folder, _ = posts
    with CaptureQueriesContext(connection) as first:
        import_folder(folder)
    with CaptureQueriesContext(connection) as again:  # every post unchanged
        import_folder(folder)

    def analyzed(queries):
        return [q["sql"] for q in queries if q["sql"].startswith("ANALYZE")]

    if connection.vendor == "postgresql":
        (statement,) = analyzed(first.captured_queries)
        assert '"blog_blogpage"' in statement and '"wagtailcore_page"' in statement
    else:
        assert analyzed(first.captured_queries) == []
    assert analyzed(again.captured_queries) == []
