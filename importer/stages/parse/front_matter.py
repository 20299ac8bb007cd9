"""The front matter block of a post: where it is, and its values read with safe parsers.

YAML between ``---`` lines (PyYAML's safe loader, through python-frontmatter), TOML between
``+++`` lines (``tomllib``), and the plain-assignment subset of Eleventy's ``---js``, which is
read, never run. A block that cannot be read raises ``ImporterError`` with the line to fix.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from importer.common import ImporterError

# The C loader is several times faster; python-frontmatter passes the loader through to PyYAML.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Front matter is a few dozen values; aliases may repeat some, never build thousands.
MAX_YAML_VALUES = 10_000
JS_ASSIGNMENT = re.compile(r"^(?:const|let|var)\s+(\w+)\s*=\s*(.+?);?\s*$")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return the front matter as a dict and the body after it.

    YAML between ``---`` lines (blank lines before it are allowed), TOML between ``+++``
    lines, and the plain-assignment subset of Eleventy's ``---js``. A file with no front
    matter returns ``{}`` and the whole text.
    """
    lines = text.split("\n")
    bounds = front_matter_bounds(lines)
    if bounds is None:
        return {}, text if text.strip() else ""
    start, end, opener = bounds
    source = "\n".join(lines[start + 1 : end])
    body = "\n".join(lines[end + 1 :])
    if opener == "---":
        data = load_yaml(source, first_line=start + 2)
    elif opener == "+++":
        data = load_toml(source, first_line=start + 2)
    else:
        data = load_js(source, first_line=start + 2)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ImporterError(
            f"the front matter is a {type(data).__name__}, not a set of named fields.",
            field="front matter",
            line=start + 1,
            fix="write one 'name: value' line per field, e.g. 'title: My post'.",
        )
    return data, body


def front_matter_bounds(lines: list[str]) -> tuple[int, int, str] | None:
    """Where the front matter is: (its opening line, its closing line, the opener), 0-based;
    None for a file without any."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start == len(lines):
        return None
    opener = lines[start].strip()
    if opener == "---":
        closers = ("---", "...")
    elif opener == "+++":
        closers = ("+++",)
    elif opener in ("---js", "---javascript"):
        closers = ("---",)
    elif opener.startswith("---") and opener[3:].isalpha():
        raise ImporterError(
            f"front matter in the '{opener[3:]}' language cannot be read.",
            field="front matter",
            line=start + 1,
            fix="rewrite it as YAML between --- lines.",
        )
    else:
        return None
    for end in range(start + 1, len(lines)):
        if lines[end].rstrip() in closers:
            return start, end, opener
    raise ImporterError(
        f"the front matter opened with {opener} is never closed.",
        field="front matter",
        line=start + 1,
        fix=f"add a line with {closers[0]} after the last front matter field.",
    )


def load_yaml(source: str, *, first_line: int) -> Any:
    try:
        if "&" in source and "*" in source:  # an anchor and perhaps an alias to it
            check_alias_expansion(source, first_line=first_line)
        return YAMLHandler().load(source, Loader=YAML_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise ImporterError(
            f"the YAML front matter is invalid ({problem}).",
            field="front matter",
            line=line,
            fix="quote values that contain ': ' or start with a special character "
            "such as '@', '*', '[' or '{'.",
        ) from error
    except (ValueError, OverflowError) as error:
        # YAML reads an unquoted YYYY-MM-DD as a date, and a date that can't be (month 13)
        # raises from datetime, not as a YAML error.
        raise ImporterError(
            f"a date in the YAML front matter is not a real date ({error}).",
            field="front matter",
            fix="write it as YYYY-MM-DD with a real month and day, e.g. 2024-03-01.",
        ) from error


def check_alias_expansion(source: str, *, first_line: int) -> None:
    """Refuse YAML whose aliases expand past MAX_YAML_VALUES values.

    PyYAML builds an alias as a second reference to the same object, but everything that walks
    the result (the template variables, the report) meets every copy: nine lines of aliases to
    aliases ("billion laughs") stand for a billion strings. Counted from the parser's events,
    in time linear in the text, before anything is built."""
    sizes: dict[str, int] = {}  # anchor -> values it stands for
    open_collections: list[tuple[int, str | None]] = []  # (count at its start, its anchor)
    count = 0
    for event in yaml.parse(source, Loader=YAML_LOADER):
        if isinstance(event, yaml.AliasEvent):
            count += sizes.get(event.anchor, 1)
        elif isinstance(event, yaml.ScalarEvent):
            count += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            open_collections.append((count, event.anchor))
            count += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            start, anchor = open_collections.pop()
            if anchor:
                sizes[anchor] = count - start
        if count > MAX_YAML_VALUES:
            mark = event.start_mark
            raise ImporterError(
                f"the YAML front matter's aliases (*name) expand to more than "
                f"{MAX_YAML_VALUES:,} values.",
                field="front matter",
                line=first_line + mark.line if mark is not None else None,
                fix="write the values out instead of repeating them through aliases.",
            )


def load_toml(source: str, *, first_line: int) -> Any:
    try:
        return tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        line = first_line + int(match.group(1)) - 1 if match else None
        raise ImporterError(
            f"the TOML front matter is invalid ({error}).",
            field="front matter",
            line=line,
            fix="check the quoting and brackets on that line.",
        ) from error


def load_js(source: str, *, first_line: int) -> dict[str, Any]:
    """Read the plain ``const name = value;`` subset of JavaScript front matter.

    Anything else (functions, imports, expressions) needs a JavaScript engine; those files fail
    with the line to rewrite.
    """
    data: dict[str, Any] = {}
    for offset, line in enumerate(source.split("\n")):
        if not line.strip() or line.strip().startswith("//"):
            continue
        match = JS_ASSIGNMENT.match(line.strip())
        value = parse_js_literal(match.group(2)) if match else None
        if value is None:
            raise ImporterError(
                "JavaScript front matter (---js) can only be read when every line is "
                "'const name = value;' with a plain string, number or true/false.",
                field="front matter",
                line=first_line + offset,
                fix="rewrite the front matter as YAML between --- lines.",
            )
        data[match.group(1)] = value[0]
    return data


def parse_js_literal(text: str) -> tuple[Any] | None:
    text = text.strip()
    if text.startswith("'") and text.endswith("'") and len(text) >= 2:
        text = '"' + text[1:-1].replace('"', '\\"') + '"'
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return None
    if isinstance(value, dict):
        return None
    return (value,)
