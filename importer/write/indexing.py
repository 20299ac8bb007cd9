"""Search and reference indexing of the pages a run writes: once each, in batches.

Wagtail re-indexes a page on every save, one page at a time, and updating a published page saves
it twice. While a run writes, the two indexing signal handlers are off for blog pages in its own
process only (a server running beside the import keeps its own), and every page written is
indexed once, every INDEX_BATCH pages and at the end. The page cache is purged at the same
times, not on every page published. `manage.py update_index` and
`rebuild_references_index` rebuild both should a run be killed before its last batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection
from taggit.models import Tag
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from blog.models import BlogPage, BlogPageTag
from importer.common import WarningCode
from importer.models import ImportedPost
from importer.wagtail_internals import index_objects, indexing_on_save_off
from page_cache.store import make_held_purge, purges_held

# Pages written but not yet in the search and reference indexes are indexed this many at a time.
INDEX_BATCH = 200


@dataclass(slots=True)
class DeferredIndexing:
    warn_later: Callable[[int, str, WarningCode], None]
    """Reports a problem with a page whose post was reported already."""
    unindexed: list[int] = field(default_factory=list)
    """Pages written while indexing is deferred, waiting for the next batch."""
    deferring: bool = False

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Index the pages written inside once each, in batches, instead of on every save."""
        try:
            with indexing_on_save_off(BlogPage), purges_held():
                self.deferring = True
                yield
        finally:
            self.deferring = False
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
        make_held_purge()
        if not ids:
            return
        try:
            index_objects(BlogPage, ids)
        except Exception:  # noqa: BLE001 - found out page by page below
            for page_id in ids:
                try:
                    index_objects(BlogPage, [page_id])
                except Exception as error:  # noqa: BLE001 - reported on the post's row
                    self.warn_later(
                        page_id,
                        f"The page was saved but could not be added to the search and reference "
                        f"indexes ({type(error).__name__}: {error}). Fix: correct the page in "
                        "the editor, or run 'manage.py update_index' and "
                        "'manage.py rebuild_references_index' once it is fixed.",
                        WarningCode.INDEX,
                    )


# The tables a run fills; PostgreSQL plans its queries from statistics of each.
WRITTEN_MODELS = (
    Page,
    BlogPage,
    BlogPageTag,
    Tag,
    Revision,
    PageLogEntry,
    ReferenceIndex,
    ImportedPost,
)


def refresh_statistics() -> None:
    """After a run has written pages, let PostgreSQL read the tables it filled again
    (``ANALYZE``), as its guide to populating a database advises: until its autovacuum gets
    round to them, it plans from the tables as they were (empty, for a first import), and
    served a post's older and newer posts by sorting every post, 6 ms instead of under 1 at
    1,000 posts. SQLite keeps no statistics unless asked to."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in WRITTEN_MODELS)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
