"""Stage 6, write: the only stage that touches the database.

One transaction per post. What a run shares (the parent page, the slugs under it, authors,
images already in the library, import records, redirects) is looked up once when the
``PostWriter`` is built, not once per post.
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler as update_search_index_on_save
from taggit.models import Tag
from wagtail.blocks import StreamBlockValidationError
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision, Site
from wagtail.signal_handlers import update_reference_index_on_save
from wagtail.signals import page_published, published

from blog.models import Author, BlogIndexPage, BlogPage
from importer.assets import bundle_feature_image, is_external, resolve, unsafe_svg
from importer.frontmatter import post_stem
from importer.models import ImportedPost
from importer.pipeline import RunContext, source_key
from importer.templates import POST_LINK_SCHEME
from importer.types import ImporterError, PostDraft, PostResult, SourcePost

MAX_REDIRECT_PATH = Redirect._meta.get_field("old_path").max_length
TAG_LENGTH = Tag._meta.get_field("name").max_length
FORGOTTEN = object()  # a cache had no entry for the key
# Stored rich text never nests links, so the first closing tag ends the link.
LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)
# Pages written but not yet in the search and reference indexes are indexed this many at a time.
INDEX_BATCH = 200
# What Wagtail sets on a new page from rows that cannot be missing (its type, its parent's
# locale): validating them would query for each. The author and picture come from the run's
# caches and are still checked, since an editor may delete one while the run goes on.
SET_BY_WAGTAIL = ["content_type", "locale"]


# What to do when Wagtail refuses a page for one of these fields; they can only go wrong when
# the site changes while the run goes on, so running it again finds them as they now are.
RERUN_FIXES = {
    "slug": "a page with this address was added under the blog while the import ran; run the "
    "import again and the post takes the next free address.",
    "author": "the author was deleted while the import ran; run the import again to recreate it.",
    "feature_image": "the picture was deleted while the import ran; run the import again to "
    "bring it back.",
}


def refused(error: ValidationError) -> ImporterError:
    """Wagtail's reasons for refusing a page, as the importer reports a bad post."""
    fields = error.message_dict
    name = next(iter(fields))
    reasons = " ".join(fields[name]).rstrip(".")
    return ImporterError(
        f"Wagtail refused the page: {reasons}.",
        field="" if name == NON_FIELD_ERRORS else name,
        fix=RERUN_FIXES.get(name, "correct the post and run the import again."),
    )


BODY_FIX = "correct that part of the post (or leave it out) and run the import again."


def validate_body(body: list[dict[str, Any]]) -> None:
    """Check a post's blocks as the editor would on saving: with BlogPage.body's own
    StreamBlock ``clean()``. Wagtail's ``full_clean`` does not look inside a StreamField, so
    without this a value the editor would refuse is saved, and may fail the page when shown."""
    stream_block = BlogPage._meta.get_field("body").stream_block
    for number, block in enumerate(body, start=1):
        # to_python drops a block of a type it doesn't know, silently.
        if not isinstance(block, dict) or block.get("type") not in stream_block.child_blocks:
            kind = block.get("type") if isinstance(block, dict) else type(block).__name__
            raise ImporterError(
                f"block {number} ({kind}) is not a type of block a post can hold.",
                field="body",
                fix=BODY_FIX,
            )
    try:
        stream_block.clean(stream_block.to_python(body))
    except ValidationError as error:
        raise invalid_body(error, body) from error
    except Exception:  # noqa: BLE001 - a value of the wrong shape: found block by block
        for number, block in enumerate(body, start=1):
            kind = block["type"]
            child = stream_block.child_blocks[kind]
            try:
                child.clean(child.to_python(block.get("value")))
            except ValidationError as error:
                raise invalid_body(StreamBlockValidationError({number - 1: error}), body) from error
            except Exception as error:  # noqa: BLE001 - reported as the block's fault
                raise ImporterError(
                    f"block {number} ({kind}) is not a value the block can hold "
                    f"({type(error).__name__}: {error}).",
                    field="body",
                    fix=BODY_FIX,
                ) from error
        raise


def invalid_body(error: ValidationError, body: list[dict[str, Any]]) -> ImporterError:
    """The first reason a body was refused, naming its block ("block 4 (booking_cta)")."""
    data = error.as_json_data() if hasattr(error, "as_json_data") else {"messages": error.messages}
    where, reasons = first_block_error(data)
    if where and isinstance(where[0], int) and where[0] < len(body):
        where[0] = f"block {where[0] + 1} ({body[where[0]].get('type')})"
    place = " > ".join(str(part) for part in where) or "the body"
    return ImporterError(
        f"{place} is not valid: {' '.join(reasons)}",
        field="body",
        fix=BODY_FIX,
    )


def first_block_error(data: dict[str, Any]) -> tuple[list[Any], list[str]]:
    """Where in a block's error data (Wagtail's ``as_json_data``) the first message is."""
    if data.get("messages"):
        return [], list(data["messages"])
    children = data.get("blockErrors") or {}
    items = enumerate(children) if isinstance(children, list) else children.items()
    for key, child in items:
        if child:
            where, reasons = first_block_error(child)
            return [key, *where], reasons
    return [], ["Wagtail refused it."]


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


@dataclass(slots=True)
class WriteOptions:
    draft: bool = False
    dry_run: bool = False
    force: bool = False
    sources: list[Path] = field(default_factory=list)
    """The SOURCE arguments, which posts' identities (``source_key``) are relative to."""


@dataclass(slots=True)
class PostWriter:
    """Writes prepared posts under one blog index, remembering what the run has written."""

    parent: BlogIndexPage
    ctx: RunContext
    options: WriteOptions
    slugs: set[str] = field(default_factory=set)
    records: dict[str, ImportedPost] = field(default_factory=dict)
    authors: dict[str, Author] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    """By lower-cased name: tags match without regard to case here (TAGGIT_CASE_INSENSITIVE)."""
    image_ids: dict[str, int] = field(default_factory=dict)
    pages_by_stem: dict[str, int] = field(default_factory=dict)
    pages_by_old_url: dict[str, int] = field(default_factory=dict)
    planned_urls: dict[str, str] = field(default_factory=dict)
    """stem -> the URL the post will have, for links to posts later in the run."""
    unindexed: list[int] = field(default_factory=list)
    """Pages written while indexing is deferred, waiting for the next batch."""
    deferring: bool = False
    refused: set[str] = field(default_factory=set)
    """Image references left out as unsafe, so their warning isn't doubled."""
    site_root_paths: list = field(default_factory=list)
    journal: list[tuple[dict, Any, Any]] = field(default_factory=list)
    """What the post being written changed in the caches above (see `remember`)."""
    links_ahead: bool = False
    """Whether the post being written links to a post the run hasn't written yet."""
    pages_linking_ahead: list[int] = field(default_factory=list)
    late_warnings: list[tuple[int, str]] = field(default_factory=list)
    """(page id, warning) for pages written earlier whose indexing or links went wrong since;
    the run adds them to those posts' report rows (`take_late_warnings`)."""

    @classmethod
    def for_parent(cls, parent: BlogIndexPage, ctx: RunContext, options: WriteOptions):
        writer = cls(parent, ctx, options)
        writer.slugs = set(parent.get_children().values_list("slug", flat=True))
        writer.site_root_paths = Site.get_site_root_paths()
        for record in ImportedPost.objects.select_related("page"):
            writer.records[record.source_path] = record
            writer.pages_by_stem.setdefault(post_stem(Path(record.source_path)), record.page_id)
        writer.authors = {author.name: author for author in Author.objects.all()}
        writer.tags = {tag.name.lower(): tag for tag in Tag.objects.all()}
        writer.pages_by_old_url = dict(
            Redirect.objects.filter(redirect_page__isnull=False).values_list(
                "old_path", "redirect_page_id"
            )
        )
        return writer

    @contextmanager
    def deferred_indexing(self) -> Iterator[None]:
        """Index written pages for search and references once each, in batches.

        Wagtail re-indexes a page on every save, one page at a time, and updating a published
        page saves it twice. While this is open the two indexing signal handlers are off for
        blog pages in this process only (a server running beside the import keeps its own), and
        every page written is indexed once, every INDEX_BATCH pages and on the way out.
        `manage.py update_index` and `rebuild_references_index` rebuild both should a run be
        killed before its last batch.
        """
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

    def index_written(self) -> None:
        """Bring the search and reference indexes up to date for the pages written so far.

        A page that cannot be indexed must not leave the others of its batch unindexed, nor
        stop the run: if the batch fails, each page is indexed alone, and those that still
        fail are reported on their posts' rows."""
        ids, self.unindexed = self.unindexed, []
        if not ids:
            return
        try:
            self.index_pages(ids)
        except Exception:  # noqa: BLE001 - found out page by page below
            for page_id in ids:
                try:
                    self.index_pages([page_id])
                except Exception as error:  # noqa: BLE001 - reported on the post's row
                    self.warn_later(
                        page_id,
                        f"The page was saved but could not be added to the search and reference "
                        f"indexes ({type(error).__name__}: {error}). Fix: correct the page in "
                        "the editor, or run 'manage.py update_index' and "
                        "'manage.py rebuild_references_index' once it is fixed.",
                    )

    def warn_later(self, page_id: int, warning: str) -> None:
        """Note a problem found with a page after its post was reported; its record keeps it
        too, so a re-run that finds the post unchanged still shows it."""
        self.late_warnings.append((page_id, warning))
        record = ImportedPost.objects.filter(page_id=page_id).first()
        if record is not None and warning not in record.warnings:
            ImportedPost.objects.filter(pk=record.pk).update(warnings=[*record.warnings, warning])

    def take_late_warnings(self) -> list[tuple[int, str]]:
        warnings, self.late_warnings = self.late_warnings, []
        return warnings

    def index_pages(self, ids: list[int]) -> None:
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

    def plan(self, drafts: list[PostDraft]) -> None:
        """Note where every post of the run will live, so links between them resolve."""
        base = self.parent.url or "/"
        for draft in drafts:
            assert draft.post is not None
            url = f"{base}{draft.post.slug}/"
            self.planned_urls.setdefault(draft.post.stem, url)
            for old in draft.post.old_urls:
                self.planned_urls.setdefault(Redirect.normalise_path(old), url)

    def unchanged(self, path: Path, content_hash: str) -> PostResult | None:
        """The result for a file whose bytes were imported before, or None.

        Checked before any pure stage runs, so an unchanged blog re-imports in no time.
        """
        record = self.records.get(self.key(path))
        if record is None or record.content_hash != content_hash:
            return None
        page = record.page
        return PostResult(
            source=str(path),
            status="unchanged",
            page_id=page.pk,
            url=self.url_of(page),
            live=page.live,
            repairs=record.repairs,
            warnings=record.warnings,
            title=page.title,
        )

    def write(self, draft: PostDraft) -> PostResult:
        """Create, update or leave one page; never overwrites an editor's work unless forced."""
        assert draft.post is not None
        record = self.records.get(self.key(draft.path))
        result = PostResult(
            source=str(draft.path),
            status="created",
            repairs=[repair.as_dict() for repair in draft.repairs],
            warnings=list(draft.warnings),
            title=draft.post.title,
        )
        if record is not None:
            page = record.page
            result.page_id, result.url, result.live = page.pk, self.url_of(page), page.live
            if record.content_hash == draft.content_hash:
                result.status = "unchanged"
                return result
            if record.edited_since_import and not self.options.force:
                result.status = "conflict"
                result.error = (
                    "the source changed and an editor has changed the page since it was "
                    "imported; their work is kept. Re-run with --force to import over it "
                    "(their revision stays in the page history)."
                )
                return result
            result.status = "updated"
        saved_files: list[str] = []
        self.journal.clear()
        self.links_ahead = False
        try:
            with transaction.atomic():
                page = self.save_page(draft, record, result, saved_files)
                if self.options.dry_run:
                    transaction.set_rollback(True)
                    self.undo_post()
        except Exception:
            self.delete_files(saved_files)
            self.undo_post()
            raise
        result.page_id, result.url, result.live = page.pk, self.url_of(page), page.live
        if self.options.dry_run and record is None:
            result.page_id = None  # the page was rolled back; its address is what it would be
        self.pages_by_stem[draft.post.stem] = page.pk
        if self.deferring and not self.options.dry_run:
            self.unindexed.append(page.pk)
            if len(self.unindexed) >= INDEX_BATCH:
                self.index_written()
        if self.links_ahead and not self.options.dry_run:
            self.pages_linking_ahead.append(page.pk)
        return result

    def url_of(self, page: Page) -> str:
        # Without a request, Wagtail reads the sites' root paths from the cache for every page
        # whose URL it is asked for (a third of an unchanged re-run's time); a run reads them
        # once and hands them to each page in the slot Wagtail caches them in.
        page._wagtail_cached_site_root_paths = self.site_root_paths
        return page.url or ""

    def key(self, path: Path) -> str:
        return source_key(path, self.options.sources)

    def link_ahead(self) -> None:
        """Turn links to posts written later in the run into page links, once every page exists.

        When such a post was written its target had no page yet, so the link went in as the
        target's new address. The import's own revision is corrected in place rather than
        followed by a new one, so the page still counts as untouched by editors. It runs after
        deferred indexing has ended, so saving the page updates its indexes as usual."""
        for page_id in self.pages_linking_ahead:
            try:
                self.link_page_ahead(page_id)
            except Exception as error:  # noqa: BLE001 - one page must not stop the others
                self.warn_later(
                    page_id,
                    "Links to posts written later in the run could not be made page links "
                    f"({type(error).__name__}: {error}); they point at those posts' addresses.",
                )
        self.pages_linking_ahead.clear()

    def link_page_ahead(self, page_id: int) -> None:
        with transaction.atomic():
            record = ImportedPost.objects.select_related("page", "revision").get(page=page_id)
            page, revision = record.page, record.revision
            raw = self.resolve_stream(list(page.body.raw_data))
            if raw == list(page.body.raw_data):
                return
            page.body = raw
            page.save(update_fields=["body"], clean=False)
            if revision is not None:
                revision.content["body"] = json.dumps(raw)
                revision.save(update_fields=["content"])

    def resolve_stream(self, raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """`raw` StreamField data with resolve_links applied to its rich text."""
        # Any warning about these links was reported when the post was written.
        unused = PostResult(source="", status="updated")
        resolved = []
        for block in raw:
            value = block["value"]
            if block["type"] == "paragraph":
                value = self.resolve_links(value, unused)
            elif block["type"] == "quote":
                value = {**value, "text": self.resolve_links(value["text"], unused)}
            resolved.append({**block, "value": value})
        return resolved

    def save_page(
        self, draft: PostDraft, record: ImportedPost | None, result: PostResult, files: list[str]
    ) -> BlogPage:
        post = draft.post
        assert post is not None
        body = self.resolve_body(draft, result, files)
        validate_body(body)
        feature_image = self.feature_image(draft, result, files)
        publish = not (post.draft or self.options.draft)
        try:
            if record is None:
                page, revision = self.create_page(post, body, feature_image, publish)
            else:
                page, revision = self.update_page(record, post, body, feature_image, publish)
        except ValidationError as error:
            raise refused(error) from error
        self.save_redirects(page, post, result)
        imported = {
            "source_path": self.key(draft.path),
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
        return page

    def create_page(
        self, post: SourcePost, body: list[Any], image: int | None, publish: bool
    ) -> tuple[BlogPage, Revision]:
        """A new page, left as Wagtail's add_child, save_revision and publish leave it, in one
        save instead of three.

        Each of those saves validates the page and writes both of its tables again, and they
        were half of the time a post took to write. What publishing a page that has just been
        created does beyond that (revision ids, publish dates, the log entry, the signals) is
        done here; what it does for pages that already existed (aliases, workflows, comments,
        scheduled revisions) has nothing to do for a new page.
        """
        page = BlogPage(slug=self.unique_slug(post.slug), live=publish)
        self.fill(page, post, body, image)
        page.tags.set(self.tag_objects(post.tags))
        page.has_unpublished_changes = not publish
        if publish:
            page.first_published_at = post.date
        # What Page.save would look up with a query each: a new page takes its parent's locale,
        # and one with a new translation key cannot be the root of a site.
        page.locale_id = self.parent.locale_id
        page._is_site_root = False
        # treebeard's add_child saves the page with a bare save(), which would validate it with
        # a query for each row it points to and each unique column, and log its creation with
        # more. It is validated just after instead, inside the same transaction (the database
        # enforces the unique columns), and both log entries are written together at the end.
        page.save = functools.partial(page.save, clean=False, log_action=None)
        try:
            self.parent.add_child(instance=page)
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
        return page, revision

    def update_page(
        self,
        record: ImportedPost,
        post: SourcePost,
        body: list[Any],
        image: int | None,
        publish: bool,
    ) -> tuple[BlogPage, Revision]:
        """A new revision of an imported page, through Wagtail's usual calls; published if the
        page is live."""
        page = record.page.get_latest_revision_as_object()
        self.fill(page, post, body, image)
        page.tags.set(self.tag_objects(post.tags))
        revision = page.save_revision(changed=True)
        if publish and record.page.live:
            # Wagtail's publish rebuilds the page from the revision's JSON; this is the page that
            # JSON was just made from, so it is handed over instead of rebuilt.
            revision.as_object = lambda: page
            revision.publish()
        page.refresh_from_db(fields=["live", "url_path"])
        return page, revision

    def fill(self, page: BlogPage, post: SourcePost, body: list[Any], image: int | None) -> None:
        page.title = post.title[:255]
        page.draft_title = page.title
        page.date = post.date
        page.author = self.author(post.author)
        page.intro = post.description
        page.search_description = post.description
        page.feature_image_id = image
        page.feature_image_alt = post.image_alt[:512]
        page.body = body

    def unique_slug(self, slug: str) -> str:
        candidate, number = slug or "post", 2
        while candidate in self.slugs:
            candidate = f"{slug}-{number}"
            number += 1
        self.slugs.add(candidate)
        return candidate

    def tag_objects(self, names: list[str]) -> list[Tag]:
        tags = []
        for name in names:
            key = name.lower()
            if key not in self.tags:
                self.remember(self.tags, key, self.existing_tag(name))
            tags.append(self.tags[key])
        return tags

    def existing_tag(self, name: str) -> Tag:
        """The tag by this name, made if there is none (another run or an editor may have made
        it since this run read the tags)."""
        found = Tag.objects.filter(name__iexact=name).first()
        return found or Tag.objects.create(name=name[:TAG_LENGTH])

    def remember(self, cache: dict, key: Any, value: Any) -> None:
        """Set an entry of one of the run's caches, noting what it replaced: the rows behind it
        go if the post's transaction rolls back, and then so must the entry (`undo_post`)."""
        self.journal.append((cache, key, cache.get(key, FORGOTTEN)))
        cache[key] = value

    def undo_post(self) -> None:
        for cache, key, previous in reversed(self.journal):
            if previous is FORGOTTEN:
                del cache[key]
            else:
                cache[key] = previous
        self.journal.clear()

    def author(self, name: str) -> Author | None:
        if not name:
            return None
        if name not in self.authors:
            self.remember(self.authors, name, Author.objects.get_or_create(name=name[:255])[0])
        return self.authors[name]

    def resolve_body(self, draft: PostDraft, result: PostResult, files: list[str]) -> list[Any]:
        body: list[Any] = []
        for block in draft.blocks:
            kind, value = block["type"], block["value"]
            if kind == "image":
                body.extend(self.image_block(draft.path, value, result, files))
            elif kind == "paragraph":
                body.append({"type": kind, "value": self.resolve_links(value, result)})
            elif kind == "quote":
                text = self.resolve_links(value["text"], result)
                body.append({"type": kind, "value": {**value, "text": text}})
            else:
                body.append(block)
        return body

    def image_block(
        self, post_path: Path, value: dict[str, Any], result: PostResult, files: list[str]
    ) -> list[dict[str, Any]]:
        src = value["src"]
        path = self.safe(resolve(src, post_path, self.ctx.assets), src, result)
        image_id = self.image(path, value["alt_text"] or Path(src).stem, files) if path else None
        if image_id is not None:
            return [
                {
                    "type": "image",
                    "value": {
                        "image": image_id,
                        "alt_text": value["alt_text"],
                        "caption": value["caption"],
                    },
                }
            ]
        # The picture is missing; its words (and where it lived) stay in the text.
        if src in self.refused:
            pass  # already explained by safe()
        elif self.options.dry_run and path:
            result.warnings.append(f"Image {src} would be imported (dry run).")
        elif is_external(src):
            result.warnings.append(f"Image {src} is on another site; kept as a link.")
        else:
            result.warnings.append(
                f"Image {src} was not found next to the post or under --assets; "
                "its alt text and caption are kept as text."
            )
        words = " ".join(part for part in (value["alt_text"], value["caption"]) if part)
        if is_external(src):
            label = html.escape(words or src)
            text = f'<a href="{html.escape(src)}">{label}</a>'
        else:
            text = html.escape(words)
        if not words and not is_external(src):
            return []
        return [
            {
                "type": "paragraph",
                "value": self.ctx.normalise(f"<p>{text}</p>", "paragraph"),
            }
        ]

    def feature_image(self, draft: PostDraft, result: PostResult, files: list[str]) -> int | None:
        post = draft.post
        assert post is not None
        path = resolve(post.image, draft.path, self.ctx.assets) if post.image else None
        path = self.safe(path, post.image, result)
        if post.image and path is None and post.image not in self.refused:
            result.warnings.append(f"Feature image {post.image} was not found; none was set.")
        if path is None and not post.image:
            path = bundle_feature_image(draft.path, self.ctx.assets)
        if path is None:
            return None
        return self.image(path, post.image_alt or post.title, files)

    def safe(self, path: Path | None, src: str, result: PostResult) -> Path | None:
        """`path`, unless it is an SVG that could run script: that one is left out, with a
        warning, and remembered so the usual "not found" warning doesn't follow."""
        if path is None or not unsafe_svg(path):
            return path
        self.refused.add(src)
        result.warnings.append(
            f"Image {src} is an SVG with scripts or links in it; it was left out for safety "
            "(its alt text and caption are kept as text)."
        )
        return None

    def image(self, path: Path, title: str, files: list[str]) -> int | None:
        """The library image with this file's content, added once however often it is used."""
        data = path.read_bytes()
        digest = hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's own file_hash is SHA-1
        if digest in self.image_ids:
            return self.image_ids[digest]
        Image = get_image_model()
        existing = Image.objects.filter(file_hash=digest).values_list("pk", flat=True).first()
        if existing is not None:
            self.image_ids[digest] = existing
            return existing
        if self.options.dry_run:
            return None
        image = Image(title=title[:255] or path.stem, file_size=len(data), file_hash=digest)
        image.file = ImageFile(io.BytesIO(data), name=path.name)
        if path.suffix.lower() == ".svg":
            image.width, image.height = svg_size(data)
        image.save()
        files.append(image.file.name)
        self.remember(self.image_ids, digest, image.pk)
        return image.pk

    def delete_files(self, names: list[str]) -> None:
        """A failed post leaves no image files behind (the rows went with the transaction)."""
        storage = get_image_model()._meta.get_field("file").storage
        for name in names:
            storage.delete(name)

    def resolve_links(self, value: str, result: PostResult) -> str:
        """Links to other imported posts become page links, which follow the page if moved."""
        if "<a " not in value:
            return value

        def replace(match: re.Match[str]) -> str:
            href, text = html.unescape(match.group(1)), match.group(2)
            page_id, fallback = self.link_target(href)
            if page_id is not None:
                return f'<a linktype="page" id="{page_id}">{text}</a>'
            if fallback:
                self.links_ahead = True
                return f'<a href="{html.escape(fallback)}">{text}</a>'
            if href.startswith(POST_LINK_SCHEME):
                target = href.removeprefix(POST_LINK_SCHEME)
                result.warnings.append(f"Link to post '{target}' not found; its text is kept.")
                return text
            return match.group()

        return LINK.sub(replace, value)

    def link_target(self, href: str) -> tuple[int | None, str]:
        if href.startswith(POST_LINK_SCHEME):
            stem = post_stem(Path(href.removeprefix(POST_LINK_SCHEME) + ".md"))
            return self.pages_by_stem.get(stem), self.planned_urls.get(stem, "")
        if href.startswith("/") and not href.startswith("//"):
            path = Redirect.normalise_path(href.split("#", 1)[0])
            return self.pages_by_old_url.get(path), self.planned_urls.get(path, "")
        return None, ""

    def save_redirects(self, page: BlogPage, post: SourcePost, result: PostResult) -> None:
        new_path = Redirect.normalise_path(self.url_of(page))
        # Links written as the new address (the old site often used the same one) also
        # become page links.
        self.remember(self.pages_by_old_url, new_path, page.pk)
        for url in post.old_urls:
            old_path = Redirect.normalise_path(url)
            if not old_path or old_path == new_path:
                continue
            if len(old_path) > MAX_REDIRECT_PATH:
                result.warnings.append(f"Old address {old_path[:60]}... is too long to redirect.")
                continue
            existing = Redirect.objects.filter(old_path=old_path, site=None).first()
            if existing is None:
                Redirect.objects.create(
                    old_path=old_path, site=None, redirect_page=page, is_permanent=True
                )
            elif existing.redirect_page_id != page.pk:
                # Someone already sends that address somewhere; an import must not undo it.
                result.warnings.append(
                    f"Old address {old_path} already redirects elsewhere; it was left as it is."
                )
                continue
            self.remember(self.pages_by_old_url, old_path, page.pk)


def svg_size(data: bytes) -> tuple[int, int]:
    """Width and height of an SVG from its attributes or viewBox (Pillow cannot read SVG)."""
    head = data[:4096].decode("utf-8", "ignore")
    width = re.search(r'<svg[^>]*\swidth="([\d.]+)', head)
    height = re.search(r'<svg[^>]*\sheight="([\d.]+)', head)
    if width and height:
        return round(float(width.group(1))), round(float(height.group(1)))
    box = re.search(r'viewBox="[\d.\s-]+?\s([\d.]+)\s+([\d.]+)"', head)
    if box:
        return round(float(box.group(1))), round(float(box.group(2)))
    return 300, 150  # the browser default size of a replaced element
