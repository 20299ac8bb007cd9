"""A post's body as Markdown: every block of ``BlogPage.body`` in the form the importer reads
back as the same block.

| block | Markdown |
|---|---|
| heading | ``<h2 id="anchor">Text</h2>``, Hugo ``## Text {#anchor}`` (``Generator.heading``) |
| paragraph | CommonMark (``markdown_inline``) |
| image | ``![alt](file)``; with a caption ``<figure>`` and ``<figcaption>``; in its link |
| quote | ``> text``, then ``> — attribution`` |
| code | a fenced block with its language (HTML where the generator reads shortcodes) |
| table | a pipe table; HTML when it has no header row, or a header column, or a caption |
| embed | a player (``Generator.video``: an iframe, Hugo's shortcode); another address, a link |
| divider | ``---`` |
| footnotes | ``[^1]: note``, referenced as ``[^1]`` (else HTML notes, see footnote_form) |
| callout | the box the page shows, ``<aside class="callout" data-callout="tip">`` (read back) |
| booking_cta | the box the page shows, ``<aside class="booking-cta">`` (importer.export.booking) |

Parts that have no form the importer reads back exactly (a heading without an anchor) are
written as near as Markdown allows and named in a warning.
Nothing here touches the database.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup

from blog.blocks import HEADING_CODE
from blog.text import comparable_text
from importer.common import RunOptions
from importer.export.booking import BookingDefaults, booking_markdown
from importer.export.markdown_inline import (
    LinkTargets,
    code_span,
    collapse,
    escape_heading,
    escape_text,
    html_text,
    inline_html,
    inline_markdown,
    prefix_lines,
    rich_text_blocks,
    rich_text_markdown,
)
from importer.generators import UNKNOWN, Generator
from importer.stages.convert.booking import action_of

HEADING_MARKS = {"h2": "##", "h3": "###", "h4": "####"}
YOUTUBE = re.compile(r"https://www\.youtube\.com/watch\?v=([A-Za-z0-9_-]{11})")
VIMEO = re.compile(r"https://vimeo\.com/([0-9]{1,20})")
FOOTNOTE_LINK = re.compile(r'<a href="#fn-(\d+)">(.*?)</a>', re.DOTALL)
FOOTNOTE_CAPTION = re.compile(r"<sup>\[(\d+)(?::(\d+))?\]</sup>")
# The attribution as the importer finds it: a last line of the quote starting with a dash.
DASH_LINE = re.compile(r"^(—|–|--|―)\s*\S")


@dataclass(frozen=True, slots=True)
class PostTargets:
    """What one post's blocks point at, as the export writes them."""

    links: LinkTargets
    images: dict[int, str] = field(default_factory=dict)
    """Image id -> its file, relative to the post."""
    generator: Generator = UNKNOWN
    """The generator the post is written for: its tags for videos (``Generator.video``)."""
    booking: BookingDefaults = field(default_factory=BookingDefaults)


@dataclass(slots=True)
class BodyWriter:
    """One post's body being written, with what will not come back exactly."""

    targets: PostTargets
    warnings: list[str] = field(default_factory=list)
    where: str = ""

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.where}: {message}")


def body_markdown(
    body: list[dict[str, Any]], title: str, targets: PostTargets
) -> tuple[str, list[str]]:
    """The Markdown of a post's body (its raw StreamField data), and a warning for each part
    that the importer will not read back as it is."""
    writer = BodyWriter(targets)
    parts: list[str] = []
    previous: dict[str, Any] = {}
    for number, block in enumerate(body, start=1):
        kind, value = block.get("type", ""), block.get("value")
        writer.where = f"block {number} ({kind})"
        write = BLOCK_WRITERS.get(kind)
        if write is None:
            writer.warn("a block of this type has no Markdown form; it was left out.")
            continue
        text = write(value, writer)
        if not text:
            continue
        if kind == "paragraph" and previous.get("type") == "paragraph":
            writer.warn("it follows another paragraph block; the two are read back as one.")
        parts.append(text)
        previous = block
    check_title_heading(body, title, writer)
    return "\n\n".join(parts) + "\n", writer.warnings


def check_title_heading(body: list[dict[str, Any]], title: str, writer: BodyWriter) -> None:
    # The importer drops a first heading that says the title again: the page shows the title.
    heading = next((block for block in body if block.get("type") == "heading"), None)
    if heading and title and words(heading["value"].get("text", "")) == words(title):
        writer.where = "the first heading"
        writer.warn("it repeats the title, so the importer leaves it out.")


def words(text: str) -> list[str]:
    """Text as the importer compares a heading with the title: words, case and marks aside."""
    return re.sub(r"[^\w\s]", " ", comparable_text(text)).split()


def heading(value: dict[str, Any], writer: BodyWriter) -> str:
    marks = HEADING_MARKS.get(value.get("level", ""), "##")
    text = escape_heading(str(value.get("text", "")))
    if "`" in text:
        # Code between backticks is written as a code span, the rest escaped (HeadingValue).
        parts = HEADING_CODE.split(collapse(str(value.get("text", ""))))
        text = "".join(
            code_span(part) if index % 2 else escape_text(part).replace("#", "\\#")
            for index, part in enumerate(parts)
        )
    anchor = value.get("anchor") or ""
    if not anchor:
        writer.warn("it has no anchor; the importer gives it one made from its text.")
        return f"{marks} {text}"
    plain = collapse(str(value.get("text", "")))
    return writer.targets.generator.heading(marks, text, html_text(plain), html.escape(anchor))


def paragraph(value: str, writer: BodyWriter) -> str:
    text = rich_text_markdown(value, writer.targets.links)
    if any_booking_line(value, writer.targets.booking.reading):
        # Inside an element, its lines are not read as a booking call-to-action.
        return f"<div>\n\n{text}\n\n</div>"
    return text


def any_booking_line(value: str, options: RunOptions) -> bool:
    return any(action_of(element, "", options) for element in rich_text_blocks(value))


def image(value: dict[str, Any], writer: BodyWriter) -> str:
    src = writer.targets.images.get(value.get("image") or 0)
    if not src:
        writer.warn("its picture is no longer in the image library; it was left out.")
        return ""
    alt_text, caption = value.get("alt_text") or "", value.get("caption") or ""
    if collapse(alt_text) != alt_text or collapse(caption) != caption:
        writer.warn("its alt text or caption is written on one line, runs of spaces as one.")
    alt, caption, link = collapse(alt_text), collapse(caption), value.get("link") or ""
    if caption:
        # The caption shown under the picture, as on the page (a Markdown title is a tooltip).
        picture = f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'
        if link:
            picture = f'<a href="{html.escape(link)}">{picture}</a>'
        return f"<figure>{picture}<figcaption>{html_text(caption)}</figcaption></figure>"
    picture = f"![{escape_text(alt)}]({src})"
    if not link:
        return picture
    return f"[{picture}]({link})" if not re.search(r"[\s()<>]", link) else f"[{picture}](<{link}>)"


def quote(value: dict[str, Any], writer: BodyWriter) -> str:
    paragraphs = [
        inline_markdown(element, writer.targets.links)
        for element in rich_text_blocks(value.get("text") or "")
    ]
    paragraphs = [text for text in paragraphs if text.strip()]
    attribution = collapse(value.get("attribution") or "")
    last = re.sub(r"<[^>]+>|\\", "", paragraphs[-1]) if paragraphs else ""
    if not attribution and DASH_LINE.match(last):
        writer.warn("its last line starts with a dash, which the importer reads as who said it.")
    if attribution:
        if len(attribution) < 110 and not attribution.startswith(("—", "–", "-", "―")):
            paragraphs.append("— " + escape_text(attribution))
        else:
            paragraphs.append(f"<footer>{escape_html(attribution)}</footer>")
    return prefix_lines("\n\n".join(paragraphs), "> ")


def escape_html(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("{", "&#123;")
    )


def code(value: dict[str, Any], writer: BodyWriter) -> str:
    text = value.get("code") or ""
    language = (value.get("language") or "").strip()
    if writer.targets.generator.code_as_html(text):
        # What the generator would read inside a fence (a shortcode): escaped HTML instead.
        language_class = f' class="language-{html.escape(language)}"' if language else ""
        return f"<pre><code{language_class}>{html_text(text)}\n</code></pre>"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    if "`" in language:
        longest = max((len(run) for run in re.findall(r"~+", text)), default=0)
        fence = "~" * max(3, longest + 1)
    return f"{fence}{language}\n{text}\n{fence}"


def table(value: dict[str, Any], writer: BodyWriter) -> str:
    rows = [[collapse(str(cell or "")) for cell in row] for row in value.get("data") or []]
    if not rows or not any(rows):
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    caption = collapse(value.get("table_caption") or "")
    header_row = bool(value.get("first_row_is_table_header"))
    header_column = bool(value.get("first_col_is_header"))
    if header_row and not header_column and not caption:
        return pipe_table(rows)
    return html_table(rows, header_row, header_column, caption)


def pipe_table(rows: list[list[str]]) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(escape_text(cell) for cell in cells) + " |"

    return "\n".join([line(rows[0]), "|" + " --- |" * len(rows[0]), *map(line, rows[1:])])


def html_table(rows: list[list[str]], header_row: bool, header_column: bool, caption: str) -> str:
    lines = ["<table>"]
    if caption:
        lines.append(f"<caption>{escape_html(caption)}</caption>")
    for number, row in enumerate(rows):
        cells = []
        for column, cell in enumerate(row):
            name = "th" if (header_row and number == 0) or (header_column and column == 0) else "td"
            cells.append(f"<{name}>{escape_html(cell)}</{name}>")
        if header_row and number == 0:
            lines.append(f"<thead><tr>{''.join(cells)}</tr></thead>")
        else:
            lines.append(f"<tr>{''.join(cells)}</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def embed(value: Any, writer: BodyWriter) -> str:
    url = value.get("url", "") if isinstance(value, dict) else str(value or "")
    video = video_tag(url, writer.targets.generator)
    if video:
        return video
    if not url:
        return ""
    writer.warn(
        f"{url} is not a YouTube or Vimeo address the importer makes a player of; it is "
        "written as a link."
    )
    return f"<{url}>" if re.fullmatch(r"[^\s<>]+", url) else escape_text(url)


def video_tag(url: str, generator: Generator) -> str:
    """The generator's tag for a video, when the importer makes exactly `url` of it."""
    for name, pattern in (("youtube", YOUTUBE), ("vimeo", VIMEO)):
        match = pattern.fullmatch(url)
        if match:
            return generator.video(name, match[1])
    return ""


def divider(value: Any, writer: BodyWriter) -> str:
    return "---"


def footnotes(value: str, writer: BodyWriter) -> str:
    notes = [
        item
        for element in rich_text_blocks(value)
        for item in element.find_all("li", recursive=False)
    ]
    if not writer.targets.links.footnote_references:
        return footnotes_html(value, writer.targets.links)
    definitions = []
    for number, item in enumerate(notes, start=1):
        text = inline_markdown(item, writer.targets.links)
        definitions.append(prefix_lines(text, f"[^{number}]: ", "    "))
    return "\n".join(definitions)


def footnotes_html(value: str, links: LinkTargets) -> str:
    """The notes as the HTML list the importer reads footnotes from, each with its id: used
    when the text links to them in a way ``[^1]`` would not give back."""
    soup = BeautifulSoup(inline_html(value, links), "html.parser")
    for number, item in enumerate(soup.find_all("li"), start=1):
        item["id"] = f"fn-{number}"
    return f'<section class="footnotes">\n{soup}\n</section>'


def footnote_form(body: list[dict[str, Any]]) -> bool:
    """Whether the post's footnote references are written ``[^1]``: when markdown-it would
    number and caption them as they are stored (the importer's own form), one block of notes,
    every note referenced, in order."""
    lists = [block for block in body if block.get("type") == "footnotes"]
    if len(lists) != 1:
        return False
    count = str(lists[0].get("value") or "").count("<li")
    seen: list[str] = []
    for block in body:
        value = block.get("value")
        text = value.get("text", "") if isinstance(value, dict) else str(value or "")
        if block.get("type") not in ("paragraph", "quote"):
            continue
        for number, inner in FOOTNOTE_LINK.findall(text):
            caption = FOOTNOTE_CAPTION.fullmatch(inner)
            repeat = str(seen.count(number)) if number in seen else None
            if not caption or caption[1] != number or caption[2] != repeat:
                return False
            seen.append(number)
    return list(dict.fromkeys(seen)) == [str(n) for n in range(1, count + 1)]


def callout(value: dict[str, Any], writer: BodyWriter) -> str:
    """A box titled by its kind or its own title, as the Wagtail page shows it: HTML, which
    every generator passes through. Its kind and own title are attributes too, which the
    importer reads back (``importer.generators.callouts``); the shown title is left out then."""
    kind = str(value.get("kind") or "note")
    own_title = collapse(str(value.get("title") or ""))
    title = own_title or kind.capitalize()
    text = inline_html(str(value.get("text") or ""), writer.targets.links)
    title_attribute = f' data-callout-title="{html.escape(own_title)}"' if own_title else ""
    return "\n".join(
        [
            f'<aside class="callout callout--{html.escape(kind)}" '
            f'data-callout="{html.escape(kind)}"{title_attribute}>',
            f'<p class="callout__title"><strong>{html_text(title)}</strong></p>',
            re.sub(r"\n\s*\n", "\n", text.strip()),
            "</aside>",
        ]
    )


def booking_cta(value: dict[str, Any], writer: BodyWriter) -> str:
    text, warnings = booking_markdown(value, writer.targets.booking)
    for warning in warnings:
        writer.warn(warning)
    return text


BLOCK_WRITERS: dict[str, Callable[[Any, BodyWriter], str]] = {
    "heading": heading,
    "paragraph": paragraph,
    "image": image,
    "quote": quote,
    "code": code,
    "table": table,
    "embed": embed,
    "divider": divider,
    "footnotes": footnotes,
    "booking_cta": booking_cta,
    "callout": callout,
}
