"""Search and reference indexing of the pages a run writes: once each, in batches.

Wagtail re-indexes a page on every save, one page at a time, and updating a published page saves
it twice. While a run writes, the two indexing signal handlers are off for blog pages in its own
process only (a server running beside the import keeps its own), and every page written is
indexed once, every INDEX_BATCH pages and at the end. `manage.py update_index` and
`rebuild_references_index` rebuild both should a run be killed before its last batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.signals import post_save
from modelcluster.models import get_all_child_relations
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler as update_search_index_on_save
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import update_reference_index_on_save

from blog.models import BlogPage

# Pages written but not yet in the search and reference indexes are indexed this many at a time.
INDEX_BATCH = 200


@dataclass(slots=True)
class DeferredIndexing:
    warn_later: Callable[[int, str], None]
    """Reports a problem with a page whose post was reported already."""
    unindexed: list[int] = field(default_factory=list)
    """Pages written while indexing is deferred, waiting for the next batch."""
    deferring: bool = False

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Index the pages written inside once each, in batches, instead of on every save."""
        handlers = [update_search_index_on_save, update_reference_index_on_save]
        disconnected = [h for h in handlers if post_save.disconnect(h, sender=BlogPage)]
        self.deferring = True
        try:
            yield
        finally:
            self.deferring = False
            for handler in disconnected:
                post_save.connect(handler, sender=BlogPage)
            self.index_written()

    def written(self, page_id: int) -> None:
        """A page was saved; outside `deferred`, Wagtail's own handlers indexed it."""
        if self.deferring:
            self.unindexed.append(page_id)
            if len(self.unindexed) >= INDEX_BATCH:
                self.index_written()

    def index_written(self) -> None:
        """Bring the search and reference indexes up to date for the pages written so far.

        A page that cannot be indexed must not leave the others of its batch unindexed, nor
        stop the run: if the batch fails, each page is indexed alone, and those that still
        fail are reported on their posts' rows."""
        ids, self.unindexed = self.unindexed, []
        if not ids:
            return
        try:
            index_pages(ids)
        except Exception:  # noqa: BLE001 - found out page by page below
            for page_id in ids:
                try:
                    index_pages([page_id])
                except Exception as error:  # noqa: BLE001 - reported on the post's row
                    self.warn_later(
                        page_id,
                        f"The page was saved but could not be added to the search and reference "
                        f"indexes ({type(error).__name__}: {error}). Fix: correct the page in "
                        "the editor, or run 'manage.py update_index' and "
                        "'manage.py rebuild_references_index' once it is fixed.",
                    )


def index_pages(ids: list[int]) -> None:
    # The reference index reads each page's child rows (tags, comments): fetched for the
    # whole batch here, rather than two queries a page there.
    child_relations = [
        relation.get_accessor_name() for relation in get_all_child_relations(BlogPage)
    ]
    pages = list(
        BlogPage.get_indexed_objects().filter(pk__in=ids).prefetch_related(*child_relations)
    )
    with transaction.atomic():
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(BlogPage, pages)
        for page in pages:
            ReferenceIndex.create_or_update_for_object(page)
            # Each prefetched child points back at its page: without this, every batch's
            # pages would wait for Python's cycle collector, and memory would grow with N.
            page._prefetched_objects_cache.clear()
