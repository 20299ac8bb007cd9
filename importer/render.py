"""Stage 4b, render: Markdown becomes HTML with markdown-it-py.

markdown-it-py is the Python port of markdown-it, the parser Eleventy itself uses, so posts
render as they did on the old site. The parser is built once per run (``build_parser``).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

# kramdown attribute lists (``{: .note }``, ``{:target="_blank"}``) style the element before
# them on Jekyll sites; they carry no content.
KRAMDOWN_IAL_LINE = re.compile(r"^[ \t]*\{:[^}\n]*\}[ \t]*$", re.MULTILINE)
KRAMDOWN_IAL_INLINE = re.compile(r"\{:[^}\n]*\}")


def build_parser() -> MarkdownIt:
    """CommonMark with raw HTML allowed (the convert stage sanitises it), tables,
    strikethrough and footnotes."""
    return (
        MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .use(footnote_plugin)
    )


def strip_kramdown(markdown: str) -> str:
    if "{:" not in markdown:
        return markdown
    return KRAMDOWN_IAL_INLINE.sub("", KRAMDOWN_IAL_LINE.sub("", markdown))


def render_markdown(markdown: str, parser: MarkdownIt) -> str:
    return parser.render(strip_kramdown(markdown))
