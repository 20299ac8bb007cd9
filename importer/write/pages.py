"""A post's page: created, or updated with a new revision, its fields filled from the post, and
its import record kept beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from wagtail.models import Revision

from blog.models import Author, BlogIndexPage, BlogPage, BlogPageCoAuthor
from importer.common import PostDraft, PostResult, SourcePost
from importer.models import ImportedPost
from importer.wagtail_internals import add_new_page, publish_page_as_built
from importer.write.caches import RunCaches

# What Wagtail sets on a new page from rows that cannot be missing (its type, its parent's
# locale): validating them would query for each. The author and picture come from the run's
# caches and are still checked, since an editor may delete one while the run goes on.
SET_BY_WAGTAIL = ["content_type", "locale"]


@dataclass(frozen=True, slots=True)
class PageContent:
    """What a post's page is filled with: the post, its body as stored, its feature image, its
    authors' snippets in byline order."""

    post: SourcePost
    body: list[dict[str, Any]]
    image: int | None
    authors: tuple[Author, ...] = ()


def create_page(
    parent: BlogIndexPage, content: PageContent, publish: bool, caches: RunCaches, user=None
) -> tuple[BlogPage, Revision]:
    """A new page, published or a draft, left as Wagtail's add_child, save_revision and
    publish leave it, in one save (see ``wagtail_internals.add_new_page``); `user` owns it, and
    its revision and log entries are theirs."""
    page = BlogPage(slug=caches.unique_slug(content.post.slug), live=publish, owner=user)
    fill(page, content, caches)
    page.has_unpublished_changes = not publish
    if publish:
        page.first_published_at = content.post.date
    return page, add_new_page(parent, page, publish, exclude=SET_BY_WAGTAIL, user=user)


def update_page(
    record: ImportedPost, content: PageContent, publish: bool, caches: RunCaches, user=None
) -> tuple[BlogPage, Revision]:
    """A new revision of an imported page, through Wagtail's usual calls, `user`'s; published
    if the page is live."""
    page = record.page.get_latest_revision_as_object()
    fill(page, content, caches)
    revision = page.save_revision(changed=True, user=user)
    if publish and record.page.live:
        publish_page_as_built(revision, page, user)
    page.refresh_from_db(fields=["live", "url_path"])
    return page, revision


def fill(page: BlogPage, content: PageContent, caches: RunCaches) -> None:
    post = content.post
    page.title = post.title[:255]
    page.draft_title = page.title
    page.date = post.date
    page.date_utc_offset = post.date_utc_offset
    page.author = content.authors[0] if content.authors else None
    page.co_authors = [BlogPageCoAuthor(author=author) for author in content.authors[1:]]
    page.intro = post.description
    page.search_description = post.description
    page.feature_image_id = content.image
    page.feature_image_alt = post.image_alt[:512]
    page.body = content.body
    page.tags.set(caches.tags_named(post.tags))


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
        "warnings": [warning.message for warning in result.warnings],
    }
    if record is None:
        ImportedPost.objects.create(page=page, **imported)
    else:
        ImportedPost.objects.filter(pk=record.pk).update(**imported)
