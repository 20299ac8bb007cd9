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

from django.conf import settings
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
from importer.assets import (
    Lookup,
    Picture,
    bundle_feature_image,
    is_external,
    load_picture,
    locate,
)
from importer.fetch import ImageFetcher
from importer.links import LinkIndex, SiteLink, file_under_roots, site_link
from importer.models import ImportedPost
from importer.parse_fields import post_stem
from importer.pipeline import RunContext, source_key
from importer.shortcodes import POST_LINK_SCHEME
from importer.site_addresses import SiteAddresses
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
    drafts_folder_posts: frozenset[Path] = frozenset()
    """Posts from an old site's drafts folder (--include-drafts): imported as drafts."""
    fetch_images: bool = False
    """Download images other sites host into the library (see importer.fetch)."""
    old_origin: str = ""
    """The old site's scheme and host: links to its pages that were not imported go there."""


@dataclass(frozen=True, slots=True)
class LinkingPost:
    """The post whose links are being resolved: relative links are read against it."""

    key: str
    """Its ``source_key``."""
    path: Path
    bases: tuple[str, ...]
    """Addresses its relative links are read against: its own old one first, then its new."""


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
    links: LinkIndex = field(default_factory=LinkIndex)
    """Every address and file of the run's posts, to the post's key."""
    earlier: LinkIndex | None = None
    """The same for pages imported or redirected to before the run; see earlier_links."""
    pages_by_key: dict[str, int] = field(default_factory=dict)
    """Post key (see LinkIndex) -> its page, once it has one."""
    planned_urls: dict[str, str] = field(default_factory=dict)
    """Post key -> the URL the post will have, for links to posts later in the run."""
    planned_keys: dict[str, str] = field(default_factory=dict)
    """The other way round: a link to a post not yet written holds its planned URL."""
    addresses: SiteAddresses = field(default_factory=SiteAddresses)
    linking: LinkingPost | None = None
    unindexed: list[int] = field(default_factory=list)
    """Pages written while indexing is deferred, waiting for the next batch."""
    deferring: bool = False
    refused: set[str] = field(default_factory=set)
    """The post's image references whose warning says why they were left out, so the usual
    "not found" warning doesn't follow."""
    fetcher: ImageFetcher | None = None
    """With --fetch-images, the run's downloads (each address tried once)."""
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
        if options.fetch_images:
            # Tests (and intranet blogs) serve pictures from this machine or a private network.
            allow_private = getattr(settings, "IMPORTER_FETCH_PRIVATE_ADDRESSES", False)
            writer.fetcher = ImageFetcher(allow_private=allow_private)
        writer.slugs = set(parent.get_children().values_list("slug", flat=True))
        writer.site_root_paths = Site.get_site_root_paths()
        writer.addresses = SiteAddresses.of_sites()
        for record in ImportedPost.objects.select_related("page"):
            writer.records[record.source_path] = record
            writer.pages_by_key[record.source_path] = record.page_id
        writer.authors = {author.name: author for author in Author.objects.all()}
        writer.tags = {tag.name.lower(): tag for tag in Tag.objects.all()}
        return writer

    def earlier_links(self) -> LinkIndex:
        """The addresses and files of pages imported before the run, and the old addresses
        that already redirect to a page: found first, as the site answers them today. Built
        when a link is first looked up, so a re-run with nothing to write doesn't pay for it."""
        if self.earlier is None:
            self.earlier = LinkIndex()
            for key, record in self.records.items():
                self.earlier.add_file(key, key, post_stem(Path(key)))
                self.earlier.add_addresses(key, [self.url_of(record.page)])
            redirects = Redirect.objects.filter(redirect_page__isnull=False)
            for old_path, page_id in redirects.values_list("old_path", "redirect_page_id"):
                self.pages_by_key[f"page:{page_id}"] = page_id
                self.earlier.add_addresses(f"page:{page_id}", [old_path])
        return self.earlier

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
        """Note where every post of the run will live and every address it had, so links
        between them resolve (an address the site keeps for itself leads to no post)."""
        base = self.parent.url or "/"
        for draft in drafts:
            assert draft.post is not None
            key = self.key(draft.path)
            url = self.planned_urls.setdefault(key, f"{base}{draft.post.slug}/")
            self.planned_keys.setdefault(url, key)
            self.links.add_file(key, key, draft.post.stem)
            # (asked again, from the same cache, when its redirects are made)
            old_urls = [
                old
                for old in draft.post.old_urls
                if not self.addresses.claimed(Redirect.normalise_path(old))
            ]
            self.links.add_addresses(key, [*old_urls, url])

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
        key = self.key(draft.path)
        record = self.records.get(key)
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
        self.refused.clear()
        self.links_ahead = False
        new_url = self.planned_urls.get(key) or f"{self.parent.url or '/'}{draft.post.slug}/"
        bases = tuple(dict.fromkeys(url for url in (draft.post.old_url, new_url) if url))
        self.linking = LinkingPost(key, draft.path, bases)
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
        self.pages_by_key[key] = page.pk
        self.links.add_addresses(key, [result.url])
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
        """`raw` StreamField data with its links to posts written since made page links."""
        resolved = []
        for block in raw:
            value = block["value"]
            if block["type"] in ("paragraph", "footnotes"):
                value = self.resolve_links_ahead(value)
            elif block["type"] == "quote":
                value = {**value, "text": self.resolve_links_ahead(value["text"])}
            resolved.append({**block, "value": value})
        return resolved

    def resolve_links_ahead(self, value: str) -> str:
        """Links that hold the planned URL of a post written since (see resolve_links) become
        page links; everything else was settled, and reported, when the post was written."""

        def replace(match: re.Match[str]) -> str:
            key = self.planned_keys.get(html.unescape(match.group(1)))
            page_id = self.pages_by_key.get(key) if key else None
            if page_id is None:
                return match.group()
            return f'<a linktype="page" id="{page_id}">{match.group(2)}</a>'

        return LINK.sub(replace, value) if "<a " in value else value

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
        page.date_utc_offset = post.date_utc_offset
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
            elif kind in ("paragraph", "footnotes"):
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
        path = self.picture(src, post_path, result)
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
            result.notes.append(f"Image {src} would be imported (dry run).")
        elif is_external(src):
            result.warnings.append(
                f"Image {src} is on another site; kept as a link (--fetch-images downloads it)."
            )
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
        path = self.picture(post.image, draft.path, result) if post.image else None
        if post.image and path is None and post.image not in self.refused:
            result.warnings.append(
                f"Feature image {post.image} is on another site; none was set (--fetch-images "
                "downloads it)."
                if is_external(post.image)
                else f"Feature image {post.image} was not found; none was set."
            )
        if path is None and not post.image:
            bundle = bundle_feature_image(draft.path, self.ctx.assets)
            path = self.safe(bundle, "the bundle's featured image", result)
        if path is None:
            return None
        image_id = self.image(path, post.image_alt or post.title, files)
        if image_id is None and self.options.dry_run:
            result.notes.append(
                f"Feature image {post.image or path.name} would be imported (dry run)."
            )
        return image_id

    def picture(self, src: str, post_path: Path, result: PostResult) -> Picture | None:
        """The picture an image reference names: a file inside the import's folders, or with
        --fetch-images a download; None (with a warning when it is more than not found)."""
        if not is_external(src):
            return self.safe(locate(src, post_path, self.ctx.assets), src, result)
        if self.fetcher is None:
            return None
        fetched = self.fetcher.fetch(src)
        if fetched.note:
            result.warnings.append(f"Image {src} {fetched.note}.")
        if fetched.picture is None:
            self.refused.add(src)
        return fetched.picture

    def safe(self, found: Lookup, src: str, result: PostResult) -> Picture | None:
        """The picture at `found`, an SVG cleaned of anything that could run script (with a
        warning naming what was removed). A file outside the import's folders, or an SVG that
        can't be cleaned, is left out with a warning, and `src` remembered so the usual "not
        found" warning doesn't follow."""
        picture, note = load_picture(found.path) if found.path else (None, found.refused)
        if note:
            result.warnings.append(f"Image {src} {note}.")
            if picture is None:
                self.refused.add(src)
        return picture

    def image(self, picture: Picture, title: str, files: list[str]) -> int | None:
        """The library image with this content, added once however often it is used."""
        data = picture.data
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
        name = Path(picture.name)
        image = Image(title=title[:255] or name.stem, file_size=len(data), file_hash=digest)
        image.file = ImageFile(io.BytesIO(data), name=name.name)
        if name.suffix.lower() == ".svg":
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
        """Links to other imported posts become page links, which follow the page if moved,
        whatever form the old site wrote them in (see importer.links). A link to this site that
        leads nowhere goes to the old site with --old-origin, or is listed in the report."""
        if "<a " not in value:
            return value

        def replace(match: re.Match[str]) -> str:
            href, text = html.unescape(match.group(1)), match.group(2)
            if href.startswith(POST_LINK_SCHEME):
                return self.post_file_link(href, text, result) or text
            link, key = self.link_target(href)
            if link is None:
                return match.group()
            if key is not None:
                return self.page_link(key, link, href, text, result)
            if self.points_somewhere(link):
                return match.group()
            if self.options.old_origin:
                old = self.options.old_origin + link.path + link.rest
                warning = (
                    f"Link to {href} is to a page of the old site that was not imported; it "
                    f"now links to {old}."
                )
                if warning not in result.warnings:
                    result.warnings.append(warning)
                return f'<a href="{html.escape(old)}">{text}</a>'
            if href not in result.unresolved_links:
                result.unresolved_links.append(href)
            return match.group()

        return LINK.sub(replace, value)

    def post_file_link(self, href: str, text: str, result: PostResult) -> str:
        """A link a template tag (``post_url``, ``ref``) made to a post by its file name; ""
        when no post of that name is known (reported, the text is kept)."""
        target = href.removeprefix(POST_LINK_SCHEME)
        stem = post_stem(Path(target + ".md"))
        key = self.earlier_links().by_stem.get(stem) or self.links.by_stem.get(stem)
        page_id = self.pages_by_key.get(key) if key else None
        if page_id is not None:
            return f'<a linktype="page" id="{page_id}">{text}</a>'
        if key in self.planned_urls:
            self.links_ahead = True
            return f'<a href="{html.escape(self.planned_urls[key])}">{text}</a>'
        result.warnings.append(f"Link to post '{target}' not found; its text is kept.")
        return ""

    def link_target(self, href: str) -> tuple[SiteLink | None, str | None]:
        """The link to this site `href` is (None for other sites and anchors) and the key of
        the post it leads to, if any: read against the post's own old address, then its new."""
        assert self.linking is not None
        first = None
        for base in self.linking.bases:
            link = site_link(href, base, self.options.old_origin)
            if link is None:
                return None, None
            first = first or link
            key = self.earlier_links().find(link, self.linking.key) or self.links.find(
                link, self.linking.key
            )
            if key is not None or not link.relative:
                return link, key
        return first, None

    def page_link(self, key: str, link: SiteLink, href: str, text: str, result: PostResult) -> str:
        if link.rest:
            # Wagtail's page links hold a page id, nothing more (wagtail.rich_text.pages).
            result.warnings.append(
                f"Link to {href} became a link to the page itself: a page link cannot keep "
                f"'{link.rest}'."
            )
        page_id = self.pages_by_key.get(key)
        if page_id is not None:
            return f'<a linktype="page" id="{page_id}">{text}</a>'
        # Not written yet: the link holds its planned address until link_ahead.
        self.links_ahead = True
        return f'<a href="{html.escape(self.planned_urls.get(key, link.path))}">{text}</a>'

    def points_somewhere(self, link: SiteLink) -> bool:
        """Whether a link that is to no post still reaches something on the new site: a file
        under the imported folders, a page, a view of the site's own, a redirect."""
        assert self.linking is not None
        roots = (*self.ctx.assets.roots, *self.ctx.assets.sources)
        if file_under_roots(link, self.linking.path, roots):
            return True
        return self.addresses.answers(link.path)

    def save_redirects(self, page: BlogPage, post: SourcePost, result: PostResult) -> None:
        """Permanent redirects from the post's old addresses, except those the site keeps for
        itself (its admin, files and feeds, a view or a page: see SiteAddresses.claimed) and
        those another post of the run will live at."""
        new_path = Redirect.normalise_path(self.url_of(page))
        for url in post.old_urls:
            old_path = Redirect.normalise_path(url)
            if not old_path or old_path == new_path:
                continue
            if len(old_path) > MAX_REDIRECT_PATH:
                result.warnings.append(f"Old address {old_path[:60]}... is too long to redirect.")
                continue
            claim = self.addresses.claimed(old_path)
            planned = self.planned_keys.get(old_path.split("?", 1)[0].rstrip("/") + "/")
            if not claim and planned not in (None, self.linking.key if self.linking else None):
                claim = "another imported post will live there"
            if claim:
                result.warnings.append(f"Old address {old_path} was not redirected: {claim}.")
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
