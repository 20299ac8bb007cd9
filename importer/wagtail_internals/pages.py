"""A new page created in one save, left as Wagtail's own calls leave it, and a page's body
stored in place (see the package's docstring)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models.signals import post_save
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from treebeard.exceptions import PathOverflow
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published, published


def add_new_page(
    parent: Page, page: Page, publish: bool, exclude: list[str], user: Any = None
) -> Revision:
    """Save `page` as a new child of `parent` with its first revision, published or a draft,
    left as ``parent.add_child(instance=page)``, ``page.save_revision()`` and
    ``revision.publish()`` leave it, in one save instead of three; returns the revision.

    Each of those saves validates the page and writes both of its tables again, and they were
    half of the time a post took to write. The page is validated once, here, without the
    fields in `exclude` and without unique checks (the database enforces those). What
    publishing a new page does beyond the save (revision ids, publish dates, log entries,
    signals) is done as Wagtail does it; what it does for pages that existed before (aliases,
    workflows, comments, scheduled revisions) has nothing to do for a new page. The caller sets
    the page's fields, ``live``, ``has_unpublished_changes`` and ``first_published_at``; the
    revision and log entries are `user`'s, as the admin's would be of the user saving."""
    insert_child(parent, page)
    page.full_clean(exclude=exclude, validate_unique=False)
    log_entries = [log_entry(page, "wagtail.create", user=user or page.owner)]
    revision = first_revision(page, publish, user)
    if publish:
        # PublishPageRevisionAction._after_publish and PublishRevisionAction._after_publish
        # (wagtail/actions/publish_page_revision.py, publish_revision.py) send these two.
        page_published.send(sender=type(page), instance=page, revision=revision)
        published.send(sender=type(page), instance=page, revision=revision)
        log_entries.append(log_entry(page, "wagtail.publish", user=user, revision=revision))
    PageLogEntry.objects.bulk_create(log_entries)
    return revision


def insert_child(parent: Page, page: Page) -> None:
    """``parent.add_child(instance=page)`` without the queries and objects it needs no more.

    treebeard's ``MP_AddChildHandler.process`` (treebeard/mp_tree.py) locks the parent's row,
    loading it as a page, loads the last child as a page to find the next path, counts the
    child, then saves the page with a bare ``save()``; ``Page.save`` (wagtail/models/pages.py)
    then validates it with a query for each row it points to and each unique column, and logs
    its creation with more. Here the same rows are locked, read and counted in plain SQL in the
    run's transaction (the caller's; building the ORM's queries cost more than running them),
    the path is made by treebeard's own rule, and the page is saved with ``clean=False`` and
    ``log_action=None`` (its validation and log entries follow in `add_new_page`).
    ``Page.save`` also asks ``is_site_root()``, which reads ``_is_site_root`` when set: a new
    page with a new translation key is no site's root. A new page takes its parent's locale,
    which ``_set_core_field_defaults`` would look up."""
    page.locale_id = parent.locale_id
    page._is_site_root = False
    with connection.cursor() as cursor:
        page.depth, page.path, numchild = new_child_place(cursor, parent.pk)
        cursor.execute(f"UPDATE {PAGES} SET numchild = numchild + 1 WHERE id = %s", [parent.pk])
    parent.numchild = numchild + 1
    page._cached_parent_obj = parent
    children = held_children(page)
    page.save(clean=False, log_action=None)
    save_new_children(page, children)


PAGES = connection.ops.quote_name(Page._meta.db_table)


def new_child_place(cursor: Any, parent_id: int) -> tuple[int, str, int]:
    """The depth and treebeard path of a new last child of the page `parent_id`, and that
    page's count of children, its row locked until the transaction ends, as
    ``MP_AddChildHandler.process`` finds them: the first step under the parent for its first
    child, else the step after its last child's (``MP_Node._get_path``, ``_inc_path``), and
    ``PathOverflow`` past the last."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    cursor.execute(f"SELECT path, depth, numchild FROM {PAGES} WHERE id = %s{lock}", [parent_id])
    path, depth, numchild = cursor.fetchone()
    if not numchild:
        return depth + 1, Page._get_path(path, depth + 1, 1), numchild
    cursor.execute(
        f"SELECT path FROM {PAGES} WHERE depth = %s AND path BETWEEN %s AND %s "
        "ORDER BY path DESC LIMIT 1",
        [depth + 1, *Page._get_children_path_interval(path)],
    )
    last = cursor.fetchone()[0]
    step = Page._str2int(last[-Page.steplen :]) + 1
    if len(Page._int2str(step)) > Page.steplen:
        raise PathOverflow(f"Path Overflow from: '{last}'")
    return depth + 1, Page._get_path(last, depth + 1, step), numchild


def held_children(page: models.Model) -> dict[str, list[models.Model]]:
    """Each of the new page's child relations (modelcluster's: tags, co-authors, comments) and
    the rows it holds in memory, those that `save_new_children` writes taken out of memory.

    Saving a page commits each relation held in memory (``DeferringRelatedManager.commit`` in
    modelcluster/fields.py): it reads the rows the page has in the database, which a new page
    has none of, and saves each new row alone. Rows whose model nothing listens to being saved
    are left to ``save_new_children`` instead; the others (a co-author's reference index entry
    is queued when it is saved) stay with the commit."""
    held = getattr(page, "_cluster_related_objects", {})
    children = {}
    for relation in get_all_child_relations(page):
        name = relation.get_accessor_name()
        children[name] = list(getattr(page, name).all()) if name in held else []
        if name in held and not (
            children[name] and post_save.has_listeners(relation.related_model)
        ):
            del held[name]
    return children


def save_new_children(page: models.Model, children: dict[str, list[models.Model]]) -> None:
    """Write the rows of `held_children` its commit left (in one insert a relation), and hold
    every relation in memory again, as saved: the page's first revision serialises them
    (``ClusterableModel.serializable_data``), which would otherwise read each from the
    database. (Wagtail's only ``pre_save`` handler that ``bulk_create`` skips sets the locale
    of translatable objects, which these rows are not.)"""
    for relation in get_all_child_relations(page):
        name = relation.get_accessor_name()
        rows = children[name]
        unsaved = [row for row in rows if row.pk is None]
        for row in unsaved:
            setattr(row, relation.field.name, page)
        if unsaved:
            relation.related_model.objects.bulk_create(unsaved)
        setattr(page, name, rows)


def first_revision(page: Page, publish: bool, user: Any = None) -> Revision:
    """The page's first revision, made as ``Page.save_revision`` makes it, and the page's
    revision and publishing fields set as it and ``PublishRevisionAction._publish_revision``
    (wagtail/actions/publish_revision.py) set them, in one update."""
    revision = Revision.objects.create(
        content_object=page,
        base_content_type=page.get_base_content_type(),
        content=page.serializable_data(),
        object_str=str(page),
        user=user,
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
    return revision


def log_entry(page: Page, action: str, user: Any = None, **fields: Any) -> PageLogEntry:
    """The entry ``wagtail.log_actions.log(page, action, user=user, content_changed=True)``
    would save (``LogActionRegistry.log`` in wagtail/log_actions.py, then
    ``BaseLogEntryManager.log_action`` in wagtail/models/audit_log.py), left unsaved for one
    insert with the page's other entries.

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


def publish_page_as_built(revision: Revision, page: Page, user: Any = None) -> None:
    """``revision.publish()`` for a revision just made from `page`.

    ``PublishRevisionAction.__init__`` (wagtail/actions/publish_revision.py) rebuilds the page
    from the revision's JSON with ``revision.as_object()``; `page` is what that JSON was made
    from, so it is handed over instead of rebuilt."""
    revision.as_object = lambda: page
    # The import's own permission (not the user's page permissions) lets it publish.
    revision.publish(user=user, skip_permission_checks=True)


def set_stream_in_place(
    page: Page, revision: Revision | None, field_name: str, raw: list[dict[str, Any]]
) -> None:
    """Store `raw` as the page's StreamField `field_name`, and in `revision` too, without a
    new revision: the page's history stays as it was.

    A revision keeps a StreamField as a JSON string inside its JSON
    (``StreamField.value_to_string`` in wagtail/fields.py, which modelcluster's
    ``get_serializable_data_for_fields`` calls)."""
    setattr(page, field_name, raw)
    page.save(update_fields=[field_name], clean=False)
    if revision is not None:
        revision.content[field_name] = json.dumps(raw)
        revision.save(update_fields=["content"])
