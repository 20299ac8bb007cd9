"""The search and reference indexes: off while a run writes, then filled in batches (see the
package's docstring)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models.signals import post_save
from modelcluster.models import get_all_child_relations
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler as update_search_index_on_save
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import update_reference_index_on_save

from blog.blocks import searchable_content_read_once


@contextmanager
def indexing_on_save_off(model: type[models.Model]) -> Iterator[None]:
    """Wagtail's two ``post_save`` handlers that index a saved object (modelsearch's
    ``post_save_signal_handler``, connected by ``register_signal_handlers`` in
    modelsearch/signal_handlers.py, and ``update_reference_index_on_save``, connected by
    ``connect_reference_index_signal_handlers_for_model`` in wagtail/signal_handlers.py), off
    for `model` in this process while inside; those that were on are on again after."""
    handlers = [update_search_index_on_save, update_reference_index_on_save]
    disconnected = [h for h in handlers if post_save.disconnect(h, sender=model)]
    try:
        yield
    finally:
        for handler in disconnected:
            post_save.connect(handler, sender=model)


def index_objects(model: type[models.Model], ids: list[int]) -> None:
    """Add the objects with these ids to the search index and the reference index, as the two
    handlers above would one object at a time, in one transaction.

    The reference index (``ReferenceIndex.create_or_update_for_object``, wagtail/models/
    reference_index.py) reads each object's child rows (modelcluster's child relations: tags,
    comments): fetched for all of them here, rather than two queries an object there; and its
    records are read and written for all the objects at once (`index_references`). The search
    backends' ``add_bulk`` (modelsearch/backends/base.py) is what ``update_index`` uses."""
    child_relations = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
    objects = list(
        model.get_indexed_objects().filter(pk__in=ids).prefetch_related(*child_relations)
    )
    with transaction.atomic(), searchable_content_read_once():
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, objects)
        index_references(objects)
    for obj in objects:
        # Each prefetched child points back at its object: without this, every batch would
        # wait for Python's cycle collector, and memory would grow with the run.
        obj._prefetched_objects_cache.clear()


def index_references(objects: list[models.Model]) -> None:
    """``ReferenceIndex.create_or_update_for_object`` for each of `objects` (all of one model),
    with one read of their records and one insert for all, where it makes both for each: the
    references found on each object (``_extract_references_from_object``) that it has no
    record of are added, and records of references no longer found are deleted, except those
    recorded under a more specific model than this one, as it does."""
    if not objects:
        return
    model = type(objects[0])
    content_types = [
        ContentType.objects.get_for_model(each, for_concrete_model=False)
        for each in [model, *model._meta.get_parent_list()]
    ]
    content_type, base_content_type = content_types[0], content_types[-1]
    known = {each.id for each in content_types}
    found = {
        str(obj.pk): set(ReferenceIndex._extract_references_from_object(obj)) for obj in objects
    }
    existing: dict[str, dict[tuple, tuple[int, int]]] = {key: {} for key in found}
    records = ReferenceIndex.objects.filter(
        base_content_type=base_content_type, object_id__in=list(found)
    ).values_list(
        "object_id", "id", "content_type_id", "to_content_type", "to_object_id", "model_path",
        "content_path",
    )  # fmt: skip
    for object_id, record_id, record_type, *reference in records:
        existing[object_id][tuple(reference)] = (record_type, record_id)
    new_records, deleted = [], []
    for object_id, references in found.items():
        for to_content_type_id, to_object_id, model_path, content_path in (
            references - existing[object_id].keys()
        ):
            new_records.append(
                ReferenceIndex(
                    content_type=content_type,
                    base_content_type=base_content_type,
                    object_id=object_id,
                    to_content_type_id=to_content_type_id,
                    to_object_id=to_object_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
            )
        deleted += [
            record_id
            for reference, (record_type, record_id) in existing[object_id].items()
            if reference not in references and record_type in known
        ]
    ignore = {"ignore_conflicts": True} if connection.features.supports_ignore_conflicts else {}
    ReferenceIndex.objects.bulk_create(new_records, **ignore)
    if deleted:
        ReferenceIndex.objects.filter(id__in=deleted).delete()
