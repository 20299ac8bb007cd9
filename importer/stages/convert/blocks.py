"""The convert stage's block converters: one per kind of block, each named after it.

Each ``convert_*`` takes an element and adds the block it makes (``Conversion.emit``), in the
form ``blog/blocks.py`` stores, or the rich text it makes to the paragraph being gathered (a
definition list). Beside them: the ids headings had on the old site, and footnote numbers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from importer.common import ImageRef
from importer.stages.convert.html_tree import (
    collapse,
    find_tags,
    has_tag,
    shorten,
    strip_tags,
)
from importer.stages.convert.rich_text import (
    HEADING_LEVELS,
    inline_children,
    list_item_text,
    paragraph_features,
)
from importer.stages.convert.state import Conversion

VALID_URL = URLValidator()
INLINE_CODE = ("code", "kbd", "samp", "tt")
IMAGE_FILE = re.compile(r"\.(?:png|jpe?g|gif|webp|avif|svg|bmp|tiff?)$", re.IGNORECASE)
# What an id a link can target never holds.
NOT_IN_IDS = re.compile(r"[\s#]")


def convert_heading(tag: Tag, state: Conversion) -> None:
    images = hoist_images(tag, state)
    text = collapse(tag.get_text()).strip()
    if text:
        anchor = heading_anchor(tag, text, state)
        text = heading_text(tag) if "`" not in text and has_tag(tag, ("code",)) else text
        state.emit(
            "heading", {"text": text[:255], "level": HEADING_LEVELS[tag.name], "anchor": anchor}
        )
    for image in images:
        state.emit("image", image)


def heading_text(tag: Tag) -> str:
    """A heading's text with its code between backticks, as the heading block shows code."""
    for code in find_tags(tag, INLINE_CODE):
        words = collapse(code.get_text()).strip()
        code.replace_with(NavigableString(f"`{words}`" if words else ""))
    return collapse(tag.get_text()).strip()


def heading_anchor(tag: Tag, text: str, state: Conversion) -> str:
    """The id the old site gave the heading: its own (``{#id}`` in Markdown, ``id=`` in HTML, an
    ``<a name>`` inside it), else the old generator's slug of its text."""
    pending, state.pending_anchor = state.pending_anchor, ""
    for target in [tag, *find_tags(tag, ("a",))]:
        anchor = element_id(target)
        if anchor:
            return state.heading_ids.explicit(anchor)
    if pending:
        return state.heading_ids.explicit(pending)
    return state.heading_ids.generated(text)[:255]


def element_id(tag: Tag) -> str:
    """The id (or an anchor's old ``name``) a link could target, if it is a usable one."""
    anchor = str(tag.get("id") or tag.get("name") or "").strip()
    return anchor if anchor and not NOT_IN_IDS.search(anchor) and len(anchor) <= 255 else ""


def bare_anchor(tag: Tag) -> str:
    """The target of an empty ``<a name="x"></a>``, alone or alone in its paragraph, else ""."""
    if tag.name == "p":
        children = [
            c for c in tag.children if not (isinstance(c, NavigableString) and not c.strip())
        ]
        return (
            bare_anchor(children[0]) if len(children) == 1 and isinstance(children[0], Tag) else ""
        )
    if tag.name != "a" or tag.get("href") or tag.get_text().strip() or tag.find(True):
        return ""
    return element_id(tag)


def hoist_images(tag: Tag, state: Conversion) -> list[dict[str, Any]]:
    """Images cannot sit inside rich text; take them out to follow the element."""
    values = []
    for img in find_tags(tag, ("img",)):
        src = str(img.get("src") or "").strip()
        if src:
            alt = collapse(str(img.get("alt") or "")).strip()
            state.images.append(ImageRef(src, alt))
            values.append({"src": src, "alt_text": alt[:512], "caption": ""})
        img.decompose()
    return values


def convert_image(tag: Tag, state: Conversion, *, caption: str) -> None:
    src = str(tag.get("src") or "").strip()
    if not src:
        state.warn("Skipped an image with no src.")
        return
    alt = collapse(str(tag.get("alt") or "")).strip()
    caption = caption or collapse(str(tag.get("title") or "")).strip()
    state.images.append(ImageRef(src, alt, caption))
    value = {"src": src, "alt_text": alt[:512], "caption": caption[:512]}
    link = image_link(tag, src, state)
    if link:
        value["link"] = link
    state.emit("image", value)


def image_link(tag: Tag, src: str, state: Conversion) -> str:
    """Where a picture inside a link led (a sponsor's logo): a web address; a link to the
    picture itself (click to enlarge) or to a picture file goes, as the page shows the
    picture, and a link elsewhere on the old site is named in a warning."""
    parent = tag.parent
    while parent is not None and parent.name in ("picture", "span", "b", "strong", "i", "em"):
        parent = parent.parent
    if parent is None or parent.name != "a":
        return ""
    href = str(parent.get("href") or "").strip()
    if not href or href == src or IMAGE_FILE.search(urlsplit(href).path):
        return ""
    if urlsplit(href).scheme.lower() in ("http", "https") and len(href) <= 2000:
        try:
            VALID_URL(href)  # what the image block's link field takes
        except ValidationError:
            state.warn(
                f"The link around the picture {shorten(src, 80)} led to {shorten(href, 80)}, "
                "which is not a valid web address; the picture is kept without it."
            )
            return ""
        return href
    state.warn(
        f"The link around the picture {shorten(src, 80)} led to {shorten(href, 80)}, an address "
        "on the old site a picture's link can't keep; the picture is kept without it."
    )
    return ""


def convert_code(tag: Tag, state: Conversion) -> None:
    code = tag.find("code") or tag
    language = ""
    for cls in list(code.get("class") or []) + list(tag.get("class") or []):
        if cls.startswith(("language-", "lang-")):
            language = cls.split("-", 1)[1]
            break
    text = code.get_text()
    if text.endswith("\n"):
        text = text[:-1]
    if not text.strip():  # the editor refuses a code block without code, and so would the save
        state.warn("Left out an empty code block: it had no code to show.")
        return
    state.emit("code", {"language": language[:40], "code": text})


def convert_quote(tag: Tag, state: Conversion) -> None:
    """A quote block; a code block inside the quote stays a code block, the quote split
    around it (a quote's rich text can't hold code)."""
    features = set(state.options.quote_features)
    attribution = ""
    cite = tag.find(["footer", "cite"], recursive=True)
    if cite is not None and cite.name == "footer":
        attribution = collapse(cite.get_text()).strip().lstrip("—–- ").strip()
        cite.decompose()
    parts: list[list[str] | Tag] = [[]]
    for block in quote_paragraphs(tag):
        if isinstance(block, Tag) and block.name == "pre":
            parts += [block, []]
            continue
        text = inline_children(block, state, features) if isinstance(block, Tag) else block
        if strip_tags(text).strip():
            parts[-1].append(text)  # type: ignore[union-attr]
    paragraphs = parts[-1]
    assert isinstance(paragraphs, list)
    if paragraphs and not attribution:
        last = strip_tags(paragraphs[-1]).strip()
        if re.match(r"^(—|–|--|―)\s*\S", last) and len(last) < 120:
            attribution = re.sub(r"^(—|–|--|―)\s*", "", html.unescape(last))
            paragraphs.pop()
    for part in parts:
        if isinstance(part, Tag):
            convert_code(part, state)
        elif part:
            source = "".join(f'<p data-block-key="{state.key()}">{p}</p>' for p in part)
            value = {"text": state.normalise(source, "quote"), "attribution": ""}
            state.emit("quote", value)
    if attribution and state.blocks and state.blocks[-1]["type"] == "quote":
        state.blocks[-1]["value"]["attribution"] = attribution[:255]


def quote_paragraphs(tag: Tag) -> Iterator[Tag | str]:
    """A quote's text as paragraphs; lists and nested quotes flatten to one paragraph an item.
    A code block is yielded as itself (``pre``), where it stands."""
    loose: list[Any] = []
    for child in list(tag.children):
        if isinstance(child, Tag) and child.name == "pre":
            if loose:
                yield wrap(loose)
                loose = []
            yield child
        elif isinstance(child, Tag) and child.name in ("ul", "ol", "blockquote", "div"):
            if loose:
                yield wrap(loose)
                loose = []
            if not has_tag(child, ("pre",)):
                yield from child.find_all(["li", "p"]) or [child]
            elif child.name in ("ul", "ol"):
                for item in find_tags(child, ("li",), recursive=False):
                    yield from quote_paragraphs(item)
            else:
                yield from quote_paragraphs(child)
        elif isinstance(child, Tag) and child.name in ("p", *HEADING_LEVELS):
            if loose:
                yield wrap(loose)
                loose = []
            yield child
        else:
            loose.append(child)
    if loose:
        yield wrap(loose)


def wrap(nodes: list[Any]) -> Tag:
    paragraph = BeautifulSoup("", "html.parser").new_tag("p")
    for node in nodes:
        paragraph.append(node.extract() if hasattr(node, "extract") else node)
    return paragraph


def convert_table(tag: Tag, state: Conversion) -> None:
    rows = []
    for row in tag.find_all("tr"):
        cells = [collapse(cell.get_text()).strip() for cell in row.find_all(["th", "td"])]
        if cells:
            rows.append(cells)
    if not rows:
        return
    report_table_text_only(tag, state)
    width = max(len(row) for row in rows)
    data = [row + [""] * (width - len(row)) for row in rows]
    first_row = tag.find("tr")
    header_row = bool(tag.find("thead")) or bool(
        first_row and first_row.find_all(["th", "td"]) and not first_row.find("td")
    )
    header_col = all(row.find(["th", "td"]).name == "th" for row in tag.find_all("tr")[1:] or [])
    caption = tag.find("caption")
    state.emit(
        "table",
        {
            "data": data,
            "first_row_is_table_header": header_row,
            "first_col_is_header": header_col and len(rows) > 1 and width > 1,
            "table_caption": collapse(caption.get_text()).strip() if caption else "",
        },
    )


def report_table_text_only(tag: Tag, state: Conversion) -> None:
    """A table block holds plain text: the links and pictures in its cells are named, as
    their text (or nothing) is all that is kept."""
    links = [str(a["href"]) for a in find_tags(tag, ("a",)) if a.get("href")]
    pictures = [str(img.get("src") or "") for img in find_tags(tag, ("img",))]
    if links:
        state.warn(
            f"A table's links are kept as their text (a table cell holds plain text): "
            f"{', '.join(links[:3])}{' and more' if len(links) > 3 else ''}."
        )
    if pictures:
        state.warn(
            f"A table's pictures are left out (a table cell holds plain text): "
            f"{', '.join(pictures[:3])}{' and more' if len(pictures) > 3 else ''}."
        )


def convert_definitions(tag: Tag, state: Conversion) -> None:
    features = paragraph_features(state)
    for child in tag.find_all(["dt", "dd"]):
        text = inline_children(child, state, features)
        if child.name == "dt":
            text = f"<b>{text}</b>"
        state.rich.append(f'<p data-block-key="{state.key()}">{text}</p>')


def number_footnotes(soup: BeautifulSoup, state: Conversion) -> None:
    """Footnotes are numbered in the order of their list, as every generator renders them; the
    ids become ``fn-N`` (rich text can't hold ids, so the templates give them back)."""
    for container in soup.find_all(class_="footnotes"):
        # The list itself: whatever else the container holds (a heading) stays as it is.
        for notes in find_tags(container, ("ol",)):
            ids = [str(item.get("id") or "") for item in find_tags(notes, ("li",), recursive=False)]
            if not all(ids) or any(old_id in state.footnotes for old_id in ids):
                continue
            state.footnote_lists.append(notes)
            for old_id in ids:
                state.footnotes[old_id] = len(state.footnotes) + 1


def convert_footnotes(tag: Tag, state: Conversion) -> None:
    """All of a post's footnotes, as one numbered list where the first list of them was: the
    template numbers the notes in order, which must match the references' numbers."""
    if tag is not state.footnote_lists[0]:
        return  # already in the block
    features = paragraph_features(state)
    notes = []
    for found in state.footnote_lists:
        for item in find_tags(found, ("li",), recursive=False):
            text = list_item_text(list(item.children), state, features)
            notes.append(f'<li data-block-key="{state.key()}">{text}</li>')
    state.emit("footnotes", state.normalise(f"<ol>{''.join(notes)}</ol>", "paragraph"))
