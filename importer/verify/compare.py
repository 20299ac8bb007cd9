"""A post's new page against its built page: the share of the built article's words on the new
page and the other way round, and the built article's pictures, links and heading ids the new
page lacks.

The new page is read from the post's blocks as the import made them (as ``importer.run.coverage``
reads it, without rendering), with its title, intro, author, tags and day, which the page shows
around its body. Links are compared as the old site's addresses: each side's links read against
its own address (the built page's, the post's old one), links to posts by their file name or
computed address taken to their built page's address (``AddressMap``)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from importer.common import PostDraft
from importer.generators.fields import post_stem
from importer.generators.tags import POST_LINK_SCHEME
from importer.run.coverage import block_texts, coverage, page_words, words_of
from importer.verify.page import Article

OLD_HOST = "old-site.invalid"
HREF = re.compile(r"""href="([^"]*)\"""")
LINK_KEYS = frozenset({"url", "link", "href"})
POST_SUFFIXES = (".md", ".markdown", ".mdx")
# Hugo's processed pictures carry their source's name, then a hash and the processing.
PROCESSED = re.compile(r"_hu[0-9a-f]{8,}.*$")
MAX_LISTED = 20
"""The pictures, links or heading ids a row names at most of each."""


def normal_path(path: str) -> str:
    """A URL path as two addresses of one page compare: no ``index.html`` or ``.html``, no
    trailing slash."""
    path = unquote(path)
    for ending in ("index.html", "index.htm", ".html", ".htm"):
        path = path.removesuffix(ending)
    return path.rstrip("/") or "/"


@dataclass(slots=True)
class AddressMap:
    """Where links to the run's posts lead on the old site: by an address the import knew the
    post by, or by its file, the address of its built page."""

    own_hosts: frozenset[str] = frozenset()
    """The old site's hosts (``--old-origin``'s, its canonical addresses'): links there are
    links within it."""
    by_address: dict[str, str] = field(default_factory=dict)
    built: Callable[[str], bool] = lambda path: True
    """Whether the build holds something at a URL path (``BuiltSite.has``)."""
    by_file: dict[str, str] = field(default_factory=dict)

    def add(self, built: str, addresses: tuple[str, ...], path: Path) -> None:
        for address in (built, *addresses):
            self.by_address[normal_path(address)] = normal_path(built)
        for stem in (path.stem, post_stem(path)):
            self.by_file[stem.casefold()] = normal_path(built)

    def of_file(self, name: str) -> str:
        """The built address of the post named by its file (less extension), or ""."""
        for stem in (name, post_stem(Path(name + ".md"))):
            if stem.casefold() in self.by_file:
                return self.by_file[stem.casefold()]
        return ""

    def target(self, href: str, base: str) -> str:
        """`href` read on the page at address `base`, as a target to compare; "" for what is
        no link to a page (mail, phone, an in-page anchor)."""
        if href.startswith(POST_LINK_SCHEME):  # a post by its file (post_url, ref)
            name = unquote(href.removeprefix(POST_LINK_SCHEME))
            return self.of_file(name) or href
        parts = urlsplit(urljoin(f"https://{OLD_HOST}{base or '/'}", href.strip()))
        if parts.scheme not in ("http", "https"):
            return ""
        if parts.netloc != OLD_HOST and parts.netloc not in self.own_hosts:
            return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
        path = normal_path(parts.path)
        name = PurePosixPath(path)
        if name.suffix.lower() in POST_SUFFIXES and self.of_file(name.stem):
            return self.of_file(name.stem)
        return self.by_address.get(path, path)


def picture_key(src: str) -> str:
    """A picture as both sides name it: its file name less extension and processing."""
    name = PurePosixPath(urlsplit(src.strip()).path).name
    return PROCESSED.sub("", name.rsplit(".", 1)[0]).casefold()


def strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a block value, with the key it is under."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from strings(item, name)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings(item, key)


def draft_article(draft: PostDraft) -> tuple[list[str], Article]:
    """The new page's words (all it shows) and its body as an ``Article``."""
    post = draft.post
    assert post is not None
    links, pictures = [], [post.image] if post.image else []
    for key, text in strings(draft.blocks):
        if key == "src":
            pictures.append(text)
        elif key in LINK_KEYS:
            links.append(text)
        elif "href=" in text:
            links += [html.unescape(href) for href in HREF.findall(text)]
    headings = [b["value"].get("anchor", "") for b in draft.blocks if b.get("type") == "heading"]
    day = post.date
    shown = [f"{day:%B} {day.day} {day.year} {day:%b %m %d}", *page_words(draft)]
    # A heading's anchor is in its id, not its text.
    shown_blocks = [without_anchor(block) for block in draft.blocks]
    body_words = tuple(words_of(" ".join(block_texts(shown_blocks))))
    body = Article(body_words, tuple(pictures), tuple(links), tuple(headings))
    return words_of(" ".join(shown)), body


def without_anchor(block: dict[str, Any]) -> dict[str, Any]:
    if block.get("type") != "heading" or not isinstance(block.get("value"), dict):
        return block
    value = {key: item for key, item in block["value"].items() if key != "anchor"}
    return {**block, "value": value}


def compare(
    draft: PostDraft, built: Article, built_address: str, addresses: AddressMap
) -> dict[str, Any]:
    """The row's ``verified`` value, but for where the built page is."""
    assert draft.post is not None
    page_words_shown, new = draft_article(draft)
    own = {picture_key(src) for src in new.pictures}
    new_links = {addresses.target(href, draft.post.old_url) for href in new.links}
    built_links = dict.fromkeys(addresses.target(href, built_address) for href in built.links)
    # A link of the old site's to where its build has nothing was dead there already; one to
    # the page itself is its theme's (a title linking to its post).
    itself = normal_path(built_address)
    built_links = {
        link: None
        for link in built_links
        if not link.startswith("/") or (link != itself and addresses.built(link))
    }
    return {
        "words_in": round(coverage(list(built.words), page_words_shown), 4),
        "words_out": round(coverage(list(new.words), list(built.words)), 4),
        "pictures_missing": listed(
            src for src in built.pictures if picture_key(src) and picture_key(src) not in own
        ),
        "links_missing": listed(link for link in built_links if link and link not in new_links),
        "heading_ids_missing": listed(i for i in built.heading_ids if i not in new.heading_ids),
    }


def listed(items: Iterator[str]) -> list[str]:
    return list(dict.fromkeys(items))[:MAX_LISTED]
