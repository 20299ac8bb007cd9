"""A post's page: created, or updated with a new revision, its fields filled from the post, and
its import record kept beside it.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from wagtail.models import Revision

from blog.models import BlogIndexPage, BlogPage
from importer.models import ImportedPost
from importer.types import PostDraft, PostResult, SourcePost
from importer.wagtail_internals import add_new_page, publish_page_as_built
from importer.write_caches import RunCaches

# What Wagtail sets on a new page from rows that cannot be missing (its type, its parent's
# locale): validating them would query for each. The author and picture come from the run's
# caches and are still checked, since an editor may delete one while the run goes on.
SET_BY_WAGTAIL = ["content_type", "locale"]


def create_page(
    parent: BlogIndexPage,
    post: SourcePost,
    body: list[Any],
    image: int | None,
    publish: bool,
    caches: RunCaches,
) -> tuple[BlogPage, Revision]:
    """A new page, left as Wagtail's add_child, save_revision and publish leave it, in one
    save instead of three.

    Each of those saves validates the page and writes both of its tables again, and they
    were half of the time a post took to write. What publishing a page that has just been
    created does beyond that (revision ids, publish dates, the log entry, the signals) is
    done here; what it does for pages that already existed (aliases, workflows, comments,
    scheduled revisions) has nothing to do for a new page.
    """
    page = BlogPage(slug=caches.unique_slug(post.slug), live=publish)
    fill(page, post, body, image, caches)
    page.tags.set(caches.tags_named(post.tags))
    page.has_unpublished_changes = not publish
    if publish:
        page.first_published_at = post.date
    return page, add_new_page(parent, page, publish, exclude=SET_BY_WAGTAIL)


def update_page(
    record: ImportedPost,
    post: SourcePost,
    body: list[Any],
    image: int | None,
    publish: bool,
    caches: RunCaches,
) -> tuple[BlogPage, Revision]:
    """A new revision of an imported page, through Wagtail's usual calls; published if the
    page is live."""
    page = record.page.get_latest_revision_as_object()
    fill(page, post, body, image, caches)
    page.tags.set(caches.tags_named(post.tags))
    revision = page.save_revision(changed=True)
    if publish and record.page.live:
        publish_page_as_built(revision, page)
    page.refresh_from_db(fields=["live", "url_path"])
    return page, revision


def fill(
    page: BlogPage, post: SourcePost, body: list[Any], image: int | None, caches: RunCaches
) -> None:
    page.title = post.title[:255]
    page.draft_title = page.title
    page.date = post.date
    page.date_utc_offset = post.date_utc_offset
    page.author = caches.author(post.author)
    page.intro = post.description
    page.search_description = post.description
    page.feature_image_id = image
    page.feature_image_alt = post.image_alt[:512]
    page.body = body


def record_import(
    page: BlogPage,
    record: ImportedPost | None,
    key: str,
    draft: PostDraft,
    revision: Revision,
    result: PostResult,
) -> None:
    """Note where the page came from and which revision is the import's, so a re-run knows
    the post, and whether an editor has changed the page since."""
    imported = {
        "source_path": key,
        "content_hash": draft.content_hash,
        "revision": revision,
        "imported_at": timezone.now(),
        "repairs": result.repairs,
        "warnings": result.warnings,
    }
    if record is None:
        ImportedPost.objects.create(page=page, **imported)
    else:
        ImportedPost.objects.filter(pk=record.pk).update(**imported)
