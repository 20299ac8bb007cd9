"""A post's published address as its generator computed it: what each generator's rules are
read from (``SiteRules``, once per run from the site's config) and applied to (``PostFacts``,
one post), and the ``:placeholder`` patterns most of them write their rules in.

Each generator module says how it computes its addresses (``Generator.address_rules`` and
``Generator.published_url``); this module holds what they share. Nothing here reads a file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

# A placeholder of a permalink pattern (``:year``, ``:slug``, Hugo's ``:sections[1:]``).
PLACEHOLDER = re.compile(r":([A-Za-z_]+)(\[[^\]]*\])?")
DATE_PREFIX = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:-|_|$)")


@dataclass(frozen=True, slots=True)
class SiteRules:
    """What a site's generator computes its posts' addresses from, read from its config once
    per run (``Generator.address_rules``)."""

    generator: str
    root: Path
    content_dirs: tuple[Path, ...] = ()
    """The folders the generator reads content from; a post's path is read under them."""
    settings: Mapping[str, Any] = field(default_factory=dict)
    """The config values the generator's rule reads (Hugo's ``permalinks``...)."""
    notes: tuple[str, ...] = ()
    """How the addresses are computed, for the analysis (``permalinks: posts = /:slug/``)."""

    def content_path(self, path: Path) -> PurePosixPath | None:
        """`path` under the deepest content folder holding it (None: under none)."""
        holding = [d for d in self.content_dirs if d in path.parents]
        if not holding:
            return None
        base = max(holding, key=lambda d: len(d.parts))
        return PurePosixPath(path.relative_to(base).as_posix())


@dataclass(frozen=True, slots=True)
class PostFacts:
    """What a post's address is computed from."""

    path: Path
    front_matter: dict[str, Any]
    title: str
    date: dt.datetime
    """Its date as written (its own calendar day, in the offset it was written with)."""


@dataclass(frozen=True, slots=True)
class Published:
    """A post's address as its generator computed it, and the post's name in it."""

    url: str = ""
    name: str = ""
    """What names the post in the address (its slug, title or file name as the generator
    made it), the new page's slug when the post gives none; "" for the address's last part."""
    warning: str = ""
    """What the importer could not compute as the generator did, and what it did instead."""

    def __bool__(self) -> bool:
        return bool(self.url)


# The placeholders that name the post itself (not its date or section), in any generator.
NAME_PLACEHOLDERS = frozenset(
    {"slug", "title", "filename", "contentbasename", "slugorfilename", "slugorcontentbasename"}
    | {"name", "post_title", "fileSlug"}
)


Filler = Callable[[str, str], str | None]
"""A placeholder's value: given its name and its ``[…]`` argument; None: not known."""


def expand(pattern: str, fill: Filler) -> Published | None:
    """`pattern` with each ``:name`` replaced by `fill`'s value, and the post's name in it
    (the last of NAME_PLACEHOLDERS); None when a placeholder is not known (the pattern is not
    read as the generator would)."""
    unknown = False
    name = ""

    def replace(match: re.Match[str]) -> str:
        nonlocal unknown, name
        value = fill(match.group(1), match.group(2) or "")
        if value is None:
            unknown = True
            return ""
        if match.group(1) in NAME_PLACEHOLDERS:
            name = value
        return value

    result = PLACEHOLDER.sub(replace, pattern)
    return None if unknown else Published(result, name)


def clean_url(url: str) -> str:
    """A site path: led by one slash, without repeated slashes or ``.``/``..`` segments."""
    url = re.sub(r"^https?://[^/]+", "", url.strip())
    url = "/" + url.lstrip("/")
    url = re.sub(r"/{2,}", "/", url)
    parts = [p for p in url.split("/") if p not in (".", "..")]
    return "/".join(parts) or "/"


def last_segment(url: str) -> str:
    """The address's last part, less ``.html`` and ``index.html``: a post's name in it."""
    parts = [p for p in url.split("/") if p]
    if parts and re.fullmatch(r"index\.html?", parts[-1]):
        parts = parts[:-1]
    return re.sub(r"\.html?$", "", parts[-1]) if parts else ""


def date_parts(name: str) -> tuple[str, str] | None:
    """(``YYYY/MM/DD``, the rest) of a name that starts with a date (``2021-05-28-hello``)."""
    match = DATE_PREFIX.match(name)
    if not match:
        return None
    year, month, day = match.groups()
    return f"{year}/{int(month):02}/{int(day):02}", name[match.end() :]
