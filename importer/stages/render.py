"""Stage 5, render: Markdown becomes HTML with markdown-it-py.

markdown-it-py is the Python port of markdown-it, the parser Eleventy itself uses, so posts
render as they did on the old site. The parser is built once per run (``build_parser``).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from importer.common import ImporterError
from importer.generators.callouts import CALLOUT_CLOSE, callout_kind, callout_open
from importer.stages.outside_code import rewrite_outside_code

# An explicit heading id at the heading's end, as kramdown, Hugo and markdown-it-attrs read it:
# "## Actions {#actions}", also with classes or attributes after the id ("{#id .wide}").
# Read from the start of a run of spaces only, possessively: from every space of a long run it
# took time quadratic in the run's length.
HEADING_ID = re.compile(r"(?<![ \t])[ \t]++\{[ \t]*+#([^\s{}]++)(?:[ \t]++[^{}\n]*+)?+\}[ \t]*+$")

# kramdown attribute lists (``{: .note }``, ``{:target="_blank"}``, ``{:toc}``) style the
# element before them on Jekyll sites; they carry no content. Only kramdown's own attribute
# syntax counts (``.class``, ``#id``, ``key="value"``, a name): an Elixir tuple in the prose,
# ``{:ok, head}``, is not one and kramdown showed it as written. Possessive and atomic, and a
# bare value stops at a brace: each try from a ``{:`` reads no further than the next brace or
# quote, so a post of repeated ``{:x=`` costs time linear in its length (it took minutes).
KRAMDOWN_ATTRIBUTE = r"""(?:[.#][\w-]++)++|[\w-]++(?:=(?:"[^"\n]*+"|'[^'\n]*+'|[^\s{}'"]*+))?+"""
KRAMDOWN_ATTRIBUTES = (
    rf"\{{:[ \t]*+(?>(?:{KRAMDOWN_ATTRIBUTE})(?:[ \t]++(?:{KRAMDOWN_ATTRIBUTE}))*+)?+[ \t]*+\}}"
)
KRAMDOWN_IAL_LINE = re.compile(rf"^[ \t]*+{KRAMDOWN_ATTRIBUTES}[ \t]*+$", re.MULTILINE)
KRAMDOWN_IAL_INLINE = re.compile(KRAMDOWN_ATTRIBUTES)
# An attribute list naming a class that may be a callout's, found before the lines are read.
CALLOUT_CLASS = re.compile(
    r"\{:[^}\n]*\.(?:notice|[a-z]+-title\b|note|tip|info|warning|danger"
    r"|important|caution|hint|alert|error|success)",
    re.IGNORECASE,
)
# One on a heading (``## Prices {: #prices}``, or on the line under it) may give its id: that
# stays, as the explicit-id form headings are read with, ``## Prices {#prices}``.
HEADING_START = re.compile(r"[ \t]{0,3}#{1,6}[ \t]")
KRAMDOWN_IAL_TO_END = re.compile(rf"(?P<attributes>{KRAMDOWN_ATTRIBUTES})[ \t]*+")
KRAMDOWN_IAL_ALONE = re.compile(rf"[ \t]*+(?P<attributes>{KRAMDOWN_ATTRIBUTES})[ \t]*+")


# How deep markdown-it's tokens may nest: its "default" preset's value, which Eleventy uses
# (the "commonmark" preset's 20 is ten levels of lists). Past it markdown-it drops the rest of
# the list or quote, so a post that goes deeper fails instead (see render_markdown).
MAX_NESTING = 100
# Tokens whose content markdown-it parses at the next level, and skips at the limit.
NESTED_CONTAINERS = frozenset(
    {"blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open",
     "footnote_open"}
)  # fmt: skip


# Docusaurus's admonitions: ``:::tip``, ``:::tip Title``, ``:::tip[Title]`` (more colons
# around ones nested inside), with ``{…}`` directive attributes after the title ignored.
ADMONITION = re.compile(
    r"^[ \t]*(?P<kind>[A-Za-z]+)(?:\[(?P<bracketed>[^\]\n]*)\]|[ \t]+(?P<title>[^{\n]*?))?"
    r"[ \t]*(?:\{[^}\n]*\})?[ \t]*$"
)
# GitHub's alerts (``> [!NOTE]``), and Obsidian's callouts, which may give a title after it
# (``> [!tip] Before you book``) and a fold mark (``[!tip]-``).
ALERT = re.compile(r"^\[!(?P<kind>[A-Za-z]+)\][+-]?(?:[ \t]+(?P<title>[^\n]*))?[ \t]*(?:\n|$)")


def build_parser() -> MarkdownIt:
    """CommonMark with raw HTML allowed (the convert stage sanitises it), tables,
    strikethrough, footnotes, explicit heading ids (``## Title {#id}``), and callouts:
    Docusaurus's admonitions and GitHub's alerts (``importer.generators.callouts``)."""
    parser = (
        MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
        .enable(["table", "strikethrough"])
        .use(footnote_plugin)
        .use(
            container_plugin,
            name="callout",
            validate=is_admonition,
            render=render_admonition,
        )
    )
    # Before inline parsing, so the id never shows as text. (mdit-py-plugins' attrs plugin
    # reads attributes after links, images and code only, not at a heading's end.)
    parser.core.ruler.after("block", "explicit_heading_ids", explicit_heading_ids)
    parser.core.ruler.after("explicit_heading_ids", "alerts", alerts)
    return parser


def is_admonition(params: str, *args: object) -> bool:
    match = ADMONITION.match(params)
    return bool(match and callout_kind(match["kind"]))


def render_admonition(renderer, tokens, index, options, env) -> str:  # noqa: ANN001
    token = tokens[index]
    if token.nesting != 1:
        return f"{CALLOUT_CLOSE}\n"
    match = ADMONITION.match(token.info)
    if match is None:  # validated when the container was found
        return f"{callout_open('note')}\n"
    title = match["bracketed"] if match["bracketed"] is not None else match["title"] or ""
    return f"{callout_open(callout_kind(match['kind']), title)}\n"


def alerts(state: StateCore) -> None:
    """A quote starting ``[!NOTE]`` is a callout: the mark goes, its kind and title become the
    quote's ``data-callout`` attributes (see ``importer.generators.callouts``)."""
    tokens = state.tokens
    for index, token in enumerate(tokens[:-3]):
        if token.type != "blockquote_open" or tokens[index + 1].type != "paragraph_open":
            continue
        inline = tokens[index + 2]
        match = ALERT.match(inline.content) if inline.content.startswith("[!") else None
        kind = callout_kind(match["kind"], alert=True) if match else ""
        if not kind:
            continue
        assert match is not None
        token.attrSet("data-callout", kind)
        if (match["title"] or "").strip():
            token.attrSet("data-callout-title", match["title"].strip())
        inline.content = inline.content[match.end() :]
        if not inline.content.strip():  # the mark alone in its paragraph: the paragraph goes
            for hidden in tokens[index + 1 : index + 4]:
                hidden.hidden = True
                hidden.type = "text" if hidden.type == "inline" else hidden.type


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
    """Remove kramdown attribute lists, but never from code: ``{:ok, head}`` is Elixir. One
    that makes a paragraph or quote a callout (``{: .note }``) makes it the callout's HTML."""
    if "{:" not in markdown:
        return markdown
    return rewrite_outside_code(
        markdown,
        lambda text: KRAMDOWN_IAL_INLINE.sub(
            "",
            KRAMDOWN_IAL_LINE.sub("", kramdown_callouts(heading_attributes_as_ids(text))),
        ),
    )


def kramdown_callouts(text: str) -> str:
    """A block whose attribute list gives it a callout's class (Just the Docs's ``.note`` and
    ``.warning-title`` on the line before it, Minimal Mistakes's ``.notice--info`` on the line
    after it) inside a callout; a ``-title`` class takes the block's first line as the title."""
    if not CALLOUT_CLASS.search(text):
        return text
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        kind, titled = callout_class(line)
        before = (
            index + 1 < len(lines) and lines[index + 1].strip() and not (out and out[-1].strip())
        )
        if kind and before:
            end = index + 1
            while end < len(lines) and lines[end].strip():
                end += 1
            out.extend(callout_lines(kind, titled, lines[index + 1 : end]))
            index = end
            continue
        if kind and out and out[-1].strip():
            start = len(out)
            while start > 0 and out[start - 1].strip():
                start -= 1
            out[start:] = callout_lines(kind, titled, out[start:])
        else:
            out.append(line)
        index += 1
    return "\n".join(out)


def callout_class(line: str) -> tuple[str, bool]:
    """The callout kind an attribute-list line gives, and whether it is a titled one."""
    if not KRAMDOWN_IAL_LINE.fullmatch(line):
        return "", False
    for name in re.findall(r"\.([\w-]+)", line):
        kind = callout_kind(name.removesuffix("-title"))
        if kind:
            return kind, name.endswith("-title")
    return "", False


def callout_lines(kind: str, titled: bool, block: list[str]) -> list[str]:
    title = ""
    if titled and block:
        title = re.sub(r"^[ \t]*>[ \t]?", "", block[0]).strip()
        block = block[1:]
    return ["", callout_open(kind, title), "", *block, "", CALLOUT_CLOSE, ""]


def heading_attributes_as_ids(text: str) -> str:
    """Each heading's attribute list, at its end or alone on the line under it, becomes its
    explicit id. Line by line, trying the list only where one starts (a pattern that tried
    every position of a heading took time quadratic in its length)."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        start = HEADING_START.match(line)
        if start is None:
            out.append(line)
            continue
        candidate = line.find("{:", start.end())
        while candidate >= 0 and not KRAMDOWN_IAL_TO_END.fullmatch(line, candidate):
            candidate = line.find("{:", candidate + 2)
        if candidate >= 0:
            attributes = KRAMDOWN_IAL_TO_END.fullmatch(line, candidate)["attributes"]
            heading = line[:candidate].rstrip(" \t")
            out.append(heading_id(line, max(heading, line[: start.end()], key=len), attributes))
            continue
        below = KRAMDOWN_IAL_ALONE.fullmatch(lines[index]) if index < len(lines) else None
        if below is None:
            out.append(line)
            continue
        written = f"{line}\n{lines[index]}"
        index += 1
        heading = max(line.rstrip(" \t"), line[: start.end()], key=len)
        out.append(heading_id(written, heading, below["attributes"]))
    return "\n".join(out)


def heading_id(written: str, heading: str, attributes: str) -> str:
    """``## Prices`` with ``{: #prices .big}`` becomes ``## Prices {#prices}``."""
    unquoted = re.sub(r"\"[^\"]*\"|'[^']*'", "", attributes)
    identifier = re.search(r"#([\w-]+)", unquoted)
    if identifier is None or heading.rstrip().endswith("}"):
        return written
    return f"{heading} {{#{identifier[1]}}}"


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
