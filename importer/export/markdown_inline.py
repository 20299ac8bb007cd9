"""Rich text as Markdown: Wagtail's stored HTML written as CommonMark that the importer reads
back to the same stored HTML.

Stored rich text is a small language (paragraphs, lists, bold, italic, strikethrough, code,
superscript, subscript, links and line breaks), so each element has one Markdown form. Where
CommonMark can't say it exactly (emphasis that doesn't open or close where a word does, an
address Markdown would re-encode), the element is written as the inline HTML the importer reads
the same way. Text is escaped for Markdown and for what the importer's earlier stages rewrite:
template tags (``{{``, ``{%``), kramdown attribute lists (``{:``) and MDX statements.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag
from markdown_it import MarkdownIt
from markdown_it.common.utils import isPunctChar, isWhiteSpace

# Characters that mean something inline wherever they stand; "|" makes kramdown (Jekyll) read
# a line as a table row.
INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<~|])")
# "&amp;" typed as text is not an entity: the ampersand is escaped so it stays text.
ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
# Template tags, kramdown attribute lists and MDX comments, which the import reads before
# Markdown: their brace is written as a character reference, which only Markdown reads.
TEMPLATE_BRACE = re.compile(r"\{(?=[{%:])")
# What a line may not start with and stay a paragraph's text: a heading, a list item, a quote,
# a setext underline, or an MDX statement.
LINE_START = re.compile(r"^[#>+=-]", re.MULTILINE)
EMPHASIS = {"b": "**", "strong": "**", "i": "*", "em": "*", "s": "~~", "del": "~~"}
HTML_TAG = {"b": "b", "strong": "b", "i": "i", "em": "i", "s": "s", "del": "s"}
FOOTNOTE_REFERENCE = re.compile(r"<sup>\[(\d+)(?::(\d+))?\]</sup>")
# Addresses a Markdown link keeps exactly as written (markdown-it percent-encodes the rest).
_PARSER = MarkdownIt("commonmark")


@dataclass(frozen=True, slots=True)
class LinkTargets:
    """Where one post's links lead once exported."""

    pages: dict[int, str] = field(default_factory=dict)
    """Page id -> the address to write: another exported post's file, else the page's URL."""
    documents: dict[int, str] = field(default_factory=dict)
    footnote_references: bool = False
    """Whether footnote references are written ``[^1]`` (see markdown.footnote_form)."""
    code_as_html: Callable[[str], bool] | None = None
    """Which code the generator would read inside a code span (``Generator.code_as_html``):
    that code is written as escaped HTML."""

    def href(self, tag: Tag) -> str:
        kind = tag.get("linktype")
        if kind == "page":
            return self.pages.get(int_or(tag.get("id")), "")
        if kind == "document":
            return self.documents.get(int_or(tag.get("id")), "")
        return str(tag.get("href") or "")


def int_or(value: object, default: int = 0) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default


def escape_text(text: str) -> str:
    """Text as Markdown that shows exactly these characters."""
    text = INLINE_SPECIAL.sub(r"\\\1", text)
    text = ENTITY_LIKE.sub(r"\\&", text)
    # Hugo ends a post's summary at this comment wherever it stands, escaped or not.
    text = text.replace("\\<!--more-->", "&lt;!--more-->")
    return TEMPLATE_BRACE.sub("&#123;", text)


NUMBERED = re.compile(r"^(\d{1,9})([.)])", re.MULTILINE)
# The first letter of "import" or "export" as a character reference, which MDX detection
# doesn't read and Markdown does.
STATEMENT = re.compile(r"^[ie](?=(?:mport|xport)\b)", re.MULTILINE)


def collapse(text: str) -> str:
    """Runs of ASCII white space as one space, as the importer reads text (a thin or
    non-breaking space stays)."""
    return re.sub(r"[ \t\r\n\f]+", " ", text).strip()


def escape_heading(text: str) -> str:
    """A heading's text as Markdown: "#" escaped too, so none closes the heading early."""
    return "\\#".join(escape_text(part) for part in collapse(text).split("#"))


def block_safe(markdown: str) -> str:
    """Inline Markdown whose every line stays a line of text."""
    markdown = LINE_START.sub(lambda match: "\\" + match.group(), markdown)
    markdown = NUMBERED.sub(r"\1\\\2", markdown)
    return STATEMENT.sub(lambda match: f"&#{ord(match.group())};", markdown)


def html_text(text: str) -> str:
    """Text as HTML that no template engine or Markdown reader takes for its own: "<", "&"
    and "{" as character references."""
    return html.escape(text, quote=False).replace("{", "&#123;")


def code_span(text: str) -> str:
    """`text` as a code span: fenced by more backticks than it holds in a row, and padded where
    CommonMark would otherwise take a space or backtick at its ends away."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith(("`", " ")) or text.endswith(("`", " ")):
        text = f" {text} "
    return f"{fence}{text}{fence}"


def markdown_link_safe(href: str) -> bool:
    """Whether ``[text](href)`` gives exactly `href` back."""
    return (
        bool(href)
        and not re.search(r"[\s()<>\\]", href)
        and _PARSER.normalizeLink(href) == href
        and _PARSER.validateLink(href)
        and html.unescape(href) == href
    )


@dataclass(slots=True)
class Piece:
    """A run of Markdown, or one end of an emphasis (``span``) whose form is chosen later."""

    text: str = ""
    span: int = -1
    opening: bool = True


@dataclass(slots=True)
class Inline:
    """One paragraph's inline Markdown being written."""

    targets: LinkTargets
    pieces: list[Piece] = field(default_factory=list)
    spans: list[str] = field(default_factory=list)
    """Each emphasis's tag name ("b", "i", "s")."""
    as_html: set[int] = field(default_factory=set)
    """Spans written as HTML tags, because their Markdown delimiters would not pair up."""
    trim_next: bool = False

    def add(self, text: str) -> None:
        self.pieces.append(Piece(text))

    def render(self) -> str:
        return "".join(self.piece_text(piece) for piece in self.pieces)

    def piece_text(self, piece: Piece) -> str:
        if piece.span < 0:
            return piece.text
        name = self.spans[piece.span]
        if piece.span in self.as_html:
            return f"<{HTML_TAG[name]}>" if piece.opening else f"</{HTML_TAG[name]}>"
        return EMPHASIS[name]


def inline_markdown(node: Tag, targets: LinkTargets) -> str:
    """The Markdown of an element's inline content, lines separated by "\\n"."""
    gather_styles(node)
    state = Inline(targets)
    write_children(node, state)
    choose_delimiters(state)
    return block_safe(state.render().strip(" "))


def gather_styles(node: Tag) -> None:
    """Emphasis as Markdown writes it: one span over a run of text and links.

    Stored rich text is the editor's ranges of styled text, so "*see [the notes](x) here*"
    is stored as three ``<i>`` with the link between them. Merged again (a style over a link's
    whole text taken outside it, then neighbours of one style joined) it reads back the same,
    as the editor stores those ranges whichever way they nest."""
    changed = True
    while changed:
        changed = merge_neighbours(node) | hoist_styles(node)
    for element in node.find_all(tuple(EMPHASIS)):
        move_edge_spaces_out(element)


def merge_neighbours(node: Tag) -> bool:
    merged = False
    for element in node.find_all(tuple(EMPHASIS)):
        following = element.next_sibling
        if isinstance(following, Tag) and following.name == element.name:
            element.extend(list(following.contents))
            following.decompose()
            merged = True
    return merged


def hoist_styles(node: Tag) -> bool:
    """A style over the whole text of a link, or of another style with a neighbour of its own
    kind ("<i>a </i><b><i>b</i></b>"), taken outside it, where it can join its neighbours."""
    hoisted = False
    for outer in node.find_all(("a", *EMPHASIS)):
        inside = [child for child in outer.contents if child != ""]
        if len(inside) != 1 or not isinstance(inside[0], Tag):
            continue
        name = inside[0].name
        if name not in EMPHASIS or name == outer.name:
            continue
        beside = [outer.previous_sibling, outer.next_sibling]
        if outer.name != "a" and not any(isinstance(n, Tag) and n.name == name for n in beside):
            continue
        inside[0].unwrap()
        outer.wrap(BeautifulSoup("", "html.parser").new_tag(name))
        hoisted = True
    return hoisted


def move_edge_spaces_out(element: Tag) -> None:
    """Markdown emphasis can't start or end with a space: the space stands just outside it
    (the importer would otherwise drop it, running two words together)."""
    first = element.contents[0] if element.contents else None
    if isinstance(first, NavigableString) and str(first)[:1].isspace():
        text = str(first)
        element.insert_before(text[: len(text) - len(text.lstrip())])
        first.replace_with(text.lstrip())
    last = element.contents[-1] if element.contents else None
    if isinstance(last, NavigableString) and str(last)[-1:].isspace():
        text = str(last)
        element.insert_after(text[len(text.rstrip()) :])
        last.replace_with(text.rstrip())


def write_children(node: Tag, state: Inline) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            text = str(child)
            if state.trim_next:
                text, state.trim_next = text.removeprefix(" "), False
            state.add(escape_text(text))
        elif isinstance(child, Tag):
            state.trim_next = False
            write_element(child, state)


def write_element(tag: Tag, state: Inline) -> None:
    name = tag.name
    if name == "br":
        following = tag.next_sibling
        if isinstance(following, NavigableString) and str(following).startswith(" "):
            # The importer reads a hard break's line ending as this space.
            state.add("\\\n")
            state.trim_next = True
        else:
            state.add("<br>")
    elif name in EMPHASIS:
        state.spans.append(name)
        number = len(state.spans) - 1
        state.pieces.append(Piece(span=number, opening=True))
        write_children(tag, state)
        state.pieces.append(Piece(span=number, opening=False))
    elif name == "code":
        text = tag.get_text()
        if state.targets.code_as_html and state.targets.code_as_html(text):
            state.add(f"<code>{html_text(text)}</code>")
        else:
            state.add(code_span(text))
    elif name in ("sup", "sub"):
        state.add(f"<{name}>")
        write_children(tag, state)
        state.add(f"</{name}>")
    elif name == "a":
        write_link(tag, state)
    else:
        write_children(tag, state)


def write_link(tag: Tag, state: Inline) -> None:
    inner = "".join(str(child) for child in tag.children)
    reference = FOOTNOTE_REFERENCE.fullmatch(inner)
    href = state.targets.href(tag)
    if state.targets.footnote_references and reference and href == f"#fn-{reference[1]}":
        state.add(f"[^{reference[1]}]")
        return
    if not href:
        write_children(tag, state)  # a link to something not exported: its words stay
    elif markdown_link_safe(href):
        state.add("[")
        write_children(tag, state)
        state.add(f"]({href})")
    else:
        state.add(f'<a href="{html.escape(href)}">')
        write_children(tag, state)
        state.add("</a>")


def choose_delimiters(state: Inline) -> None:
    """Write each emphasis as ``**``, ``*`` or ``~~`` where CommonMark pairs them as written,
    else as its HTML tag. Each change alters its neighbours, so until nothing changes."""
    changed = True
    while changed:
        changed = False
        texts = [state.piece_text(piece) for piece in state.pieces]
        for index, piece in enumerate(state.pieces):
            if piece.span < 0 or piece.span in state.as_html:
                continue
            before = last_char(texts, index)
            after = first_char(texts, index)
            delimiter = texts[index]
            if not delimiter_works(delimiter, before, after, piece.opening):
                state.as_html.add(piece.span)
                changed = True
                break


def last_char(texts: list[str], index: int) -> str:
    for text in reversed(texts[:index]):
        if text:
            return text[-1]
    return " "


def first_char(texts: list[str], index: int) -> str:
    for text in texts[index + 1 :]:
        if text:
            return text[0]
    return " "


def delimiter_works(delimiter: str, before: str, after: str, opening: bool) -> bool:
    """CommonMark's flanking rules: whether `delimiter` between `before` and `after` opens (or
    closes) emphasis, without running into another delimiter of its character."""
    if delimiter[0] in (before, after) or "\\" in (before,):
        return False
    inside, outside = (after, before) if opening else (before, after)
    if is_space(inside):
        return False
    return not is_punctuation(inside) or is_space(outside) or is_punctuation(outside)


def is_space(char: str) -> bool:
    return char == "\n" or isWhiteSpace(ord(char))


def is_punctuation(char: str) -> bool:
    return isPunctChar(char)


def rich_text_blocks(source: str) -> list[Tag]:
    """The top-level elements of stored rich text."""
    soup = BeautifulSoup(source, "html.parser")
    return [child for child in soup.children if isinstance(child, Tag)]


def rich_text_markdown(source: str, targets: LinkTargets) -> str:
    """Stored rich text as Markdown blocks: paragraphs and lists, a blank line apart."""
    parts = []
    for element in rich_text_blocks(source):
        if element.name in ("ul", "ol"):
            parts.append("\n".join(list_lines(element, targets)))
        else:
            text = inline_markdown(element, targets)
            if text.strip():
                parts.append(text)
    return "\n\n".join(parts)


def list_lines(tag: Tag, targets: LinkTargets) -> list[str]:
    """A list's items, one a line (continuation lines and nested lists indented under it)."""
    lines: list[str] = []
    items = [child for child in tag.children if isinstance(child, Tag) and child.name == "li"]
    for number, item in enumerate(items, start=1):
        marker = f"{number}. " if tag.name == "ol" else "- "
        indent = " " * len(marker)
        nested = [child.extract() for child in item.find_all(["ul", "ol"], recursive=False)]
        text = inline_markdown(item, targets).split("\n")
        lines.append((marker + text[0]).rstrip())
        lines.extend(indent + line if line else line for line in text[1:])
        for inner in nested:
            lines.extend(indent + line if line else line for line in list_lines(inner, targets))
    return lines


def prefix_lines(markdown: str, first: str, rest: str | None = None) -> str:
    """`markdown` with `first` before its first line and `rest` before the others."""
    rest = first if rest is None else rest
    lines = markdown.split("\n")
    return "\n".join(
        (first if number == 0 else rest) + line if line or number == 0 else rest.rstrip()
        for number, line in enumerate(lines)
    )


def inline_html(source: str, targets: LinkTargets) -> str:
    """Stored rich text as HTML for a raw HTML block: keys dropped, page links to their exported
    addresses, and braces the template stage would read written as character references."""
    soup = BeautifulSoup(source, "html.parser")
    for tag in soup.find_all(True):
        tag.attrs.pop("data-block-key", None)
        if tag.name == "a" and tag.get("linktype"):
            href = targets.href(tag)
            tag.attrs = {"href": href} if href else {}
    return str(soup).replace("{", "&#123;")
