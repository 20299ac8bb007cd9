"""Stage 4b, render: Markdown becomes HTML with markdown-it-py.

markdown-it-py is the Python port of markdown-it, the parser Eleventy itself uses, so posts
render as they did on the old site. The parser is built once per run (``build_parser``).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from importer.types import ImporterError

# kramdown attribute lists (``{: .note }``, ``{:target="_blank"}``) style the element before
# them on Jekyll sites; they carry no content.
KRAMDOWN_IAL_LINE = re.compile(r"^[ \t]*\{:[^}\n]*\}[ \t]*$", re.MULTILINE)
KRAMDOWN_IAL_INLINE = re.compile(r"\{:[^}\n]*\}")


# How deep markdown-it's tokens may nest: its "default" preset's value, which Eleventy uses
# (the "commonmark" preset's 20 is ten levels of lists). Past it markdown-it drops the rest of
# the list or quote, so a post that goes deeper fails instead (see render_markdown).
MAX_NESTING = 100
# Tokens whose content markdown-it parses at the next level, and skips at the limit.
NESTED_CONTAINERS = frozenset(
    {"blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open",
     "footnote_open"}
)  # fmt: skip


def build_parser() -> MarkdownIt:
    """CommonMark with raw HTML allowed (the convert stage sanitises it), tables,
    strikethrough and footnotes."""
    return (
        MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
        .enable(["table", "strikethrough"])
        .use(footnote_plugin)
    )


def strip_kramdown(markdown: str) -> str:
    if "{:" not in markdown:
        return markdown
    return KRAMDOWN_IAL_INLINE.sub("", KRAMDOWN_IAL_LINE.sub("", markdown))


def render_markdown(markdown: str, parser: MarkdownIt) -> str:
    env: dict = {}
    tokens = parser.parse(strip_kramdown(markdown), env)
    limit = parser.options.maxNesting - 1
    if any(token.level >= limit and token.type in NESTED_CONTAINERS for token in tokens):
        raise ImporterError(
            f"lists or quotes are nested more than {limit // 2} levels deep; the Markdown "
            "parser stops there, and the text inside them would be lost.",
            field="body",
            fix="flatten the deepest lists or quotes and import again.",
        )
    return parser.renderer.render(tokens, parser.options, env)
