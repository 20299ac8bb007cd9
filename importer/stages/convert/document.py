"""Stage 6, convert: rendered HTML becomes StreamField block values for ``BlogPage.body``.

The output is a list of ``{"type": ..., "value": ...}`` dicts named after the blocks in
``blog/blocks.py``. Rich text is written in Wagtail's stored format and then passed once
through Wagtail's own editor converter (``RichTextNormaliser``), so that opening a page in the
admin and saving it changes nothing.

Image blocks carry ``"src"`` (the reference as written) instead of an image id: finding and
storing the file is the write stage's job, because it touches the database.

This module walks the tree and hands each element to its converter. The HTML tree and its
sanitising are in ``importer.stages.convert.html_tree``, inline rich text and lists in
``importer.stages.convert.rich_text``, the other blocks' converters in
``importer.stages.convert.blocks``, and the working state they share in
``importer.stages.convert.state``.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any
from urllib.parse import urlparse

from bs4 import BeautifulSoup, NavigableString, Tag

from blog.blocks import CALLOUT_KINDS as KIND_CHOICES
from blog.blocks import HEADING_CODE
from blog.text import (
    comparable_text,
    first_paragraph,
    intro_repeats_body,
    intro_repeats_opening,
)
from blog.videos import find_video, video_host
from importer.common import ImageRef, RunOptions
from importer.stages.convert.blocks import (
    bare_anchor,
    convert_code,
    convert_definitions,
    convert_footnotes,
    convert_heading,
    convert_image,
    convert_quote,
    convert_table,
    number_footnotes,
)
from importer.stages.convert.booking import recognise_booking_ctas
from importer.stages.convert.byline import drop_bylines
from importer.stages.convert.headings import HeadingIds
from importer.stages.convert.html_tree import (
    check_depth,
    collapse,
    describe_element,
    find_tags,
    has_tag,
    parse_html,
    sanitise,
    shorten,
    strip_tags,
)
from importer.stages.convert.rich_text import (
    HEADING_LEVELS,
    LIST_BREAKING,
    inline_children,
    inline_html,
    list_html,
    list_lines_html,
    paragraph_features,
    split_list,
)
from importer.stages.convert.state import Conversion, ListLine, Normaliser

CALLOUT_KINDS = frozenset(kind for kind, _ in KIND_CHOICES)
CONTAINERS = frozenset(
    {"div", "section", "article", "main", "aside", "header", "footer", "nav", "center",
     "details", "span", "font", "picture", "figure", "body", "html", "hgroup", "address"}
)  # fmt: skip
BLOCK_TAGS = frozenset(
    {"p", "ul", "ol", "pre", "blockquote", "table", "hr", "img", "iframe", "figure", "video",
     "audio", "dl", "summary", *HEADING_LEVELS, *CONTAINERS - {"span", "font"}}
)  # fmt: skip
PUNCTUATION = re.compile(r"[^\w\s]")


def convert_html(
    source: str,
    options: RunOptions,
    normalise: Normaliser,
    *,
    title: str = "",
    intro: str = "",
    date: dt.datetime | None = None,
    authors: tuple[str, ...] = (),
) -> tuple[list[dict[str, Any]], list[ImageRef], list[str]]:
    """Return ``(blocks, images, warnings)`` for a post's rendered HTML.

    ``title``, ``intro``, ``date`` and ``authors`` are what the page shows above the body: a
    first heading that repeats the title is dropped, so is a byline paragraph that repeats the
    date and authors (``importer.stages.convert.byline``), and an intro the body's opening
    repeats is reported (the page leaves it out, see ``BlogPage.intro_repeated_in_body``)."""
    soup = parse_html(source)
    state = Conversion(options, normalise, heading_ids=HeadingIds(options.heading_ids))
    sanitise(soup, state.warn)  # it unwraps forms and the like, however deep
    check_depth(soup)
    state.recognised = recognise_booking_ctas(soup, options)
    if "footnotes" in source:  # a search of the whole tree, for the few posts that have them
        number_footnotes(soup, state)
    convert_children(soup, state)
    state.flush()
    drop_title_heading(state, title)
    byline = drop_bylines(state.blocks, date, authors)
    if byline:
        state.warn(
            f"Removed the paragraph “{byline}”: it repeats the post's date and authors, which "
            "the page shows above the body."
        )
    if intro and intro_repeats_body(intro, first_paragraph(state.blocks)):
        state.warn(
            "The description (intro) repeats the start of the body's first paragraph, so the "
            "page shows those words once, in the body; the description stays the post's summary "
            "in lists, feeds and search."
        )
    elif intro and intro_repeats_opening(intro, state.blocks):
        state.warn(
            f"The description (intro) repeats a paragraph of the body's opening (“"
            f"{shorten(intro, 60)}”), so the page shows those words once, in the body; the "
            "description stays the post's summary in lists, feeds and search."
        )
    return state.blocks, state.images, state.warnings


def same_words(one: str, other: str) -> bool:
    """Equal but for case, punctuation, formatting and spacing."""
    return words(one) == words(other)


def words(text: str) -> list[str]:
    return PUNCTUATION.sub(" ", comparable_text(text)).split()


def drop_title_heading(state: Conversion, title: str) -> None:
    """The page shows the title above the body: a first heading saying it again goes."""
    index = next((i for i, b in enumerate(state.blocks) if b["type"] == "heading"), None)
    if index is None or not title:
        return
    heading = state.blocks[index]["value"]["text"]
    if same_words(heading, title):
        del state.blocks[index]
        state.warn(
            f"Removed the first heading “{shorten(heading, 60)}”: it repeats the title, which "
            "the page shows above the body."
        )


def convert_children(node: Tag, state: Conversion) -> None:
    """The node's content in order: text and inline elements gather into paragraphs, and each
    block element is converted where it stands."""
    inline: list[str] = []

    def flush_inline() -> None:
        text = "".join(inline).strip()
        inline.clear()
        if strip_tags(text).strip():
            state.rich.append(f'<p data-block-key="{state.key()}">{text}</p>')

    for child in list(node.children):
        if isinstance(child, NavigableString):
            if str(child).strip():
                inline.append(html.escape(collapse(str(child))))
            elif inline:
                inline.append(" ")  # the space between two inline elements is content
            continue
        if not isinstance(child, Tag):
            continue
        if id(child) in state.recognised:
            flush_inline()
            state.emit("booking_cta", state.recognised[id(child)])
            continue
        if bare_anchor(child):
            flush_inline()
            state.pending_anchor = bare_anchor(child)
            continue
        if child.name not in BLOCK_TAGS:
            if child.name == "br":
                continue
            if has_tag(child, ("img", "iframe", "video", "table", "pre")):
                flush_inline()
                convert_children(child, state)
            else:
                inline.append(inline_html(child, state, paragraph_features(state)))
            continue
        flush_inline()
        convert_block(child, state)
    flush_inline()


def convert_block(tag: Tag, state: Conversion) -> None:
    name = tag.name
    if name == "p" and bare_anchor(tag):
        state.pending_anchor = bare_anchor(tag)
        return
    if state.pending_anchor and name not in HEADING_LEVELS and name not in CONTAINERS:
        state.warn(
            f"The anchor '{state.pending_anchor}' stands before a <{name}>, which can't carry an "
            f"id here; links to #{state.pending_anchor} land at the top of the page."
        )
        state.pending_anchor = ""
    if any(tag is found for found in state.footnote_lists):
        convert_footnotes(tag, state)
    elif tag.get("data-callout") is not None and name in ("aside", "blockquote", "div"):
        convert_callout(tag, state)
    elif name in HEADING_LEVELS:
        convert_heading(tag, state)
    elif name == "p":
        convert_paragraph(tag, state)
    elif name in ("ul", "ol"):
        convert_list(tag, state)
    elif name == "pre":
        convert_code(tag, state)
    elif name == "blockquote":
        convert_quote(tag, state)
    elif name == "table":
        convert_table(tag, state)
    elif name == "hr" and "footnotes-sep" in (tag.get("class") or []):
        pass  # the rule markdown-it draws above its footnotes: the footnotes block has its own
    elif name == "hr":
        state.emit("divider", None)
    elif name == "img":
        convert_image(tag, state, caption="")
    elif name == "figure":
        convert_figure(tag, state)
    elif name in ("iframe", "video", "audio"):
        convert_media(tag, state)
    elif name == "dl":
        convert_definitions(tag, state)
    elif name == "summary":
        text = inline_children(tag, state, paragraph_features(state))
        if strip_tags(text).strip():
            state.rich.append(f'<p data-block-key="{state.key()}"><b>{text}</b></p>')
    else:  # containers: their children are the content
        convert_children(tag, state)


def convert_callout(tag: Tag, state: Conversion) -> None:
    """A callout (``importer.generators.callouts``): its text becomes a callout block, and
    what rich text can't hold (code, a picture, a table, a quote, another callout) a block
    of its own after it, the text after that a callout of the same kind again."""
    kind = str(tag.get("data-callout") or "")
    kind = kind if kind in CALLOUT_KINDS else "note"
    title = collapse(str(tag.get("data-callout-title") or "")).strip()[:255]
    children = [child for child in tag.children if isinstance(child, Tag)]
    if children and "callout__title" in (children[0].get("class") or []):
        # The title as the page shows it (an exported callout): the attributes hold it.
        children.pop(0).decompose()
    if (
        len(children) == 1
        and children[0].name == "blockquote"
        and not children[0].get("data-callout")
    ):
        tag = children[0]  # kramdown's {: .note } on a quote
    state.flush()
    start = len(state.blocks)
    convert_children(tag, state)
    state.flush()
    made = state.blocks[start:]
    del state.blocks[start:]
    text: list[str] = []
    parts = 0

    def emit_text() -> None:
        nonlocal title, parts
        if text:
            state.blocks.append(
                {"type": "callout", "value": {"kind": kind, "title": title, "text": "".join(text)}}
            )
            text.clear()
            title, parts = "", parts + 1

    for block in made:
        if block["type"] == "paragraph":
            text.append(block["value"])
        elif block["type"] == "heading":  # its code between backticks (see HeadingValue)
            pieces = HEADING_CODE.split(html.escape(block["value"]["text"], quote=False))
            heading = "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(pieces))
            text.append(state.normalise(f'<p data-block-key="{state.key()}"><b>{heading}</b></p>',
                                        "paragraph"))  # fmt: skip
        else:
            emit_text()
            state.blocks.append(block)
    emit_text()
    if not parts and title:  # a title and nothing else: the title is its text
        value = state.normalise(f'<p data-block-key="{state.key()}">{html.escape(title)}</p>',
                                "paragraph")  # fmt: skip
        state.blocks.append(
            {"type": "callout", "value": {"kind": kind, "title": "", "text": value}}
        )
    elif any(block["type"] not in ("paragraph", "heading") for block in made):
        state.warn(
            f"A {kind} callout holds a block its text can't (code, a picture, a table, a quote "
            "or another callout): it was split around it, the block shown between its parts."
        )


def convert_list(tag: Tag, state: Conversion) -> None:
    features = paragraph_features(state)
    if not has_tag(tag, LIST_BREAKING):
        state.rich.append(list_html(tag, state, features))
        return
    # Rich text can't hold a code block, table, quote or picture inside a list item: the list
    # is split around each one, which then stays the block it is (code keeps every line).
    parts: list[ListLine | Tag] = []
    split_list(tag, 0, state, features, parts)
    lines: list[ListLine] = []
    for part in parts:
        if isinstance(part, Tag):
            state.rich.append(list_lines_html(lines, state, features))
            lines = []
            convert_block(part, state)
        else:
            lines.append(part)
    state.rich.append(list_lines_html(lines, state, features))
    if state.restarted:
        numbers = ", ".join(str(line.number) for line in state.restarted)
        state.warn(
            f"A numbered list was split around blocks rich text can't hold in a list (code, a "
            f"table, a quote or a picture); the editor can't start a list at a number, so its "
            f"items {numbers} (from “{shorten(strip_tags(state.restarted[0].text), 40)}”) "
            "each show as 1."
        )
        state.restarted.clear()


def convert_paragraph(tag: Tag, state: Conversion) -> None:
    if not has_tag(tag, ("img", "iframe", "video")):
        text = inline_children(tag, state, paragraph_features(state))
        if strip_tags(text).strip():
            state.rich.append(f'<p data-block-key="{state.key()}">{text}</p>')
        return
    # A paragraph holding images: text before, between and after them stays in order.
    part = BeautifulSoup("", "html.parser").new_tag("p")
    for child in list(tag.children):
        media = (
            child if isinstance(child, Tag) and child.name in ("img", "iframe", "video") else None
        )
        if media is None and isinstance(child, Tag) and child.name == "a":
            media = child.find("img")
        if media is None:
            part.append(child)
            continue
        convert_paragraph(part, state)
        part = BeautifulSoup("", "html.parser").new_tag("p")
        if media.name == "img":
            convert_image(media, state, caption="")
        else:
            convert_media(media, state)
    convert_paragraph(part, state)


def convert_figure(tag: Tag, state: Conversion) -> None:
    figcaption = tag.find("figcaption")
    caption = collapse(figcaption.get_text()).strip() if figcaption else ""
    images = tag.find_all("img")
    if len(images) == 1 and not tag.find(["table", "pre", "blockquote", "iframe"]):
        convert_image(images[0], state, caption=caption)
        return
    if figcaption:
        figcaption.name = "p"
    convert_children(tag, state)


def convert_media(tag: Tag, state: Conversion) -> None:
    src = str(tag.get("src") or "")
    if not src and tag.find("source"):
        src = str(tag.find("source").get("src") or "")
    video = find_video(src)
    if video:
        state.emit("embed", video.watch_url)
    elif src and video_host(src):
        state.warn(f"The video address {src[:200]} has no valid YouTube or Vimeo id; it was "
                   "kept as a link, not a player.")  # fmt: skip
        state.rich.append(
            f'<p data-block-key="{state.key()}"><a href="{html.escape(src)}">'
            f"{html.escape(tag.get('title') or src)}</a></p>"
        )
    elif src:
        state.warn(f"Replaced an embedded <{tag.name}> from {urlparse(src).netloc or src} "
                   "with a link to it.")  # fmt: skip
        label = html.escape(tag.get("title") or src)
        state.rich.append(
            f'<p data-block-key="{state.key()}"><a href="{html.escape(src)}">{label}</a></p>'
        )
    else:
        state.warn(f"Removed {describe_element(tag)} with no address to link to.")
    # What a browser shows when it can't play the media ("download it here"): text and links.
    for source in find_tags(tag, ("source", "track")):
        source.decompose()
    convert_children(tag, state)
