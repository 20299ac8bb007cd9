"""Stage 7, write (after the six pure stages of ``importer.stages.STAGES``): the only stage that
touches the database.

One transaction per post. What a run shares (the parent page, the slugs under it, authors,
images already in the library, import records, redirects) is looked up once when the
``PostWriter`` is built, not once per post. ``PostWriter`` runs each post through the writer's
parts in turn: its pictures (``images``), its links (``links``), its page (``pages``, checked by
``validation``), its redirects and import record; the run's caches (``caches``) undo what a
failed post added, and the pages written are indexed in batches (``indexing``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from blog.models import BlogIndexPage, BlogPage
from importer.common import (
    PostDraft,
    PostResult,
    PostStatus,
    PostWarning,
    RunOptions,
    SourcePost,
    WarningCode,
)
from importer.models import ImportedPost
from importer.sources.posts import source_key
from importer.wagtail_internals import PageUrls, set_stream_in_place
from importer.write.authors import author_rows
from importer.write.caches import RunCaches
from importer.write.context import WriteContext
from importer.write.images import PostImages, delete_files
from importer.write.indexing import DeferredIndexing
from importer.write.links import PostLinks, walk_body
from importer.write.pages import PageContent, create_page, record_import, update_page
from importer.write.retry import retry_when_locked
from importer.write.site_addresses import SiteAddresses
from importer.write.validation import refused, validate_body

CONFLICT = (
    "the source changed and an editor has changed the page since it was imported; their work "
    "is kept. Re-run with --force to import over it (their revision stays in the page history)."
)


@dataclass(slots=True)
class PostWriter:
    """Writes prepared posts under one blog index, remembering what the run has written."""

    parent: BlogIndexPage
    ctx: WriteContext
    caches: RunCaches
    images: PostImages
    links: PostLinks
    url_of: PageUrls
    records: dict[str, ImportedPost]
    """The posts imported before the run, by key."""
    indexing: DeferredIndexing = field(init=False)
    late_warnings: list[PostWarning] = field(default_factory=list)
    """Warnings of posts written earlier whose page's indexing or links went wrong since; the
    run adds them to those posts' report rows (`take_late_warnings`)."""
    sources_by_page: dict[int, str] = field(default_factory=dict)
    """The source of each page the run wrote, whose report row a late warning goes to."""
    user: Any = None
    """Who the run's revisions and log entries are attributed to (RunOptions.user_id)."""
    keys: dict[Path, str] = field(default_factory=dict)
    """Each post's key (`key`), found once."""

    def __post_init__(self) -> None:
        self.indexing = DeferredIndexing(self.warn_later)

    @property
    def options(self) -> RunOptions:
        return self.ctx.options

    @classmethod
    def for_parent(cls, parent: BlogIndexPage, ctx: WriteContext):
        caches = RunCaches.load(parent)
        url_of = PageUrls()
        records = {
            record.source_path: record for record in ImportedPost.objects.select_related("page")
        }
        links = PostLinks(
            ctx,
            url_of,
            records,
            addresses=SiteAddresses.of_sites(),
            pages_by_key={key: record.page_id for key, record in records.items()},
        )
        images = PostImages.for_run(ctx, caches)
        user = None
        if ctx.options.user_id is not None:
            user = get_user_model().objects.get(pk=ctx.options.user_id)
        return cls(parent, ctx, caches, images, links, url_of, records, user=user)

    def plan(self, drafts: list[PostDraft]) -> None:
        """Note where every post of the run will live and every address it had."""
        posts = []
        for draft in drafts:
            assert draft.post is not None
            posts.append((self.key(draft.path), draft.post))
        self.links.plan(posts, self.parent.url or "/")

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
            status=PostStatus.UNCHANGED,
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
            status=PostStatus.CREATED,
            repairs=[repair.as_dict() for repair in draft.repairs],
            warnings=list(draft.warnings),
            title=draft.post.title,
        )
        if record is not None and not self.overwrites(record, draft, result):
            return result
        warnings, notes = list(result.warnings), list(result.notes)

        def start_again() -> None:
            result.warnings[:], result.notes[:] = warnings, notes

        page = retry_when_locked(
            lambda: self.save_in_transaction(key, draft, record, result), before_retry=start_again
        )
        result.page_id, result.url, result.live = page.pk, self.url_of(page), page.live
        if self.options.dry_run and record is None:
            result.page_id = None  # the page was rolled back; its address is what it would be
        saved = not self.options.dry_run
        self.links.written(key, page.pk, result.url, saved)
        if saved:
            self.sources_by_page[page.pk] = result.source
            self.indexing.written(page.pk)
        return result

    def overwrites(self, record: ImportedPost, draft: PostDraft, result: PostResult) -> bool:
        """Whether the post's page, imported before, is written again; if not, `result` says
        why (the file is unchanged, or an editor changed the page since)."""
        page = record.page
        result.page_id, result.url, result.live = page.pk, self.url_of(page), page.live
        if record.content_hash == draft.content_hash:
            result.status = PostStatus.UNCHANGED
            return False
        if record.edited_since_import and not self.options.force:
            result.status, result.error = PostStatus.CONFLICT, CONFLICT
            return False
        result.status = PostStatus.UPDATED
        return True

    def save_in_transaction(
        self, key: str, draft: PostDraft, record: ImportedPost | None, result: PostResult
    ) -> BlogPage:
        """The post's page, saved in a transaction of its own (rolled back on a dry run); a
        post that fails leaves neither rows, files nor cache entries behind."""
        assert draft.post is not None
        saved_files: list[str] = []
        self.caches.begin_post()
        self.images.begin_post()
        self.links.begin_post(key, draft.path, draft.post, self.parent.url or "/")
        try:
            with transaction.atomic():
                page = self.save_page(draft, record, result, saved_files)
                if self.options.dry_run:
                    transaction.set_rollback(True)
                    self.caches.undo_rows()
        except Exception:
            delete_files(saved_files)
            self.caches.undo_post()
            raise
        return page

    def save_page(
        self, draft: PostDraft, record: ImportedPost | None, result: PostResult, files: list[str]
    ) -> BlogPage:
        post = draft.post
        assert post is not None
        body = self.resolve_body(draft, result, files)
        validate_body(body)
        feature_image = self.images.feature_image(draft, result, files)
        authors = author_rows(post.authors, draft.path, self.caches, self.images, result, files)
        publish = not (post.draft or self.options.draft)
        content = PageContent(post, body, feature_image, tuple(authors))
        try:
            if record is None:
                page, revision = create_page(self.parent, content, publish, self.caches, self.user)
            else:
                page, revision = update_page(record, content, publish, self.caches, self.user)
        except ValidationError as error:
            raise refused(error) from error
        self.save_redirects(page, post, result)
        record_import(page, record, self.key(draft.path), draft, revision, result)
        return page

    def resolve_body(
        self, draft: PostDraft, result: PostResult, files: list[str]
    ) -> list[dict[str, Any]]:
        """The post's blocks as the page stores them: pictures in the library, links to
        other posts made page links."""
        return walk_body(
            draft.blocks,
            lambda text: self.links.resolve(text, result, files),
            lambda value: self.images.image_block(draft.path, value, result, files),
        )

    def save_redirects(self, page: BlogPage, post: SourcePost, result: PostResult) -> None:
        self.links.save_redirects(page, post, result)

    @contextmanager
    def deferred_indexing(self) -> Iterator[None]:
        """Index the pages written inside for search and references once each, in batches
        (see importer.write.indexing)."""
        with self.indexing.deferred():
            yield

    def link_ahead(self) -> None:
        """Turn links to posts written later in the run into page links, once every page exists.

        When such a post was written its target had no page yet, so the link went in as the
        target's new address. The import's own revision is corrected in place rather than
        followed by a new one, so the page still counts as untouched by editors. It runs after
        deferred indexing has ended, so saving the page updates its indexes as usual."""
        for page_id in self.links.pages_linking_ahead:
            try:
                self.link_page_ahead(page_id)
            except Exception as error:  # noqa: BLE001 - one page must not stop the others
                self.warn_later(
                    page_id,
                    "Links to posts written later in the run could not be made page links "
                    f"({type(error).__name__}: {error}); they point at those posts' addresses.",
                    WarningCode.LINK,
                )
        self.links.pages_linking_ahead.clear()

    def link_page_ahead(self, page_id: int) -> None:
        with transaction.atomic():
            record = ImportedPost.objects.select_related("page", "revision").get(page=page_id)
            page, revision = record.page, record.revision
            raw = walk_body(list(page.body.raw_data), self.links.resolve_ahead)
            if raw != list(page.body.raw_data):
                set_stream_in_place(page, revision, "body", raw)

    def warn_later(self, page_id: int, message: str, code: WarningCode) -> None:
        """Note a problem found with a page after its post was reported; its record keeps it
        too, so a re-run that finds the post unchanged still shows it."""
        source = self.sources_by_page.get(page_id, "")
        self.late_warnings.append(PostWarning(message, code, source))
        record = ImportedPost.objects.filter(page_id=page_id).first()
        if record is not None and message not in record.warnings:
            ImportedPost.objects.filter(pk=record.pk).update(warnings=[*record.warnings, message])

    def take_late_warnings(self) -> list[PostWarning]:
        warnings, self.late_warnings = self.late_warnings, []
        return warnings

    def key(self, path: Path) -> str:
        # Each post asks several times, and finding it resolves every folder of its path.
        if path not in self.keys:
            self.keys[path] = source_key(path, self.options.source_roots)
        return self.keys[path]
