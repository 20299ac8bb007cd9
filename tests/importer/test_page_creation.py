"""The importer creates a page in one save (importer.wagtail_internals.add_new_page); it must
leave the page as Wagtail's own calls do."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.log_actions import LogContext
from wagtail.models import PageLogEntry
from wagtail.signals import page_published, published

from blog.models import BlogPage

from .helpers import write_post

POST = """---
title: Stretching between visits
date: 2026-02-03
tags: [stretching, Recovery]
{extra}---
Hold each stretch for thirty seconds and breathe out as you ease into it.
"""

# The fields publishing decides; dates are compared as set or not, ids as equal or not.
STATE = ["live", "has_unpublished_changes", "expired", "locked", "draft_title", "url_path"]


def wagtails_way(blog, *, publish):
    """The page as Wagtail's usual calls make it: add_child, save_revision, publish (tags set
    before the first save, as the admin's create form does)."""
    page = BlogPage(
        title="Stretching between visits",
        slug="stretching-between-visits-by-hand",
        date=datetime.datetime(2026, 2, 3, tzinfo=datetime.UTC),
        live=False,
    )
    page.tags.add("stretching", "Recovery")
    blog.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


def state(page):
    page = BlogPage.objects.get(pk=page.pk)  # as stored, not as held in memory
    values = {name: getattr(page, name) for name in STATE}
    values["url_path"] = values["url_path"].rsplit("/", 2)[0]  # the slugs differ
    return {
        **values,
        "published dates set": (bool(page.first_published_at), bool(page.last_published_at)),
        "live revision is the latest": page.live_revision_id == page.latest_revision_id,
        "latest revision time": page.latest_revision_created_at == page.latest_revision.created_at,
        "published with its revision": page.last_published_at is None
        or page.last_published_at >= page.latest_revision.created_at,
        "revisions": page.revisions.count(),
        "log": [
            {
                "action": entry.action,
                "type": entry.content_type.model,
                "label": entry.label,
                "user": entry.user_id,
                "uuid": entry.uuid,
                "content_changed": entry.content_changed,
                "deleted": entry.deleted,
                "data": entry.data,
                "revision": entry.revision_id and entry.revision_id == page.latest_revision_id,
                "in order": entry.timestamp <= page.latest_revision.created_at
                if entry.action == "wagtail.create"
                else entry.timestamp >= page.latest_revision.created_at,
            }
            for entry in PageLogEntry.objects.filter(page=page).order_by("pk")
        ],
        "tags": sorted(tag.name for tag in page.tags.all()),
        "revision's tags": sorted(tag.name for tag in page.latest_revision.as_object().tags.all()),
        "revision's child rows": revision_children(page),
        "revision's title": page.latest_revision.as_object().title,
        "revision's label": page.latest_revision.object_str,
    }


def revision_children(page):
    """The child rows (tags, co-authors, comments) the first revision holds, as the rows in
    the database (their own ids and the page's left out, since those differ)."""
    content = page.latest_revision.content
    rows = {}
    for name in ("tagged_items", "co_authors", "wagtail_admin_comments"):
        stored = {row.pk for row in getattr(page, name).all()}
        assert {row["pk"] for row in content[name]} == stored
        assert all(row.get("content_object", row.get("page")) == page.pk for row in content[name])
        rows[name] = sorted(
            str({k: v for k, v in row.items() if k not in ("pk", "content_object", "page")})
            for row in content[name]
        )
    return rows


@pytest.fixture
def signals():
    received = []

    def page_handler(sender, instance, revision, **kwargs):
        received.append(("page_published", sender, instance.pk, revision.pk))

    def handler(sender, instance, revision, **kwargs):
        received.append(("published", sender, instance.pk, revision.pk))

    page_published.connect(page_handler)
    published.connect(handler)
    yield received
    page_published.disconnect(page_handler)
    published.disconnect(handler)


@pytest.mark.parametrize("publish", [True, False], ids=["published", "draft"])
def test_an_imported_page_is_left_as_wagtails_own_calls_leave_it(
    site_tree, tmp_path, signals, publish, django_user_model
):
    extra = "" if publish else "draft: true\n"
    # As when a script runs both for a named user: log entries take the user and the action's
    # shared id from the log context.
    user = django_user_model.objects.create(username="migration")
    with LogContext(user=user):
        post = write_post(tmp_path, "stretching.md", POST.format(extra=extra))
        call_command("import_posts", post)
        imported = BlogPage.objects.get(import_record__isnull=False)
        by_hand = wagtails_way(site_tree.blog, publish=publish)
    imported_signals = [s for s in signals if s[2] == imported.pk]
    by_hand_signals = [s for s in signals if s[2] == by_hand.pk]

    assert state(imported) == state(by_hand)
    assert [s[:2] for s in imported_signals] == [s[:2] for s in by_hand_signals]
    assert all(s[3] == imported.latest_revision_id for s in imported_signals)
    if publish:  # the post's own date, not the day of the import
        assert timezone.localdate(imported.first_published_at) == datetime.date(2026, 2, 3)
    assert BlogPage.objects.live().filter(pk=imported.pk).exists() == publish


def test_new_pages_take_the_tree_place_treebeard_gives_them(site_tree):
    """insert_child finds a new page's place itself; it must be the one treebeard's add_child
    gives: the first step under a parent without children, else the step after the last
    child's, whatever the children between (a deleted one leaves a gap)."""
    from django.db import transaction
    from wagtail.models import Page

    from importer.wagtail_internals import insert_child

    def ours(parent, slug):
        with transaction.atomic():
            page = BlogPage(title=slug, slug=slug, date=timezone.now())
            insert_child(Page.objects.get(pk=parent.pk).specific, page)
        return page

    def treebeards(parent, slug):
        return Page.objects.get(pk=parent.pk).add_child(
            instance=BlogPage(title=slug, slug=slug, date=timezone.now())
        )

    blog = site_tree.blog
    first = ours(blog, "first")
    assert first.path == blog.path + "0001" and first.depth == blog.depth + 1
    expected = [treebeards(blog, "by-hand-1").path]
    Page.objects.get(pk=first.pk).delete()
    expected.append(ours(blog, "second").path)
    expected.append(treebeards(blog, "by-hand-2").path)
    assert expected == [blog.path + step for step in ("0002", "0003", "0004")]
    blog.refresh_from_db()
    assert blog.numchild == 3 == blog.get_children().count()
    assert Page.find_problems() == ([], [], [], [], [])
