"""Where an MDX post's JSX tags and ``{…}`` expressions are, read as MDX reads them.

``scan`` finds them in one pass over the text, and ``Lines`` answers which of them stand alone
on their line. What does not parse as a tag or an expression (``a < b``, an unclosed brace) is
text. Attribute values are read as JavaScript literals where they are ones (``literal_value``);
nothing is ever run.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from importer.stages.outside_code import Stash

# A comment's body is anything without "*/" in it: one way to match, however many comments.
COMMENT = r"/\*(?:[^*]|\*(?!/))*\*/"
COMMENT_ONLY = re.compile(rf"\s*(?:{COMMENT}\s*|//[^\n]*\n\s*)+")
TAG_OR_EXPRESSION = re.compile(r"[{<]")
OUTSIDE_EXPRESSION = re.compile(r"{")
INSIDE_EXPRESSION = re.compile(r"""[{}"'`]|/\*""")
# Limits that keep a malformed post from costing more than a few passes over its text.
MAX_TAG_LENGTH = 10_000
TAG_NAME = re.compile(r"[A-Za-z_$][\w$.:-]*")
ATTRIBUTE_NAME = re.compile(r"[A-Za-z_$][\w$:.-]*")
# A JavaScript string: "…", '…', or a template literal without ${…} substitutions.
STRING_LITERAL = re.compile(
    r"""\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'"""
    r"""|`((?:[^`\\$]|\\.|\$(?!{))*)`)\s*""",
    re.DOTALL,
)
JS_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.DOTALL)
JS_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
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
class Lines:
    """Which lines hold what, for the question "is this tag alone on its line?"; answered
    by bisection, so a post of one long line costs no more than one of many."""

    text: str
    newlines: list[int]
    content_starts: list[int]
    content_ends: list[int]

    @classmethod
    def of(cls, text: str, blank: list[JsxTag | Expression]) -> Lines:
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
