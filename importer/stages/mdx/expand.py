"""Stage 4, expand (MDX): JSX and JavaScript expressions become the Markdown they showed.

MDX (Gatsby, Next.js, Docusaurus, Astro) is Markdown where ``<Component …>`` is JSX and
``{…}`` is a JavaScript expression. Rendered as CommonMark, a component's tag on its own line
opens an HTML block that swallows the Markdown under it (headings and lists flatten into one
paragraph), comments show as text, and ``{' '}`` prints its quotes. Here, as MDX reads them:

- ``{/* … */}`` comments go; on a heading, ``{/*id*/}`` (the React docs' anchors) becomes
  ``{#id}``, the explicit id the convert stage gives the heading.
- String expressions (``{' '}``, ``{"text"}``) become their text.
- A component carrying an image (``src`` with ``alt`` or an image file) becomes a figure, one
  carrying a YouTube or Vimeo video becomes an embed, ``<Quote>`` a block quote.
- Any other component keeps its content as Markdown blocks and is named in a warning; one with
  no content becomes a link when it points at a web address, else it is removed; either way
  it is named. Other expressions cannot be evaluated and are named too.
- Lowercase elements are HTML in MDX too: they stay, with literal ``{…}`` attribute values
  (strings, numbers, booleans, imported images) written as plain values, and on their own line
  they are set apart by blank lines so the Markdown inside them renders, as MDX renders it.
- MDX has no indented code (indentation is JSX layout), so text indented inside a component
  is not turned into a code block.

Code (fenced and inline) is never touched (``importer.stages.outside_code``). Posts named
``.mdx`` are MDX; a ``.md`` post is read as MDX only when it carries MDX's own marks
(``looks_like_mdx``), because some MDX sites (Next.js with next-mdx-remote, react.dev) compile
their ``.md`` files as MDX, while in ordinary Markdown a ``<Note>`` line is HTML and ``{…}`` is
text.

The tags and expressions are found by ``importer.stages.mdx.scan``; what each becomes is
``importer.stages.mdx.rewrite``'s.
"""

from __future__ import annotations

import re
from pathlib import Path

from importer.stages.mdx.meta import DEFAULT_IMPORT, strip_mdx_module_lines
from importer.stages.mdx.rewrite import MdxConversion, expression_text, tag_text
from importer.stages.mdx.scan import Expression, JsxTag, Lines, is_comment, scan
from importer.stages.outside_code import BLOCK_PARSER, Stash, stash_code

COMMENT_OPENING = re.compile(r"{\s*/\*")
COMMENT_CLOSING = re.compile(r"\*/\s*}")
# An ESM statement, not a sentence that starts with "import" or "export".
ESM_LINE = re.compile(
    r"^(?:import\s+(?:[\w$]+|\{[^}\n]*\}|\*\s*as\s+[\w$]+)"
    r"(?:\s*,\s*(?:\{[^}\n]*\}|\*\s*as\s+[\w$]+))?\s+from\s*['\"]|import\s+['\"]"
    r"|export\s+(?:const|let|var|function|async|class|default)\b|export\s*[{*])",
    re.MULTILINE,
)
# A component's tag on a line of its own (``<Note>``, ``<Illustration src=… />``): capitalised
# names with a lowercase letter, so the all-caps HTML of old blogs (``<DIV>``) is not one.
COMPONENT_LINE = re.compile(
    r"^[ \t]*<(?P<closing>/)?(?P<name>[A-Z][A-Za-z0-9]*[a-z][\w.]*)\b[^<>\n]*?"
    r"(?P<self_closing>/)?>[ \t]*$",
    re.MULTILINE,
)
# Liquid tags and Hugo shortcodes, which are not valid MDX.
TEMPLATE_TAG = re.compile(r"{%|{{[<%]")
IMPORTED_IMAGE = re.compile(r"\.(?:png|jpe?g|gif|webp|avif|svg)$", re.IGNORECASE)
INDENTED_LINE = re.compile(r"^(?: {4}|\t)", re.MULTILINE)


def looks_like_mdx(path: Path, markdown: str) -> bool:
    """``.mdx`` posts, and ``.md`` posts written in MDX: an MDX comment, an ``import`` or
    ``export`` line, or a component's tag on a line of its own, and no template tags (which
    are not valid MDX)."""
    if path.suffix.lower() == ".mdx":
        return True
    if not has_mdx_marks(markdown):  # most posts: no need to find their code
        return False
    text = stash_code(markdown, Stash(), mdx=True)
    return not TEMPLATE_TAG.search(text) and has_mdx_marks(text)


def has_mdx_marks(text: str) -> bool:
    return bool(has_comment(text) or ESM_LINE.search(text) or has_component_lines(text))


def has_comment(text: str) -> bool:
    """Whether the text has a ``{/* … */}`` comment (in one pass, however many openings)."""
    comment_end = -1
    for opening in COMMENT_OPENING.finditer(text):
        if comment_end < opening.end():  # the first "*/" after an opening ends its comment
            comment_end = text.find("*/", opening.end())
            if comment_end < 0:
                return False
        if COMMENT_CLOSING.match(text, comment_end):
            return True
    return False


def has_component_lines(text: str) -> bool:
    """A component's tag on a line of its own, self-closing or closed on a later line."""
    lines = list(COMPONENT_LINE.finditer(text))
    last_closing = {match["name"]: match.start() for match in lines if match["closing"]}
    return any(
        match["self_closing"]
        or (not match["closing"] and last_closing.get(match["name"], -1) > match.start())
        for match in lines
    )


def image_imports(source: str) -> dict[str, str]:
    """``import diagram from './diagram.png'``: the names MDX binds to image files."""
    return {
        match[1]: match[3]
        for match in DEFAULT_IMPORT.finditer(source)
        if IMPORTED_IMAGE.search(match[3])
    }


def expand_mdx(markdown: str, images: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """Return the Markdown MDX showed, and a warning per component or expression interpreted,
    removed or left out. ``images`` maps imported names to image files (``image_imports``)."""
    stash = Stash()
    text = stash_code(strip_mdx_module_lines(markdown), stash, mdx=True)
    state = MdxConversion(text, stash, images or {})
    nodes = scan(text, stash)
    lines = Lines.of(text, [node for node in nodes if isinstance(node, JsxTag) or is_comment(node)])
    position = 0
    for node in nodes:
        state.out.append(text[position : node.start])
        position = node.end
        if isinstance(node, Expression):
            state.out.append(expression_text(node, state, lines))
        else:
            flow = lines.alone_on_line(node.start, node.end)
            tag_text(node, flow, lines.indent(node.start) if flow else "", state)
    state.out.append(text[position:])
    return no_indented_code(stash.restore("".join(state.out))), state.warnings


def no_indented_code(markdown: str) -> str:
    """Text MDX shows as paragraphs that CommonMark would read as indented code (a component's
    indented content) loses the four columns that made it code."""
    if not INDENTED_LINE.search(markdown):
        return markdown
    for _ in range(3):  # content nested deeper needs another pass
        blocks = [
            token.map
            for token in BLOCK_PARSER.parse(markdown)
            if token.type == "code_block" and token.map
        ]
        if not blocks:
            break
        lines = markdown.split("\n")
        for start, end in blocks:
            for index in range(start, end):
                lines[index] = re.sub(r"^ {1,4}|^\t", "", lines[index])
        markdown = "\n".join(lines)
    return markdown
