"""Stage 4a, expand (MDX): JSX and JavaScript expressions become the Markdown they showed.

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

Code (fenced and inline) is never touched (``importer.outside_code``). Posts named ``.mdx`` are
MDX; a ``.md`` post is read as MDX only when it carries MDX's own marks (``looks_like_mdx``),
because some MDX sites (Next.js with next-mdx-remote, react.dev) compile their ``.md`` files
as MDX, while in ordinary Markdown a ``<Note>`` line is HTML and ``{…}`` is text.
"""

from __future__ import annotations

import html
import re
import textwrap
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from importer.outside_code import BLOCK_PARSER, Stash, stash_code
from importer.parse import strip_mdx_module_lines

# A comment's body is anything without "*/" in it: one way to match, however many comments.
COMMENT = r"/\*(?:[^*]|\*(?!/))*\*/"
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
TEMPLATE_SYNTAX = re.compile(r"{%|{{[<%]")

INDENTED_LINE = re.compile(r"^(?: {4}|\t)", re.MULTILINE)
TAG_OR_EXPRESSION = re.compile(r"[{<]")
OUTSIDE_EXPRESSION = re.compile(r"{")
INSIDE_EXPRESSION = re.compile(r"""[{}"'`]|/\*""")
# Limits that keep a malformed post from costing more than a few passes over its text.
MAX_TAG_LENGTH = 10_000
MAX_NESTING = 100
TAG_NAME = re.compile(r"[A-Za-z_$][\w$.:-]*")
ATTRIBUTE_NAME = re.compile(r"[A-Za-z_$][\w$:.-]*")
HEADING_START = re.compile(r"[ \t]{0,3}#{1,6}[ \t]")
COMMENT_ONLY = re.compile(rf"\s*(?:{COMMENT}\s*|//[^\n]*\n\s*)+")
COMMENT_ID = re.compile(r"\s*/\*\s*#?([\w-]+)\s*\*/\s*")
# A JavaScript string: "…", '…', or a template literal without ${…} substitutions.
STRING_LITERAL = re.compile(
    r"""\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'"""
    r"""|`((?:[^`\\$]|\\.|\$(?!{))*)`)\s*""",
    re.DOTALL,
)
JS_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.DOTALL)
JS_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|~&{}])")
IMAGE_FILE = re.compile(r"\.(?:png|jpe?g|gif|webp|avif|svg|bmp|tiff?)(?:[?#].*)?$", re.IGNORECASE)
IMAGE_IMPORT = re.compile(
    r"^import\s+(\w+)\s+from\s+['\"]([^'\"]+\.(?:png|jpe?g|gif|webp|avif|svg))['\"]",
    re.IGNORECASE | re.MULTILINE,
)
REQUIRE_CALL = re.compile(r"""\s*require\(\s*(['"])([^'"]+)\1\s*\)(?:\.default)?\s*""")

VIDEO_HOSTS = ("youtube.com", "youtu.be", "youtube-nocookie.com", "vimeo.com")
IMAGE_ATTRIBUTES = ("src", "image", "img", "imageSrc", "url")
VIDEO_ID_ATTRIBUTES = ("id", "videoId", "youtubeId", "youTubeId", "vimeoId", "v")
TITLE_ATTRIBUTES = ("title", "heading", "label", "summary")
LINK_ATTRIBUTES = ("href", "src", "url", "link")
LABEL_ATTRIBUTES = ("title", "label", "alt", "name", "text")
AUTHOR_ATTRIBUTES = ("author", "by", "cite", "attribution", "source")
# In CommonMark these elements end at their closing tag, not at a blank line.
RAW_TEXT_ELEMENTS = frozenset({"pre", "script", "style", "textarea"})
JSX_HTML_NAMES = {"className": "class", "htmlFor": "for"}
# Attributes that style or wire up an element and never hold its content: an expression there
# goes without a warning. (A spread, {...props}, is named by its braces.)
PRESENTATION_ATTRIBUTES = frozenset({"style", "className", "class", "key", "ref"})
NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)")


@dataclass(slots=True)
class Unresolved:
    """An attribute whose value is a JavaScript expression that cannot be evaluated here."""

    source: str


@dataclass(slots=True)
class JsxTag:
    """One JSX tag as written: ``<Name attr=…>``, ``</Name>`` or ``<Name … />``."""

    name: str
    """The element's name; "" for a fragment (``<>``)."""
    start: int
    end: int
    closing: bool = False
    self_closing: bool = False
    attributes: dict[str, str | bool | Unresolved] = field(default_factory=dict)
    has_expression: bool = False
    """Whether an attribute is written as ``{…}`` (the tag cannot stay as written)."""

    @property
    def is_component(self) -> bool:
        """Capitalised and dotted names are components; lowercase names are HTML elements."""
        return not self.name or self.name[0].isupper() or "." in self.name


@dataclass(slots=True)
class Expression:
    """A ``{…}`` expression in the text; ``source`` is what is between the braces."""

    source: str
    start: int
    end: int


@dataclass(slots=True)
class OpenElement:
    tag: JsxTag
    kind: str
    flow: bool
    indent: str
    out_index: int


@dataclass(slots=True)
class MdxConversion:
    """Working state of one post's MDX conversion."""

    text: str
    stash: Stash
    images: dict[str, str]
    warnings: list[str] = field(default_factory=list)
    out: list[str] = field(default_factory=list)
    stack: list[OpenElement] = field(default_factory=list)

    seen: set[str] = field(default_factory=set)

    def warn(self, message: str) -> None:
        if message not in self.seen:
            self.seen.add(message)
            self.warnings.append(message)


def looks_like_mdx(path: Path, markdown: str) -> bool:
    """``.mdx`` posts, and ``.md`` posts written in MDX: an MDX comment, an ``import`` or
    ``export`` line, or a component's tag on a line of its own, and no template tags (which
    are not valid MDX)."""
    if path.suffix.lower() == ".mdx":
        return True
    if not has_mdx_marks(markdown):  # most posts: no need to find their code
        return False
    text = stash_code(markdown, Stash(), mdx=True)
    return not TEMPLATE_SYNTAX.search(text) and has_mdx_marks(text)


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
    return {match[1]: match[2] for match in IMAGE_IMPORT.finditer(source)}


def expand_mdx(markdown: str, images: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """Return the Markdown MDX showed, and a warning per component or expression interpreted,
    removed or left out. ``images`` maps imported names to image files (``image_imports``)."""
    stash = Stash()
    text = stash_code(strip_mdx_module_lines(markdown), stash, mdx=True)
    state = MdxConversion(text, stash, images or {})
    nodes = scan(text, stash)
    layout = Layout.of(
        text, [node for node in nodes if isinstance(node, JsxTag) or is_comment(node)]
    )
    position = 0
    for node in nodes:
        state.out.append(text[position : node.start])
        position = node.end
        if isinstance(node, Expression):
            state.out.append(expression_text(node, state, layout))
        else:
            flow = layout.alone_on_line(node.start, node.end)
            tag_text(node, flow, layout.indent(node.start) if flow else "", state)
    state.out.append(text[position:])
    return no_indented_code(stash.restore("".join(state.out))), state.warnings


# Scanning: where the tags and expressions are.


def scan(text: str, stash: Stash) -> list[JsxTag | Expression]:
    """The JSX tags and ``{…}`` expressions of the text, in order. What does not parse as
    either (``a < b``, an unclosed brace) is text. An expression's source is given with the
    inline code set aside in it put back: in MDX, ``{`text`}`` is a template string."""
    nodes: list[JsxTag | Expression] = []
    braces = brace_pairs(text)
    position = 0
    while (match := TAG_OR_EXPRESSION.search(text, position)) is not None:
        start = match.start()
        if is_escaped(text, start):
            position = start + 1
            continue
        if text[start] == "{":
            end = braces.get(start)
            if end is None:
                position = start + 1
                continue
            nodes.append(Expression(stash.restore(text[start + 1 : end - 1]), start, end))
            position = end
        else:
            tag = parse_tag(text, start, stash, braces)
            if tag is None:
                position = start + 1
                continue
            nodes.append(tag)
            position = tag.end
    return nodes


def is_escaped(text: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes - 1 >= 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def brace_pairs(text: str) -> dict[int, int]:
    """Where each ``{`` closes: the index just after its ``}``, in one pass over the text.
    Inside an expression, strings and comments are skipped (a ``}`` in them closes nothing);
    a brace never closed has no entry."""
    pairs: dict[int, int] = {}
    opened: list[int] = []
    index = 0
    while True:
        match = (INSIDE_EXPRESSION if opened else OUTSIDE_EXPRESSION).search(text, index)
        if match is None:
            return pairs
        index, token = match.start(), match.group()
        if token == "{":
            if opened or not is_escaped(text, index):
                opened.append(index)
            index += 1
        elif token == "}":
            pairs[opened.pop()] = index + 1
            index += 1
        elif token == "/*":
            close = text.find("*/", index + 2)
            if close < 0:
                return pairs
            index = close + 2
        else:
            index = end_of_string(text, index)


def end_of_string(text: str, start: int) -> int:
    """The index after the JavaScript string opening at ``start`` (or the line's end)."""
    quote = text[start]
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == quote:
            return index + 1
        if char == "\n" and quote != "`":
            return index
        index += 1
    return index


def parse_tag(text: str, start: int, stash: Stash, braces: dict[int, int]) -> JsxTag | None:
    """The JSX tag at ``start`` (a ``<``), or None when what follows is not one."""
    index = start + 1
    closing = text.startswith("/", index)
    if closing:
        index += 1
    name_match = TAG_NAME.match(text, index)
    name = name_match.group() if name_match else ""
    if name_match:
        index = name_match.end()
    elif not text.startswith(">", index):
        return None  # only a fragment (<>, </>) has no name
    tag = JsxTag(name, start, start, closing=closing)
    while index < min(len(text), start + MAX_TAG_LENGTH):
        index = skip_space(text, index)
        if text.startswith("/>", index):
            tag.self_closing, tag.end = True, index + 2
            return tag
        if text.startswith(">", index):
            tag.end = index + 1
            return tag
        if closing or not name:
            return None
        index = parse_attribute(text, index, tag, stash, braces)
        if index is None:
            return None
    return None


def skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def parse_attribute(
    text: str, index: int, tag: JsxTag, stash: Stash, braces: dict[int, int]
) -> int | None:
    """Read one attribute (or ``{...spread}``) into ``tag``; the index after it, or None."""
    if text.startswith("{", index):
        end = braces.get(index)
        if end is None:
            return None
        tag.attributes[text[index:end]] = Unresolved(stash.restore(text[index + 1 : end - 1]))
        tag.has_expression = True
        return end
    name_match = ATTRIBUTE_NAME.match(text, index)
    if not name_match:
        return None
    name, index = name_match.group(), skip_space(text, name_match.end())
    if not text.startswith("=", index):
        tag.attributes[name] = True
        return index
    index = skip_space(text, index + 1)
    if index < len(text) and text[index] in "\"'":
        close = text.find(text[index], index + 1)
        if close < 0:
            return None
        tag.attributes[name] = html.unescape(stash.restore(text[index + 1 : close]))
        return close + 1
    if text.startswith("{", index):
        end = braces.get(index)
        if end is None:
            return None
        source = stash.restore(text[index + 1 : end - 1])
        tag.attributes[name] = literal_value(source)
        tag.has_expression = True
        return end
    return None


def literal_value(source: str) -> str | bool | Unresolved:
    """An attribute's ``{…}`` value: a string, number or boolean literal's value (``false``
    leaves the attribute out), else the expression, unresolved."""
    value = string_value(source)
    if value is not None:
        return value
    literal = source.strip()
    if NUMBER.fullmatch(literal):
        return literal
    if literal in ("true", "false"):
        return literal == "true"
    return Unresolved(source)


def string_value(source: str) -> str | None:
    """The value of a JavaScript string literal (``'a'``, ``"b\\n"``, a template without
    ``${}``), or None for any other expression."""
    match = STRING_LITERAL.fullmatch(source)
    if not match:
        return None
    raw = next(group for group in match.groups() if group is not None)
    return JS_ESCAPE.sub(js_escape, raw)


def js_escape(match: re.Match[str]) -> str:
    escape = match.group(1)
    if escape.startswith("u{"):
        return chr(int(escape[2:-1], 16))
    if escape[0] in "ux" and len(escape) > 1:
        return chr(int(escape[1:], 16))
    if escape == "\n":
        return ""  # a line continuation
    return JS_ESCAPES.get(escape, escape)


def is_comment(node: JsxTag | Expression) -> bool:
    return isinstance(node, Expression) and bool(COMMENT_ONLY.fullmatch(node.source))


@dataclass(slots=True)
class Layout:
    """Which lines hold what, for the question "is this tag alone on its line?"; answered
    by bisection, so a post of one long line costs no more than one of many."""

    text: str
    newlines: list[int]
    content_starts: list[int]
    content_ends: list[int]

    @classmethod
    def of(cls, text: str, blank: list[JsxTag | Expression]) -> Layout:
        """``blank``: the nodes that do not count as content on a line (tags, comments)."""
        chars = list(text)
        for node in blank:
            chars[node.start : node.end] = re.sub(r"[^\n]", " ", text[node.start : node.end])
        masked = "".join(chars)
        runs = [(match.start(), match.end()) for match in re.finditer(r"\S+", masked)]
        return cls(
            text,
            [match.start() for match in re.finditer("\n", text)],
            [start for start, _ in runs],
            [end for _, end in runs],
        )

    def line_start(self, position: int) -> int:
        index = bisect_left(self.newlines, position)
        return self.newlines[index - 1] + 1 if index else 0

    def line_end(self, position: int) -> int:
        index = bisect_left(self.newlines, position)
        return self.newlines[index] if index < len(self.newlines) else len(self.text)

    def alone_on_line(self, start: int, end: int) -> bool:
        """A tag with nothing but other tags and spaces on its line(s) is a block (MDX "flow")."""
        before = bisect_left(self.content_starts, start) - 1
        if before >= 0 and self.content_ends[before] > self.line_start(start):
            return False
        return self.nothing_after(end)

    def nothing_after(self, end: int) -> bool:
        after = bisect_left(self.content_starts, end)
        return after == len(self.content_starts) or self.content_starts[after] >= self.line_end(end)

    def indent(self, position: int) -> str:
        match = re.compile(r"[ \t]*").match(self.text, self.line_start(position))
        return match.group() if match else ""


# Rewriting: what each expression and tag becomes.


def expression_text(node: Expression, state: MdxConversion, layout: Layout) -> str:
    if is_comment(node):
        return heading_anchor(node, layout)
    value = string_value(node.source)
    if value is not None and value.strip():
        return escape_markdown(" ".join(value.split()))
    if value is not None:
        # ``{' '}`` keeps two words apart; beside a space or a line break that is already
        # done, and a second space before a line break would make it a hard break.
        text = state.text
        spaced = (node.start and text[node.start - 1].isspace()) or (
            node.end < len(text) and text[node.end].isspace()
        )
        return "" if spaced or not value else " "
    state.warn(
        f"The MDX expression {{{shorten(node.source)}}} cannot be evaluated here and was removed."
    )
    return ""


def heading_anchor(node: Expression, layout: Layout) -> str:
    """``## Actions {/*actions*/}``: the comment on a heading is its id (react.dev's custom
    heading ids); written ``{#actions}``, the explicit-id form the convert stage reads."""
    identifier = COMMENT_ID.fullmatch(node.source)
    on_heading = HEADING_START.match(layout.text, layout.line_start(node.start))
    if identifier and on_heading and layout.nothing_after(node.end):
        return f"{{#{identifier.group(1)}}}"
    return ""


def escape_markdown(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def shorten(source: str, limit: int = 60) -> str:
    flat = " ".join(source.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def tag_text(tag: JsxTag, flow: bool, indent: str, state: MdxConversion) -> None:
    """Append what ``tag`` becomes to ``state.out``."""
    if not tag.is_component:
        state.out.append(html_element(tag, flow, indent, state))
        return
    if tag.closing:
        close_component(tag, state)
        return
    kind = component_kind(tag, state)
    label = f"<{tag.name}>"
    if kind == "image":
        state.warn(f"MDX component {label} was read as an image.")
        state.out.append(image_html(tag, flow, indent, state))
    elif kind == "video":
        state.warn(f"MDX component {label} was read as a video.")
        state.out.append(video_html(tag, flow, indent))
    elif tag.self_closing and (url := link_target(tag)):
        state.warn(f"MDX component <{tag.name} /> was replaced with a link to {url}.")
        label = next(filter(None, (attribute_text(tag, n) for n in LABEL_ATTRIBUTES)), url)
        state.out.append(block(f"[{escape_markdown(label)}](<{url}>)", flow, indent))
        return
    elif tag.self_closing:
        state.warn(f"MDX component <{tag.name} /> was removed (it has no content here).")
        report_unresolved(tag, state)
        return
    elif kind == "quote":
        state.warn(f"MDX component {label} was read as a quote.")
    elif tag.name:
        state.warn(f"MDX component {label} was removed; its content was kept.")
        title = next(
            (tag.attributes[name] for name in TITLE_ATTRIBUTES if name in tag.attributes), None
        )
        if flow and isinstance(title, str) and title.strip():
            state.out.append(f"\n{indent}**{escape_markdown(' '.join(title.split()))}**\n")
    if not tag.self_closing and len(state.stack) < MAX_NESTING:
        state.stack.append(OpenElement(tag, kind, flow, indent, len(state.out)))


def close_component(tag: JsxTag, state: MdxConversion) -> None:
    """``</Name>``: a quote's content becomes a block quote; anything else just ends."""
    index = next(
        (i for i in range(len(state.stack) - 1, -1, -1) if state.stack[i].tag.name == tag.name),
        None,
    )
    if index is None:
        if tag.name:
            state.warn(f"MDX component <{tag.name}> was removed; its content was kept.")
        return
    opened = state.stack[index]
    del state.stack[index:]
    if opened.kind == "quote":
        content = state.stash.restore("".join(state.out[opened.out_index :])).strip("\n")
        lines = textwrap.dedent(content).split("\n")
        author = next(filter(None, (attribute_text(opened.tag, n) for n in AUTHOR_ATTRIBUTES)), "")
        if author:  # the convert stage reads a last "— name" line as the attribution
            lines += ["", f"— {escape_markdown(author)}"]
        quote = "\n".join(f"{opened.indent}> {line}".rstrip() for line in lines)
        state.out[opened.out_index :] = [state.stash.keep(f"\n{quote}\n", literal=True)]


def link_target(tag: JsxTag) -> str:
    """The address a content-less component points at (an embed's ``src``, a card's
    ``href``), when it is a web or site address."""
    for name in LINK_ATTRIBUTES:
        url = attribute_text(tag, name) or ""
        if re.match(r"(?:https?://|/)[^\s<>]*$", url, re.IGNORECASE) and not url.startswith("//"):
            return url
    return ""


def component_kind(tag: JsxTag, state: MdxConversion) -> str:
    """What a component carries: "image", "video", "quote", or "" (anything else)."""
    lowered = tag.name.lower()
    source = attribute_text(tag, "src") or attribute_text(tag, "url") or ""
    if is_video_url(source) or (
        ("youtube" in lowered or "vimeo" in lowered)
        and any(attribute_text(tag, name) for name in VIDEO_ID_ATTRIBUTES)
    ):
        return "video"
    image = image_source(tag, state)
    if image and (
        "alt" in tag.attributes
        or IMAGE_FILE.search(image)
        or any(word in lowered for word in ("image", "img", "illustration", "figure", "photo"))
    ):
        return "image"
    if lowered.endswith("quote"):
        return "quote"
    return ""


def attribute_text(tag: JsxTag, name: str) -> str | None:
    value = tag.attributes.get(name)
    return value.strip() if isinstance(value, str) else None


def image_source(tag: JsxTag, state: MdxConversion) -> str:
    """The image file a component shows: a written path, or an imported or required file."""
    for name in IMAGE_ATTRIBUTES:
        value = tag.attributes.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, Unresolved) and (imported := imported_file(value, state)):
            return imported
    return ""


def imported_file(value: Unresolved, state: MdxConversion) -> str:
    """``{diagram}`` bound by ``import diagram from './diagram.png'``, or
    ``{require('./diagram.png')}``: the file; "" for any other expression."""
    required = REQUIRE_CALL.fullmatch(value.source)
    if required:
        return required.group(2)
    return state.images.get(value.source.strip(), "")


def is_video_url(url: str) -> bool:
    host = urlparse(url if "//" in url else "https://" + url).netloc.lower()
    return any(host == h or host.endswith("." + h) for h in VIDEO_HOSTS)


def block(markup: str, flow: bool, indent: str) -> str:
    """Markup on lines of its own (at the component's indentation), or inline in the text."""
    return f"\n{indent}{markup}\n" if flow else markup


def image_html(tag: JsxTag, flow: bool, indent: str, state: MdxConversion) -> str:
    src = image_source(tag, state)
    alt = attribute_text(tag, "alt") or ""
    caption = attribute_text(tag, "caption") or attribute_text(tag, "title") or ""
    img = f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'
    if not flow:
        return img
    figcaption = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return block(f"<figure>{img}{figcaption}</figure>", flow, indent)


def video_html(tag: JsxTag, flow: bool, indent: str) -> str:
    url = attribute_text(tag, "src") or attribute_text(tag, "url") or ""
    if not is_video_url(url):
        video = next(filter(None, (attribute_text(tag, n) for n in VIDEO_ID_ATTRIBUTES)), "")
        url = (
            f"https://vimeo.com/{video}"
            if "vimeo" in tag.name.lower()
            else f"https://www.youtube.com/watch?v={video}"
        )
    return block(f'<iframe src="{html.escape(url)}"></iframe>', flow, indent)


def report_unresolved(tag: JsxTag, state: MdxConversion) -> None:
    for name, value in tag.attributes.items():
        if isinstance(value, Unresolved) and name not in PRESENTATION_ATTRIBUTES:
            written = f"{{{shorten(value.source)}}}"
            written = written if name.startswith("{") else f"{name}={written}"
            state.warn(
                f"The MDX expression {written} on <{tag.name}> cannot be evaluated here and was "
                "removed."
            )


def html_element(tag: JsxTag, flow: bool, indent: str, state: MdxConversion) -> str:
    """A lowercase element stays HTML; on a line of its own it is set apart by blank lines
    (except the raw-text elements, which CommonMark ends at their closing tag), so the
    Markdown between its tags renders, as MDX renders it."""
    source = state.text[tag.start : tag.end]
    if tag.has_expression:
        for name, value in tag.attributes.items():
            if name in ("src", "srcSet") and isinstance(value, Unresolved):
                tag.attributes[name] = imported_file(value, state) or value
        report_unresolved(tag, state)
        source = html_tag(tag)
    if flow and tag.name.lower() not in RAW_TEXT_ELEMENTS:
        return f"\n{indent}{source}\n"
    return source


def html_tag(tag: JsxTag) -> str:
    if tag.closing:
        return f"</{tag.name}>"
    parts = [tag.name]
    for name, value in tag.attributes.items():
        if isinstance(value, Unresolved) or value is False:
            continue
        name = JSX_HTML_NAMES.get(name, name)
        parts.append(name if value is True else f'{name}="{html.escape(str(value))}"')
    return f"<{' '.join(parts)}{' /' if tag.self_closing else ''}>"


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
