"""Typed values that flow through the import pipeline.

Every stage takes a ``PostDraft`` and returns a new one with one more field filled in, so a
draft can be inspected after any stage (the ``--dry-run`` report and the tests do exactly that).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from importer.common.results import PostWarning

Normaliser = Callable[[str, str], str]
"""``normalise(html, kind)``: rich text as the editor saves it, for kind ``"paragraph"`` or
``"quote"`` (``importer.stages.convert.state.RichTextNormaliser``)."""


@dataclass(frozen=True, slots=True)
class Repair:
    """One change the repair stage made, shown to editors and in the report."""

    line: int
    """1-based line of the source text where the change starts."""
    before: str
    """The text as it was in the file (a short excerpt)."""
    after: str
    """The text after repair."""
    fixes: tuple[str, ...]
    """The repair steps applied, e.g. ``('encode:macroman', 'decode:utf-8')``."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "before": self.before,
            "after": self.after,
            "fixes": list(self.fixes),
        }


@dataclass(frozen=True, slots=True)
class PostAuthor:
    """One author of a post as the old site showed them (``importer.generators.authors``)."""

    name: str
    url: str = ""
    """Their link (a profile or home page), as written."""
    picture: str = ""
    """Their picture, as written (a path under the site or an address)."""


@dataclass(frozen=True, slots=True)
class SourcePost:
    """What a post's front matter and file name say about it, in the blog's own terms."""

    title: str
    slug: str
    date: dt.datetime
    """Publication date, always time-zone aware: a day (no time, or midnight) is midnight in
    the site's time zone; a time keeps the offset it was written with, or takes the site's."""
    body: str
    """The Markdown body, front matter removed."""
    authors: tuple[PostAuthor, ...] = ()
    """In the order the old site showed them."""
    description: str = ""
    tags: tuple[str, ...] = ()
    image: str = ""
    """The feature image reference exactly as written (a path or URL)."""
    image_alt: str = ""
    draft: bool = False
    old_urls: tuple[str, ...] = ()
    """URL paths the post had on the old site, for redirects: its own address first (permalink,
    ``url`` or the ``--old-url`` template), then former ones (aliases)."""
    old_url: str = ""
    """The post's own address on the old site, which relative links in it were read against;
    "" when nothing says where it was."""
    stem: str = ""
    """The file name less extension and date (``index`` files take their folder's name)."""
    variables: dict[str, Any] = field(default_factory=dict)
    """All front matter, for template variables such as ``{{ title }}``."""
    date_utc_offset: int | None = None
    """Minutes east of UTC the date's time was written in: the page shows the day it was there.
    None: the site's time zone (days, and times written without an offset)."""
    warnings: tuple[str, ...] = ()
    """What parsing had to leave out or guess (a date taken from the file, an MDX export's
    field only the site's code could compute), for the post's report row."""

    @property
    def author(self) -> str:
        """The authors' names as a byline lists them."""
        return ", ".join(author.name for author in self.authors)


@dataclass(frozen=True, slots=True)
class ImageRef:
    """An image the body or front matter points at, before it is found on disk."""

    src: str
    alt: str = ""
    caption: str = ""


@dataclass(slots=True)
class PostDraft:
    """A post on its way through the pipeline; each stage fills in the next field."""

    path: Path
    generator: str = ""
    """The name of the generator whose site the post is from ("" for none known): the
    stages read the post as its module says (``importer.generators``)."""
    raw: bytes = b""
    text: str = ""
    repairs: list[Repair] = field(default_factory=list)
    post: SourcePost | None = None
    markdown: str = ""
    html: str = ""
    blocks: list[dict[str, Any]] = field(default_factory=list)
    images: list[ImageRef] = field(default_factory=list)
    warnings: list[PostWarning] = field(default_factory=list)
    content_hash: str = ""
    coverage: float | None = None
    """The share of the body's words on the page (importer.run.coverage), once converted."""
