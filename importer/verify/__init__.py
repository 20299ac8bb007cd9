"""``--verify-against BUILT_DIR``: the old site's own build output as proof of the import.

Each post is matched to the page its generator built for it (``match``: by title and day), and
its old address is taken from where that page is (``built``): redirects then come from the
addresses the old site really had. Each new page is then checked against its built page
(``compare``: words both ways, pictures, links, heading ids, read from the built page's article
without the theme's chrome, ``page``); the report row keeps the result under ``verified``.

``Verifier`` is what the run holds: without a build folder it does nothing.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from importer.common import PostDraft, SourcePost
from importer.verify.built import BuiltPage, BuiltSite, read_built_site
from importer.verify.compare import AddressMap, compare
from importer.verify.match import Wanted, match_posts

WORDS_WANTED = 0.99
"""Below this share of the built article's words on the new page, the summary names the post."""
NO_BUILT_PAGE = (
    "no built page has this post's title and date: its old address could not be checked (was "
    "it a draft, or built from another file?)"
)

NOT_PUBLISHED = "a draft: the old site's build has no page for it"

__all__ = [
    "NO_BUILT_PAGE",
    "WORDS_WANTED",
    "BuiltSite",
    "Verifier",
    "at_built_address",
    "read_built_site",
]


def at_built_address(post: SourcePost, address: str, template_given: bool) -> SourcePost:
    """The post with the address its built page has: its own old address (redirected from,
    and what its relative links are read against) in place of the computed one, its former
    addresses kept. An explicit ``--old-url`` template wins: its address stays the post's
    own, and the built one is redirected from too."""
    if not address:
        return post
    if template_given:
        if address in post.old_urls:
            return post
        return dataclasses.replace(post, old_urls=(*post.old_urls, address))
    former = tuple(url for url in post.old_urls if url not in (post.old_url, address))
    return dataclasses.replace(post, old_url=address, old_urls=(address, *former))


def place(draft: PostDraft, address: str, template_given: bool) -> PostDraft:
    """The draft with its post at `address` (``at_built_address``)."""
    if draft.post is None:
        return draft
    post = at_built_address(draft.post, address, template_given)
    return dataclasses.replace(draft, post=post)


class Verifier:
    """The run's build folder (None: no verification), its pages matched to the posts."""

    def __init__(self, site: BuiltSite | None, old_origin: str = "", template: str = ""):
        self.site = site
        self.template_given = bool(template)
        self.pages: dict[str, BuiltPage] = {}
        hosts = {urlsplit(old_origin).netloc, *(site.hosts if site else ())} - {""}
        self.addresses = AddressMap(own_hosts=frozenset(hosts))
        if site is not None:
            self.addresses.built = site.has

    @classmethod
    def of(cls, built_dir: Path | None, old_origin: str, template: str) -> Verifier:
        return cls(read_built_site(built_dir) if built_dir else None, old_origin, template)

    def match(self, drafts: list[PostDraft]) -> list[PostDraft]:
        """Match the outlined posts to built pages; the drafts, at their built addresses."""
        if self.site is None:
            return drafts
        wanted = [Wanted.of(str(draft.path), draft.post) for draft in drafts if draft.post]
        self.pages = match_posts(wanted, self.site.posts)
        for draft in drafts:
            page = self.pages.get(str(draft.path))
            if page is not None and draft.post is not None:
                self.addresses.add(page.address, draft.post.old_urls, draft.path)
        return [self.placed(draft) for draft in drafts]

    def address(self, path: Path) -> str:
        """Where the post at `path` was built ("" when unknown or not verifying)."""
        page = self.pages.get(str(path))
        return page.address if page else ""

    def placed(self, draft: PostDraft) -> PostDraft:
        """The draft at its built page's address (``at_built_address``)."""
        return place(draft, self.address(draft.path), self.template_given)

    def placer(self, path: Path) -> Callable[[PostDraft], PostDraft] | None:
        """What puts the post at `path` at its built address once parsed, for a worker
        process (small to send: the address, not the build); None when it has none."""
        address = self.address(path)
        if not address:
            return None
        return functools.partial(place, address=address, template_given=self.template_given)

    def check(self, draft: PostDraft) -> dict[str, Any] | None:
        """The row's ``verified`` value: the post's page against its built page."""
        if self.site is None or draft.post is None:
            return None
        page = self.pages.get(str(draft.path))
        if page is None:
            why = NOT_PUBLISHED if draft.post.draft else NO_BUILT_PAGE
            return {"built_path": None, "address": None, "error": why}
        found = compare(draft, page.facts.article, page.address, self.addresses)
        return {"built_path": page.path, "address": page.address, **found}

    def built_without_source(self) -> list[str]:
        """The built posts no imported file matched, by address."""
        if self.site is None:
            return []
        taken = {page.path for page in self.pages.values()}
        return [page.address for page in self.site.posts if page.path not in taken]
