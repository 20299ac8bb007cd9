"""Escapes for exported Markdown: text that shows exactly its characters, whatever the
Markdown reader, the template engine or the importer's earlier stages would make of it."""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

from importer.stages.convert.html_tree import collapse as read_as_the_importer

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
# Addresses a Markdown link keeps exactly as written (markdown-it percent-encodes the rest).
_PARSER = MarkdownIt("commonmark")


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
    non-breaking space stays), and none at either end."""
    return read_as_the_importer(text).strip()


def escape_heading(text: str) -> str:
    """A heading's text as Markdown: "#" escaped too, so none closes the heading early."""
    return "\\#".join(escape_text(part) for part in collapse(text).split("#"))


def block_safe(markdown: str) -> str:
    """Inline Markdown whose every line stays a line of text."""
    markdown = LINE_START.sub(lambda match: "\\" + match.group(), markdown)
    markdown = NUMBERED.sub(r"\1\\\2", markdown)
    return STATEMENT.sub(lambda match: f"&#{ord(match.group())};", markdown)


def html_text(text: str, *, quote: bool = False) -> str:
    """Text as HTML that no template engine or Markdown reader takes for its own: "<", "&"
    and "{" as character references (and quotes, for an attribute's value)."""
    return html.escape(text, quote=quote).replace("{", "&#123;")


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
