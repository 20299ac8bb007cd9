"""Finding the post a link points at, however the old site wrote it.

Old posts link to each other by an old address (``/blog/post/``, ``/2020/01/02/post.html``,
``/blog/post/index.html``, in any case, with a ``#fragment``), by the new address, relatively
(``../other-post/``, read against the linking post's own old address) or by the source file
(``firstpost.md``, ``../2020/post.md``, ``/blog/firstpost.md``: Eleventy and Hugo rewrite those
to the page's address). A run's ``LinkIndex`` holds every such address of every post it knows
of; ``find`` answers with the post's key. Nothing here touches the database or the disk.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from importer.common import ImporterError
from importer.generators import STATIC_ROOTS

POST_FILE_SUFFIXES = (".md", ".markdown", ".mdx")
PAGE_SUFFIXES = (".html", ".htm", *POST_FILE_SUFFIXES)
INDEX_NAMES = tuple(f"index{suffix}" for suffix in PAGE_SUFFIXES)
# Addresses that belong to the site, whatever an old post says: its admin, files, feeds and
# well-known names. Nothing imported may redirect them (see write.PostWriter.save_redirects).
RESERVED_PATHS = (
    "/admin",
    "/django-admin",
    "/static",
    "/media",
    "/.well-known",
    "/favicon.ico",
    "/robots.txt",
    "/sitemap.xml",
    "/feed",
    "/search",
)
ORIGIN = re.compile(r"^https?://[^/?#\s]+$", re.IGNORECASE)


def address_key(path: str) -> str:
    """What is left of a site path once the differences that still reach the same page are
    ignored: query and fragment, percent-encoding, case, a trailing slash, ``index.html``, and
    the ``.html`` or ``.md`` the old generator wrote or read it from."""
    path = unquote(path.split("#", 1)[0].split("?", 1)[0]).casefold()
    path = re.sub(r"/{2,}", "/", path).rstrip("/")
    name = path.rsplit("/", 1)[-1]
    if name in INDEX_NAMES:
        path = path[: -len(name)].rstrip("/")
    else:
        for suffix in PAGE_SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix):
                path = path[: -len(suffix)]
                break
    return path or "/"


def is_reserved(path: str) -> str:
    """The RESERVED_PATHS entry `path` is or lies under, or ""."""
    path = path.split("?", 1)[0].split("#", 1)[0].casefold().rstrip("/") or "/"
    for reserved in RESERVED_PATHS:
        if path == reserved or path.startswith(reserved + "/"):
            return reserved
    return ""


def check_old_origin(origin: str) -> str:
    """`origin` without a trailing slash; an ImporterError unless it is http(s)://host[:port]."""
    origin = origin.strip().rstrip("/")
    if origin and not ORIGIN.match(origin):
        raise ImporterError(
            f"the old site's origin {origin!r} is not a scheme and host.",
            field="--old-origin",
            fix="give only the old site's scheme and host, e.g. https://old.example.",
        )
    return origin


@dataclass(frozen=True, slots=True)
class SiteLink:
    """A link to a path on the old site, as the browser read it."""

    path: str
    """The site-absolute path it reached (relative ones read against the linking page)."""
    written: str
    """Its path as written, percent-decoded."""
    rest: str = ""
    """Its ``?query`` and ``#fragment``, as written."""

    @property
    def relative(self) -> bool:
        return not self.written.startswith("/")

    @property
    def names_a_post_file(self) -> bool:
        return self.written.casefold().endswith(POST_FILE_SUFFIXES)


def site_link(href: str, base: str, old_origin: str = "") -> SiteLink | None:
    """The path on the old site `href` leads to, read against `base` (the linking page's
    address); None for links that leave the site, other schemes, and anchors in the page."""
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return None  # a malformed address (an unclosed "[" in the host) goes nowhere we can tell
    if parts.netloc and is_old_site(parts.scheme, parts.netloc, old_origin):
        parts = parts._replace(scheme="", netloc="", path=parts.path or "/")
    if parts.scheme or parts.netloc or not parts.path:
        return None
    written = unquote(parts.path)
    path = parts.path if parts.path.startswith("/") else urljoin(base or "/", parts.path)
    rest = (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else ""
    )
    return SiteLink(path=normalise_dots(path), written=written, rest=rest)


def is_old_site(scheme: str, host: str, old_origin: str) -> bool:
    """Whether scheme://host is the old site: its host, over http or https alike."""
    if not old_origin or scheme.casefold() not in ("http", "https", ""):
        return False
    return host.casefold() == urlsplit(old_origin).netloc.casefold()


def normalise_dots(path: str) -> str:
    """`path` with ``.`` and ``..`` segments applied, keeping its trailing slash."""
    joined = posixpath.normpath(path)
    if joined.startswith("//"):
        joined = "/" + joined.lstrip("/")
    if path.endswith("/") and not joined.endswith("/"):
        joined += "/"
    return joined


@dataclass(slots=True)
class LinkIndex:
    """Every address and source file of the posts a run knows of, each leading to the post's
    key (its ``source_key``, or ``page:ID`` for a page known only by a redirect to it)."""

    by_address: dict[str, str] = field(default_factory=dict)
    by_file: dict[str, str] = field(default_factory=dict)
    """Source key, case-folded -> post key."""
    by_file_name: dict[str, list[str]] = field(default_factory=dict)
    """File name, case-folded -> the case-folded source keys of the posts with that name."""
    by_stem: dict[str, str] = field(default_factory=dict)
    """The post's name (``post_stem``) -> post key, for ``{% post_url %}`` and ``ref`` links."""

    def add_addresses(self, key: str, addresses: list[str] | tuple[str, ...]) -> None:
        """`key`'s addresses; an address another post already had stays that post's."""
        for address in addresses:
            if address:
                self.by_address.setdefault(address_key(address), key)

    def add_file(self, key: str, source_key: str, stem: str) -> None:
        folded = source_key.casefold()
        if folded not in self.by_file:
            self.by_file[folded] = key
            self.by_file_name.setdefault(folded.rsplit("/", 1)[-1], []).append(folded)
        self.by_stem.setdefault(stem, key)

    def find(self, link: SiteLink, source_key: str) -> str | None:
        """The key of the post `link` (in the post whose source key is `source_key`) is to."""
        if link.names_a_post_file:
            found = self.find_file(link, source_key)
            if found:
                return found
        return self.by_address.get(address_key(link.path))

    def find_file(self, link: SiteLink, source_key: str) -> str | None:
        """The post whose source file `link` names: next to the linking post if relative and
        there, else the one post whose path ends the same way (``/blog/firstpost.md`` is
        ``posts/blog/firstpost.md`` or ``firstpost.md`` when no other post has that name)."""
        written = link.written.casefold()
        if link.relative:
            beside = posixpath.normpath(posixpath.join(posixpath.dirname(source_key), written))
            found = self.by_file.get(beside.casefold())
            if found:
                return found
        wanted = [part for part in written.split("/") if part not in ("", ".", "..")]
        if not wanted:
            return None
        scores: dict[str, int] = {}
        for candidate in self.by_file_name.get(wanted[-1], []):
            parts = candidate.split("/")
            score = 0
            while score < min(len(parts), len(wanted)) and parts[-1 - score] == wanted[-1 - score]:
                score += 1
            scores[candidate] = score
        # An index file is named by its folder (a bundle): the file name alone says nothing.
        least = 2 if wanted[-1] in INDEX_NAMES else 1
        best = max(scores.values(), default=0)
        winners = [candidate for candidate, score in scores.items() if score == best]
        if best < least or len(winners) != 1:
            return None
        return self.by_file[winners[0]]


def file_under_roots(link: SiteLink, post_path: Path, roots: tuple[Path, ...]) -> bool:
    """Whether `link` names a file (a picture, a PDF) the old site served from the imported
    folders: next to the post when relative, else under a root or its static folders."""
    return linked_file(link, post_path, roots) is not None


def linked_file(link: SiteLink, post_path: Path, roots: tuple[Path, ...]) -> Path | None:
    """The file `link` names (see file_under_roots), or None."""
    if link.names_a_post_file or link.written.endswith("/"):
        return None
    relative = link.written.lstrip("/")
    if link.relative:
        # Beside the post, or in its asset folder (Hexo's post_asset_folder, a bundle).
        candidates = [post_path.parent / relative, post_path.parent / post_path.stem / relative]
    else:
        candidates = [root / static / relative for root in roots for static in STATIC_ROOTS]
    allowed = [root.resolve() for root in (*roots, post_path.parent)]
    for candidate in candidates:
        try:
            if candidate.is_file() and any(
                candidate.resolve().is_relative_to(root) for root in allowed
            ):
                return candidate
        except (OSError, ValueError):
            continue  # a name too long for the file system, or with a NUL in it, is no file
    return None
