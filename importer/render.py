"""Stage 4b, render: Markdown becomes HTML with markdown-it-py.

markdown-it-py is the Python port of markdown-it, the parser Eleventy itself uses, so posts
render as they did on the old site. The parser is built once per run (``build_parser``).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.footnote import footnote_plugin

# kramdown attribute lists (``{: .note }``, ``{:target="_blank"}``) style the element before
# them on Jekyll sites; they carry no content.
KRAMDOWN_IAL_LINE = re.compile(r"^[ \t]*\{:[^}\n]*\}[ \t]*$", re.MULTILINE)
KRAMDOWN_IAL_INLINE = re.compile(r"\{:[^}\n]*\}")
# An explicit heading id at the heading's end, as kramdown, Hugo and markdown-it-attrs read it:
# "## Actions {#actions}", also with classes or attributes after the id ("{#id .wide}").
HEADING_ID = re.compile(r"[ \t]+\{[ \t]*#([^\s{}]+)(?:[ \t]+[^{}\n]*)?\}[ \t]*$")


def build_parser() -> MarkdownIt:
    """CommonMark with raw HTML allowed (the convert stage sanitises it), tables,
    strikethrough, footnotes and explicit heading ids (``## Title {#id}``)."""
    parser = (
        MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .use(footnote_plugin)
    )
    # Before inline parsing, so the id never shows as text. (mdit-py-plugins' attrs plugin
    # reads attributes after links, images and code only, not at a heading's end.)
    parser.core.ruler.after("block", "explicit_heading_ids", explicit_heading_ids)
    return parser


def explicit_heading_ids(state: StateCore) -> None:
    tokens = state.tokens
    for index, token in enumerate(tokens[:-1]):
        inline = tokens[index + 1]
        if token.type != "heading_open" or inline.type != "inline":
            continue
        match = HEADING_ID.search(inline.content)
        if match and match.start() > 0:
            token.attrSet("id", match[1])
            inline.content = inline.content[: match.start()]


def strip_kramdown(markdown: str) -> str:
    if "{:" not in markdown:
        return markdown
    return KRAMDOWN_IAL_INLINE.sub("", KRAMDOWN_IAL_LINE.sub("", markdown))


def render_markdown(markdown: str, parser: MarkdownIt) -> str:
    return parser.render(strip_kramdown(markdown))
