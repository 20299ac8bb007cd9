"""The old site's build output (``_site``, ``public``, ``build``) as the pages it published:
each HTML file's address (where it is, or its canonical address when that adds the site's
base path) and what it says of itself (``importer.verify.page``).

The folder is untrusted: symbolic links are never followed (a link could point anywhere on the
machine), files over ``MAX_PAGE_BYTES`` are left out unread, and at most ``MAX_PAGES`` pages
are read."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from importer.common import ImporterError
from importer.verify.page import PageFacts, read_page

MAX_PAGE_BYTES = 5 * 1024 * 1024
"""A built post is tens of KB; a larger file is not one of the blog's pages."""
MAX_PAGES = 50_000
PAGE_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True, slots=True)
class BuiltPage:
    path: str
    """The file, relative to the build folder."""
    address: str
    """Its URL path on the old site."""
    facts: PageFacts


@dataclass(slots=True)
class BuiltSite:
    root: Path
    pages: list[BuiltPage] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    """Files not read, each with why."""

    base_path: str = ""
    """The path the site was built to be served under (``/blog``), "" for the root."""

    def has(self, path: str) -> bool:
        """Whether the build holds a file at the URL path `path` (a page or any other file):
        a link there led somewhere on the old site. Only asked of the file system, never
        read; a path that climbs out of the folder is never there."""
        relative = path.removeprefix(self.base_path).strip("/")
        if ".." in relative.split("/") or "\x00" in relative:
            return False
        candidates = [relative, f"{relative}/index.html", f"{relative}.html"]
        return any(os.path.lexists(self.root / name) for name in candidates if name)

    @property
    def hosts(self) -> frozenset[str]:
        """The hosts its pages' canonical addresses name: the old site's own."""
        return frozenset(
            urlsplit(page.facts.canonical).netloc for page in self.pages if page.facts.canonical
        ) - {""}

    @property
    def posts(self) -> list[BuiltPage]:
        """The pages that read as one post each (``PageFacts.post_like``)."""
        return [page for page in self.pages if page.facts.post_like]


def address_of(relative: PurePosixPath) -> str:
    """The URL path a file of the build is served at: ``a/b/index.html`` at ``/a/b/``."""
    if relative.name in ("index.html", "index.htm"):
        parent = str(relative.parent)
        return "/" if parent == "." else f"/{parent}/"
    return f"/{relative}"


def with_base_path(address: str, canonical: str) -> str:
    """The address, with the base path the site was built for (Hugo's ``baseURL`` path, a
    Jekyll ``baseurl``) when its canonical address says so."""
    path = unquote(urlsplit(canonical).path) if canonical else ""
    if path and path != address and path.endswith(address) and address != "/":
        return path
    return address


def html_files(root: Path) -> list[PurePosixPath]:
    """The HTML files under `root`, relative to it; symbolic links (files and folders) are
    never followed."""
    found = []
    for folder, folders, files in os.walk(root, followlinks=False):
        here = Path(folder)
        folders[:] = sorted(name for name in folders if not (here / name).is_symlink())
        for name in sorted(files):
            path = here / name
            if name.lower().endswith(PAGE_SUFFIXES) and not path.is_symlink():
                found.append(PurePosixPath(path.relative_to(root).as_posix()))
    return found


def read_capped(path: Path) -> bytes | None:
    """The file's bytes, or None when it has more than MAX_PAGE_BYTES; a file that became a
    symbolic link since it was listed is refused (O_NOFOLLOW)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as file:
        data = file.read(MAX_PAGE_BYTES + 1)
    return None if len(data) > MAX_PAGE_BYTES else data


def read_built_site(root: Path) -> BuiltSite:
    """Every page of the build under `root`; raises ImporterError when it can't be read."""
    if root.is_symlink() or not root.is_dir():
        raise ImporterError(
            f"{root} is not a folder.",
            fix="give --verify-against the old site's build output (_site, public, build).",
        )
    site = BuiltSite(root)
    files = html_files(root)
    if len(files) > MAX_PAGES:
        site.left_out.append(f"{len(files) - MAX_PAGES} pages past the first {MAX_PAGES}")
    for relative in files[:MAX_PAGES]:
        data = read_capped(root / relative)
        if data is None:
            site.left_out.append(f"{relative}: over {MAX_PAGE_BYTES // 1024 // 1024} MB")
            continue
        address = address_of(relative)
        facts = read_page(data.decode("utf-8", errors="replace"), address)
        served = with_base_path(address, facts.canonical)
        if served != address and address != "/":
            site.base_path = served.removesuffix(address)
        site.pages.append(BuiltPage(str(relative), served, facts))
    if not site.posts:
        raise ImporterError(
            f"{root} holds no built post (no page with a publication date).",
            fix="give --verify-against the old site's build output (_site, public, build).",
        )
    return site
