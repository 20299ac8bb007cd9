"""Front matter that an MDX post exports from its module instead of writing it between ``---``.

Next.js blogs (and others built on ``@next/mdx``) keep a post's fields in the post itself::

    import card from './card.jpg'
    export const meta = {
      title: 'A post',
      date: '2020-07-18T15:43:02.988Z',
      image: card,
    }

The object is JavaScript, so it is read with a JavaScript parser (esprima), never run. Only
plain values carry over: strings, numbers, true/false, arrays and objects of them, template
strings without ``${}``, and names bound by a default import of a file (``card`` above is
``./card.jpg``). Anything else (a call, a named import such as an author defined elsewhere)
cannot be known without running the site's code; its field is left out with a warning.
"""

from __future__ import annotations

import re
from typing import Any

from importer.stages.outside_code import Stash, stash_code

# The names Next.js starters and MDX tooling use for a post's exported fields.
META_EXPORT = re.compile(
    r"^export\s+const\s+(?:meta|metadata|frontmatter|frontMatter)\s*=\s*(?=\{)", re.MULTILINE
)
# ``import card from './card.jpg'``: the name bound and the file. The images an MDX post shows
# are read with it too (``importer.stages.mdx.expand.image_imports``).
DEFAULT_IMPORT = re.compile(
    r"""^import\s+([A-Za-z_$][\w$]*)\s+from\s+(['"])([^'"\n]+)\2""", re.MULTILINE
)
NAMED_IMPORT = re.compile(r"""^import\s+\{([^}]*)\}\s+from\s+(['"])([^'"\n]+)\2""", re.MULTILINE)
UNREADABLE = object()
# A post's exported fields are a few lines; past this it is not front matter.
MAX_META_LENGTH = 20_000


def exported_meta(body: str) -> tuple[dict[str, Any], str, list[str]]:
    """Return ``(fields, body without the export, warnings)`` for an MDX body.

    A body without an exported ``meta`` (or ``metadata``, ``frontmatter``) object comes back
    unchanged with no fields. Code blocks are not looked in: the pattern must start a line, and a
    fenced example of it would have to be parsed as the post's own to be taken."""
    match = META_EXPORT.search(body)
    if match is None or in_fence(body, match.start()):
        return {}, body, []
    end = object_end(body, match.end())
    if end is None:
        return {}, body, ["The post's exported 'meta' object could not be read (never closed)."]
    source = body[match.end() : end]
    imports, named = module_imports(body)
    warnings: list[str] = []
    # Imported here, not with the module: esprima builds its Unicode tables when imported (most
    # of a second, which every run would pay), and only a post that exports its fields needs it.
    import esprima

    try:
        tree = esprima.parseScript(f"({source})")
        value = to_python(tree.body[0].expression, imports, named, warnings, "")
    except esprima.Error as error:
        return {}, body, [f"The post's exported 'meta' object could not be read ({error})."]
    except RecursionError:
        return {}, body, ["The post's exported 'meta' object is too deeply nested; not read."]
    line_end = re.match(r"[ \t]*;?[ \t]*\n?", body[end:]).end()
    rest = body[: match.start()] + body[end + line_end :]
    return (value if isinstance(value, dict) else {}), rest, warnings


def exported_meta_lines(text: str) -> list[int]:
    """The lines (0-based) of `text` that its exported ``meta`` object is read from: the object
    and the imports that may name its values."""
    match = META_EXPORT.search(text)
    if match is None or in_fence(text, match.start()):
        return []
    end = object_end(text, match.end()) or match.end()
    imports = [text.count("\n", 0, found.start()) for found in DEFAULT_IMPORT.finditer(text)]
    meta = range(text.count("\n", 0, match.start()), text.count("\n", 0, end) + 1)
    return sorted({*imports, *meta})


def in_fence(text: str, position: int) -> bool:
    fences = re.findall(r"^\s*(?:```|~~~)", text[:position], re.MULTILINE)
    return len(fences) % 2 == 1


def object_end(text: str, start: int) -> int | None:
    """The index just past the ``}`` closing the object literal that opens at `start`.

    Braces inside strings, template strings and comments don't count."""
    depth = 0
    index = start
    limit = min(len(text), start + MAX_META_LENGTH)
    while index < limit:
        char = text[index]
        if char in "'\"`":
            index = string_end(text, index, limit)
            if index is None:
                return None
            continue
        if text.startswith("//", index):
            index = text.find("\n", index)
            if index == -1:
                return None
            continue
        if text.startswith("/*", index):
            index = text.find("*/", index)
            if index == -1:
                return None
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return None


def string_end(text: str, start: int, limit: int) -> int | None:
    quote = text[start]
    index = start + 1
    while index < limit:
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == quote:
            return index + 1
        if text[index] == "\n" and quote != "`":
            return None
        index += 1
    return None


def module_imports(body: str) -> tuple[dict[str, str], dict[str, str]]:
    """Names bound by default imports (``import card from './card.jpg'``: the file) and by named
    imports (name -> the module it comes from, for the warning)."""
    defaults = {match[1]: match[3] for match in DEFAULT_IMPORT.finditer(body)}
    named: dict[str, str] = {}
    for match in NAMED_IMPORT.finditer(body):
        for part in match[1].split(","):
            name = part.split(" as ")[-1].strip()
            if name:
                named[name] = match[3]
    return defaults, named


def to_python(
    node: Any, imports: dict[str, str], named: dict[str, str], warnings: list[str], field: str
) -> Any:
    """A plain value for a JavaScript expression, or UNREADABLE (with a warning) for one whose
    value only running the site could give."""
    kind = node.type
    if kind == "Literal" and not getattr(node, "regex", None):
        return node.value
    if kind == "TemplateLiteral" and not node.expressions:
        return "".join(quasi.value.cooked for quasi in node.quasis)
    if kind == "UnaryExpression" and node.operator == "-" and node.argument.type == "Literal":
        return -node.argument.value
    if kind == "ArrayExpression":
        items = [to_python(item, imports, named, warnings, field) for item in node.elements if item]
        return [item for item in items if item is not UNREADABLE]
    if kind == "ObjectExpression":
        result: dict[str, Any] = {}
        for prop in node.properties:
            key = property_name(prop)
            if key is None:
                warnings.append("Exported 'meta': a computed or spread entry was left out.")
                continue
            value = to_python(prop.value, imports, named, warnings, key)
            if value is not UNREADABLE:
                result[key] = value
        return result
    if kind == "NewExpression" and node.callee.type == "Identifier" and node.callee.name == "Date":
        arguments = [to_python(arg, imports, named, warnings, field) for arg in node.arguments]
        if len(arguments) == 1 and isinstance(arguments[0], str):
            return arguments[0]  # new Date('2021-05-01'): the date as written
    if kind == "Identifier" and node.name in imports:
        return imports[node.name]
    if kind == "Identifier" and node.name in ("undefined",):
        return None
    origin = ""
    if kind == "Identifier" and node.name in named:
        origin = f" (imported from '{named[node.name]}')"
    warnings.append(
        f"Exported 'meta' field '{field}' is JavaScript the importer cannot evaluate"
        f"{origin}; it was left out. Set it on the page after import if it matters."
    )
    return UNREADABLE


def property_name(prop: Any) -> str | None:
    if prop.type != "Property" or prop.computed:
        return None
    key = prop.key
    if key.type == "Identifier":
        return key.name
    if key.type == "Literal" and isinstance(key.value, str):
        return key.value
    return None


def strip_mdx_module_lines(body: str) -> str:
    """MDX ``import``/``export`` statements load components and data; they are code, not
    content. A statement runs from its line to the next blank line, as MDX reads it
    (``export const meta = {`` spans several lines); code samples are never touched."""
    if not re.search(r"^(import|export)\s", body, re.MULTILINE):
        return body
    stash = Stash()
    kept: list[str] = []
    in_statement = False
    for line in stash_code(body, stash, mdx=True).split("\n"):
        if in_statement and not line.strip():
            in_statement = False
        elif not in_statement and re.match(r"^(import|export)\s", line):
            in_statement = True
        if not in_statement:
            kept.append(line)
    return stash.restore("\n".join(kept))
