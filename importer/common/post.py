"""Typed values that flow through the import pipeline.

Every stage takes a ``PostDraft`` and returns a new one with one more field filled in, so a
draft can be inspected after any stage (the ``--dry-run`` report and the tests do exactly that).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from blog.blocks import PARAGRAPH_FEATURES, QUOTE_FEATURES


class ImporterError(Exception):
    """A post cannot be imported; the message names the file, the field and the fix.

    Raised by any stage; the pipeline catches it, marks the post ``failed`` and carries on
    with the next post.
    """

    def __init__(self, message: str, *, field: str = "", line: int | None = None, fix: str = ""):
        self.message = message
        self.field = field
        self.line = line
        self.fix = fix
        super().__init__(self.describe())

    def describe(self) -> str:
        where = []
        if self.field:
            where.append(f"field '{self.field}'")
        if self.line is not None:
            where.append(f"line {self.line}")
        text = self.message
        if where:
            text = f"{', '.join(where)}: {text}"
        if self.fix:
            text = f"{text} Fix: {self.fix}"
        return text


class NotAPost(Exception):
    """The file sits among the posts but is a page of the old site (a listing, a template, an
    about page): it is ``skipped`` with the reason, not failed."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


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
class SourcePost:
    """What a post's front matter and file name say about it, in the blog's own terms."""

    title: str
    slug: str
    date: dt.datetime
    """Publication date, always time-zone aware: a day (no time, or midnight) is midnight in
    the site's time zone; a time keeps the offset it was written with, or takes the site's."""
    body: str
    """The Markdown body, front matter removed."""
    author: str = ""
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


@dataclass(frozen=True, slots=True)
class ImageRef:
    """An image the body or front matter points at, before it is found on disk."""

    src: str
    alt: str = ""
    caption: str = ""


MAX_POST_SIZE = 2 * 1024 * 1024
"""The default ``--max-size``: a long post is tens of KB; 2 MB leaves room for pasted data."""
# The CPU seconds one post may take through the pure stages: a 2 MB post of ordinary text needs
# about 15, so only input built to make a parser's work grow with the square of its size (a
# paragraph of tens of thousands of line breaks) comes near it.
MAX_POST_CPU_SECONDS = 120


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What one run is asked to do: built once by ``import_posts`` (the command) or any other
    caller, read by the pure stages and the writer alike, never per post.

    ``importer.run.toolkit.import_posts`` completes it once it has found the blog and the posts
    (``source_roots``, ``booking_urls``, ``old_origin``); the rest is as the caller gave it.
    Defaults come from the settings (``TIME_ZONE``, ``PHONE_REGION``) and from the blocks the
    text goes into (``blog.blocks``)."""

    # What to import, and where to.
    sources: tuple[Path, ...] = ()
    """The SOURCE arguments: old sites' roots, folders of posts, post files."""
    assets: tuple[Path, ...] = ()
    """The --assets folders, where site-absolute image paths are looked up."""
    include_drafts: bool = False
    """Also import the posts in an old site's drafts folder, as drafts."""
    parent: str = ""
    """The blog index to import under (page id, URL path or slug); "" for the only one."""

    # How to write.
    draft: bool = False
    """Every post a draft, unpublished."""
    dry_run: bool = False
    force: bool = False
    """Import over pages an editor changed since their import."""
    fetch_images: bool = False
    """Download images other sites host into the library (see importer.write.fetch)."""
    old_origin: str = ""
    """The old site's scheme and host: links to its pages that were not imported go there."""

    # How to read a post.
    time_zone: str = field(default_factory=lambda: settings.TIME_ZONE)
    booking_urls: tuple[str, ...] = ()
    """Links recognised as booking links: the --booking-url ones, and once the run has found
    the blog, its site's Booking settings link first."""
    phone_region: str = field(default_factory=lambda: settings.PHONE_REGION)
    old_url_template: str = ""
    heading_ids: str = "github"
    """The old generator's rule for heading ids (``importer.generators.headings.SLUG_RULES``)."""
    source_roots: tuple[Path, ...] = ()
    """The folders (and files) posts are known by across runs (``source_key``), which
    ``{path}`` in the old address template is relative to: each site root's post folders, and
    every other SOURCE as given."""
    paragraph_features: tuple[str, ...] = tuple(PARAGRAPH_FEATURES)
    quote_features: tuple[str, ...] = tuple(QUOTE_FEATURES)
    max_size: int = MAX_POST_SIZE
    """Bytes a post file may have (``--max-size``); a larger one fails without being read."""
    max_cpu_seconds: float = MAX_POST_CPU_SECONDS
    """How long one post may take through the pure stages (0: no limit)."""


@dataclass(slots=True)
class PostDraft:
    """A post on its way through the pipeline; each stage fills in the next field."""

    path: Path
    raw: bytes = b""
    text: str = ""
    repairs: list[Repair] = field(default_factory=list)
    post: SourcePost | None = None
    markdown: str = ""
    html: str = ""
    blocks: list[dict[str, Any]] = field(default_factory=list)
    images: list[ImageRef] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    content_hash: str = ""
    coverage: float | None = None
    """The share of the body's words on the page (importer/coverage.py), once converted."""


@dataclass(slots=True)
class PostResult:
    """One report row: what happened to one source file."""

    source: str
    status: str
    page_id: int | None = None
    url: str = ""
    live: bool = False
    repairs: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    title: str = ""
    notes: list[str] = field(default_factory=list)
    """What a dry run would have done (images it would import): information, not warnings."""
    coverage: float | None = None
    """The share of the source's words on the page; None when the post was not converted."""
    unresolved_links: list[str] = field(default_factory=list)
    """Links to this site that go nowhere on it (not a post, a file or a page), as written."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "status": self.status,
            "page_id": self.page_id,
            "url": self.url,
            "live": self.live,
            "repairs": self.repairs,
            "warnings": self.warnings,
            "error": self.error,
            "notes": self.notes,
            "coverage": None if self.coverage is None else round(self.coverage, 4),
            "unresolved_links": self.unresolved_links,
        }
