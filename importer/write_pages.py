"""A post's page: created, or updated with a new revision, its fields filled from the post, and
its import record kept beside it.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published, published

from blog.models import BlogIndexPage, BlogPage
from importer.models import ImportedPost
from importer.types import PostDraft, PostResult, SourcePost
from importer.write_caches import RunCaches

# What Wagtail sets on a new page from rows that cannot be missing (its type, its parent's
# locale): validating them would query for each. The author and picture come from the run's
# caches and are still checked, since an editor may delete one while the run goes on.
SET_BY_WAGTAIL = ["content_type", "locale"]


def log_entry(page: BlogPage, action: str, user: Any = None, **fields: Any) -> PageLogEntry:
    """The entry `wagtail.log_actions.log(page, action, user=user, content_changed=True)` would
    save, left unsaved for one insert with the page's other entries.

    Saving an entry validates it, querying for its page, type and revision (the database does
    not check those references for log entries). Here they are the page and revision this
    transaction has just written, so only the action is checked."""
    if not log_action_registry.action_exists(action):
        raise ValueError(f"the log action {action!r} is not registered")
    context = get_active_log_context()
    return PageLogEntry(
        page=page,
        content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
        label=page.get_admin_display_title(),
        action=action,
        user=user or context.user,
        uuid=context.uuid,
        content_changed=True,
        timestamp=timezone.now(),
        data={},
        **fields,
    )


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
    return page, insert_new_page(parent, page, publish)


def insert_new_page(parent: BlogIndexPage, page: BlogPage, publish: bool) -> Revision:
    """Save `page` under `parent` with its first revision, published or not (see create_page)."""
    # What Page.save would look up with a query each: a new page takes its parent's locale,
    # and one with a new translation key cannot be the root of a site.
    page.locale_id = parent.locale_id
    page._is_site_root = False
    # treebeard's add_child saves the page with a bare save(), which would validate it with
    # a query for each row it points to and each unique column, and log its creation with
    # more. It is validated just after instead, inside the same transaction (the database
    # enforces the unique columns), and both log entries are written together at the end.
    page.save = functools.partial(page.save, clean=False, log_action=None)
    try:
        parent.add_child(instance=page)
    finally:
        del page.save
    page.full_clean(exclude=SET_BY_WAGTAIL, validate_unique=False)
    log_entries = [log_entry(page, "wagtail.create", user=page.owner)]
    revision = Revision.objects.create(
        content_object=page,
        base_content_type=page.get_base_content_type(),
        content=page.serializable_data(),
        object_str=str(page),
    )
    page.latest_revision = revision
    page.latest_revision_created_at = revision.created_at
    if publish:
        page.live_revision = revision
        page.last_published_at = revision.created_at
    Page.objects.filter(pk=page.pk).update(
        latest_revision=revision,
        latest_revision_created_at=revision.created_at,
        live_revision=page.live_revision,
        last_published_at=page.last_published_at,
    )
    if publish:
        page_published.send(sender=BlogPage, instance=page, revision=revision)
        published.send(sender=BlogPage, instance=page, revision=revision)
        log_entries.append(log_entry(page, "wagtail.publish", revision=revision))
    PageLogEntry.objects.bulk_create(log_entries)
    return revision


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
        # Wagtail's publish rebuilds the page from the revision's JSON; this is the page that
        # JSON was just made from, so it is handed over instead of rebuilt.
        revision.as_object = lambda: page
        revision.publish()
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
