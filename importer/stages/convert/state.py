"""The working state of one post's conversion, shared by the convert stage's modules.

The blocks made so far, the rich text waiting to become the next paragraph block, the images
and warnings, and what one part of the HTML tells another (footnote numbers, heading ids, an
anchor standing before a heading, the booking blocks recognised).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from bs4 import Tag
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from importer.common import ImageRef, Normaliser, RunOptions
from importer.stages.convert.canonical import canonical_test
from importer.stages.convert.headings import HeadingIds
from importer.stages.convert.html_tree import strip_tags
from importer.wagtail_internals import editor_round_trip


class RichTextNormaliser:
    """Pass rich text through Wagtail's own editor converter (HTML -> Draftail -> HTML).

    The admin does exactly this when an editor opens and saves a page, so text that has been
    through it once comes back unchanged. Text already in the form it gives back unchanged
    (``importer.stages.convert.canonical``), which is most text, skips it.
    """

    def __init__(self, paragraph_features: Sequence[str], quote_features: Sequence[str]):
        self.converters = {
            "paragraph": ContentstateConverter(list(paragraph_features)),
            "quote": ContentstateConverter(list(quote_features)),
        }
        self.unchanged = {
            "paragraph": canonical_test(paragraph_features),
            "quote": canonical_test(quote_features),
        }

    def __call__(self, html: str, kind: str) -> str:
        if self.unchanged[kind](html):
            return html
        return editor_round_trip(self.converters[kind], html)


@dataclass(slots=True)
class Conversion:
    """Working state of one post's conversion."""

    options: RunOptions
    normalise: Normaliser
    blocks: list[dict[str, Any]] = field(default_factory=list)
    rich: list[str] = field(default_factory=list)
    """Paragraph-level HTML waiting to become one paragraph block."""
    images: list[ImageRef] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    keys: Iterator[int] = field(default_factory=itertools.count)
    heading_ids: HeadingIds = field(default_factory=HeadingIds)
    restarted: list[ListLine] = field(default_factory=list)
    """Numbered list items a split made start again at 1."""
    footnotes: dict[str, int] = field(default_factory=dict)
    """The old id of each footnote, and its number."""
    footnote_lists: list[Tag] = field(default_factory=list)
    """The elements holding the footnotes (one, unless raw HTML brought its own)."""
    pending_anchor: str = ""
    """An empty ``<a name>`` (or ``id``) standing just before a heading: the heading's old id,
    as hand-written HTML anchors gave it."""
    recognised: dict[int, dict[str, Any]] = field(default_factory=dict)
    """Booking blocks by the id() of the element standing for them (recognise_booking_ctas)."""

    def key(self) -> str:
        # Draftail keeps a block's key in data-block-key; giving every block a stable key
        # up front is what makes the editor round trip leave the HTML unchanged.
        return f"{next(self.keys):05x}"

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def emit(self, block_type: str, value: Any) -> None:
        self.flush()
        self.blocks.append({"type": block_type, "value": value})

    def flush(self) -> None:
        if not self.rich:
            return
        source = "".join(self.rich)
        self.rich = []
        value = self.normalise(source, "paragraph")
        if strip_tags(value).strip():
            self.blocks.append({"type": "paragraph", "value": value})


@dataclass(slots=True)
class ListLine:
    """One list item (or the text after a block inside one) of a list being split."""

    depth: int
    kind: str
    """``ul`` or ``ol``."""
    number: int
    text: str
    continued: bool = False
    """The text after a block inside the item: a paragraph, not a new item."""
