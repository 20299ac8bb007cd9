"""Links between the run's posts, and redirects from their old addresses.

A link to another imported post becomes a page link, which follows the page if it moves,
whatever form the old site wrote it in (see importer.write.link_index). Posts are written
oldest first, so a link to a post the run hasn't written yet holds that post's planned address
until every page exists (``PostLinks.resolve_ahead``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from blog.models import BlogPage
from importer.common import PostResult, SourcePost, WarningCode
from importer.generators.fields import post_stem
from importer.generators.tags import POST_LINK_SCHEME
from importer.models import ImportedPost
from importer.wagtail_internals import model_field
from importer.write.context import WriteContext
from importer.write.documents import document_link, document_suffix, missing_document
from importer.write.link_index import (
    LinkIndex,
    SiteLink,
    file_under_roots,
    linked_file,
    site_link,
)
from importer.write.site_addresses import SiteAddresses

MAX_REDIRECT_PATH = model_field(Redirect, "old_path").max_length
# Stored rich text never nests links, so the first closing tag ends the link.
LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)

Block = dict[str, Any]


def walk_body(
    blocks: list[Block],
    rich_text: Callable[[str], str],
    image: Callable[[dict[str, Any]], list[Block]] | None = None,
) -> list[Block]:
    """`blocks` with `rich_text` applied to every rich text a link can be in (paragraphs,
    footnotes, a quote's or a callout's text) and, given `image`, each image block replaced by
    the blocks it gives for the block's value. One walk for a post being written and for a page
    whose links are settled after the run."""
    walked: list[Block] = []
    for block in blocks:
        kind, value = block["type"], block["value"]
        if kind == "image" and image is not None:
            for replacement in image(value):
                append_block(walked, replacement)
            continue
        if kind in ("paragraph", "footnotes"):
            value = rich_text(value)
        elif kind in ("quote", "callout"):
            value = {**value, "text": rich_text(value["text"])}
        append_block(walked, {**block, "value": value})
    return walked


def append_block(blocks: list[Block], block: Block) -> None:
    """Add `block`; a paragraph next to a paragraph (an image kept as its link, between two
    runs of text) joins it, as the converter joins text: the page shows one run either way,
    and an editor, or Markdown written from the page, sees no boundary between them."""
    if block["type"] == "paragraph" and blocks and blocks[-1]["type"] == "paragraph":
        blocks[-1] = {**blocks[-1], "value": blocks[-1]["value"] + block["value"]}
    else:
        blocks.append(block)


@dataclass(frozen=True, slots=True)
class LinkingPost:
    """The post whose links are being resolved: relative links are read against it."""

    key: str
    """Its ``source_key``."""
    path: Path
    bases: tuple[str, ...]
    """Addresses its relative links are read against: its own old one first, then its new."""


@dataclass(slots=True)
class PostLinks:
    """Where every post of the run lives and lived, and the links between them."""

    ctx: WriteContext
    url_of: Callable[[Page], str]
    records: dict[str, ImportedPost]
    """The posts imported before the run, by key."""
    addresses: SiteAddresses = field(default_factory=SiteAddresses)
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
    linking: LinkingPost | None = None
    links_ahead: bool = False
    """Whether the post being written links to a post the run hasn't written yet."""
    pages_linking_ahead: list[int] = field(default_factory=list)
    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    """A post's slug and file name, case-folded -> (its key, its old address): what a link
    that matches no address probably meant (``near_miss``)."""

    def plan(self, posts: list[tuple[str, SourcePost]], base: str) -> None:
        """Note where every post of the run (key, post) will live under `base` and every
        address it had, so links between them resolve (an address the site keeps for itself
        leads to no post)."""
        for key, post in posts:
            url = self.planned_urls.setdefault(key, f"{base}{post.slug}/")
            self.planned_keys.setdefault(url, key)
            self.links.add_file(key, key, post.stem)
            # (asked again, from the same cache, when its redirects are made)
            old_urls = [
                old
                for old in post.old_urls
                if not self.addresses.claimed(Redirect.normalise_path(old))
            ]
            self.links.add_addresses(key, [*old_urls, url])
            for name in (post.slug, post.stem):
                self.names.setdefault(name.casefold(), (key, post.old_url))

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

    def begin_post(self, key: str, path: Path, post: SourcePost, parent_url: str) -> None:
        new_url = self.planned_urls.get(key) or f"{parent_url}{post.slug}/"
        bases = tuple(dict.fromkeys(url for url in (post.old_url, new_url) if url))
        self.linking = LinkingPost(key, path, bases)
        self.links_ahead = False

    def written(self, key: str, page_id: int, url: str, saved: bool) -> None:
        """The post `key` has its page, at `url`; `saved`: not a dry run's, rolled back."""
        self.pages_by_key[key] = page_id
        self.links.add_addresses(key, [url])
        if self.links_ahead and saved:
            self.pages_linking_ahead.append(page_id)

    def resolve(self, value: str, result: PostResult, files: list[str] | None = None) -> str:
        """Links to other imported posts become page links, and links to files of the old site
        that are not pictures document links (``importer.write.documents``; `files` gets the
        name of each file stored). A link to this site that leads nowhere goes to the old site
        with --old-origin, or is listed in the report."""
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
            if document_suffix(link.written):
                made = self.document(link, href, text, result, files)
                if made:
                    return made
            if self.points_somewhere(link):
                return match.group()
            if self.ctx.options.old_origin:
                return self.to_old_site(link, href, text, result)
            if href not in result.unresolved_links:
                result.unresolved_links.append(href)
                near = self.near_miss(link)
                if near:
                    result.warn(WarningCode.LINK, f"Link to {href} leads nowhere{near}.")
            return match.group()

        return LINK.sub(replace, value)

    def to_old_site(self, link: SiteLink, href: str, text: str, result: PostResult) -> str:
        old = self.ctx.options.old_origin + link.path + link.rest
        warning = (
            f"Link to {href} is to no imported post (none had that address on the old site) "
            f"nor to a page of this site{self.near_miss(link)}; it now links to {old}."
        )
        result.warn_once(WarningCode.LINK, warning)
        return f'<a href="{html.escape(old)}">{text}</a>'

    def near_miss(self, link: SiteLink) -> str:
        """What a link to no known address may have meant: an imported post named as the
        link's last part, whose old address was computed otherwise (", though …"), or ""."""
        parts = [p for p in link.path.split("/") if p]
        name = re.sub(r"\.html?$", "", parts[-1]).casefold() if parts else ""
        found = self.names.get(name)
        if found is None or (self.linking and found[0] == self.linking.key):
            return ""
        key, old_url = found
        where = f"its old address was {old_url}" if old_url else "its old address is not known"
        return (
            f", though the imported post {key} has that name: {where} (if the link is right, "
            "give that post's address with --old-url)"
        )

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
        result.warn(WarningCode.LINK, f"Link to post '{target}' not found; its text is kept.")
        return ""

    def link_target(self, href: str) -> tuple[SiteLink | None, str | None]:
        """The link to this site `href` is (None for other sites and anchors) and the key of
        the post it leads to, if any: read against the post's own old address, then its new."""
        assert self.linking is not None
        first = None
        for base in self.linking.bases:
            link = site_link(href, base, self.ctx.options.old_origin)
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
            result.warn(
                WarningCode.LINK,
                f"Link to {href} became a link to the page itself: a page link cannot keep "
                f"'{link.rest}'.",
            )
        page_id = self.pages_by_key.get(key)
        if page_id is not None:
            return f'<a linktype="page" id="{page_id}">{text}</a>'
        # Not written yet: the link holds its planned address until resolve_ahead.
        self.links_ahead = True
        return f'<a href="{html.escape(self.planned_urls.get(key, link.path))}">{text}</a>'

    def document(
        self, link: SiteLink, href: str, text: str, result: PostResult, files: list[str] | None
    ) -> str | None:
        """A link to a file of the old site that is a document (a PDF): to its document."""
        assert self.linking is not None
        roots = (*self.ctx.assets.roots, *self.ctx.assets.sources)
        path = linked_file(link, self.linking.path, roots)
        if path is None:
            if not self.addresses.answers(link.path):
                missing_document(href, result)
            return None
        dry_run = self.ctx.options.dry_run or files is None
        return document_link(path, text, dry_run, result, files if files is not None else [])

    def points_somewhere(self, link: SiteLink) -> bool:
        """Whether a link that is to no post still reaches something on the new site: a file
        under the imported folders, a page, a view of the site's own, a redirect."""
        assert self.linking is not None
        roots = (*self.ctx.assets.roots, *self.ctx.assets.sources)
        if file_under_roots(link, self.linking.path, roots):
            return True
        return self.addresses.answers(link.path)

    def resolve_ahead(self, value: str) -> str:
        """Links that hold the planned URL of a post written since (see `resolve`) become page
        links; everything else was settled, and reported, when the post was written."""

        def replace(match: re.Match[str]) -> str:
            key = self.planned_keys.get(html.unescape(match.group(1)))
            page_id = self.pages_by_key.get(key) if key else None
            if page_id is None:
                return match.group()
            return f'<a linktype="page" id="{page_id}">{match.group(2)}</a>'

        return LINK.sub(replace, value) if "<a " in value else value

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
                result.warn(
                    WarningCode.REDIRECT, f"Old address {old_path[:60]}... is too long to redirect."
                )
                continue
            claim = self.claim_on(old_path)
            if claim:
                result.warn(
                    WarningCode.REDIRECT, f"Old address {old_path} was not redirected: {claim}."
                )
                continue
            existing = Redirect.objects.filter(old_path=old_path, site=None).first()
            if existing is None:
                Redirect.objects.create(
                    old_path=old_path, site=None, redirect_page=page, is_permanent=True
                )
            elif existing.redirect_page_id != page.pk:
                # Someone already sends that address somewhere; an import must not undo it.
                result.warn(
                    WarningCode.REDIRECT,
                    f"Old address {old_path} already redirects elsewhere; it was left as it is.",
                )

    def claim_on(self, old_path: str) -> str:
        """Why an old address of the post being written can't redirect to it, or ""."""
        claim = self.addresses.claimed(old_path)
        planned = self.planned_keys.get(old_path.split("?", 1)[0].rstrip("/") + "/")
        if not claim and planned not in (None, self.linking.key if self.linking else None):
            claim = "another imported post will live there"
        return claim
