"""Stage 4b, render: Markdown becomes HTML with markdown-it-py.

markdown-it-py is the Python port of markdown-it, the parser Eleventy itself uses, so posts
render as they did on the old site. The parser is built once per run (``build_parser``).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from importer.outside_code import outside_code

# kramdown attribute lists (``{: .note }``, ``{:target="_blank"}``, ``{:toc}``) style the
# element before them on Jekyll sites; they carry no content. Only kramdown's own attribute
# syntax counts (``.class``, ``#id``, ``key="value"``, a name): an Elixir tuple in the prose,
# ``{:ok, head}``, is not one and kramdown showed it as written.
KRAMDOWN_ATTRIBUTE = r"""(?:[.#][\w-]+)+|[\w-]+(?:=(?:"[^"\n]*"|'[^'\n]*'|[^\s}'"]*))?"""
KRAMDOWN_ATTRIBUTES = (
    rf"\{{:[ \t]*(?:(?:{KRAMDOWN_ATTRIBUTE})(?:[ \t]+(?:{KRAMDOWN_ATTRIBUTE}))*)?[ \t]*\}}"
)
KRAMDOWN_IAL_LINE = re.compile(rf"^[ \t]*{KRAMDOWN_ATTRIBUTES}[ \t]*$", re.MULTILINE)
KRAMDOWN_IAL_INLINE = re.compile(KRAMDOWN_ATTRIBUTES)


def build_parser() -> MarkdownIt:
    """CommonMark with raw HTML allowed (the convert stage sanitises it), tables,
    strikethrough and footnotes."""
    return (
        MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .use(footnote_plugin)
    )


def strip_kramdown(markdown: str) -> str:
    """Remove kramdown attribute lists, but never from code: ``{:ok, head}`` is Elixir."""
    if "{:" not in markdown:
        return markdown
    return outside_code(
        markdown, lambda text: KRAMDOWN_IAL_INLINE.sub("", KRAMDOWN_IAL_LINE.sub("", text))
    )


def render_markdown(markdown: str, parser: MarkdownIt) -> str:
    return parser.render(strip_kramdown(markdown))
