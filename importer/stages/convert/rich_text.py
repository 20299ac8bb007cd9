"""Rich text in the tags Wagtail stores: inline elements, and lists, which rich text holds.

A list whose items hold a block rich text can't (code, a table, a quote, a picture) is split
around it (``split_list``): the convert stage makes each such block where it stood.
"""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

from bs4 import NavigableString, Tag

from importer.stages.convert.html_tree import collapse, find_tags, has_tag, strip_tags
from importer.stages.convert.state import Conversion, ListLine

HEADING_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
INLINE_TAGS = {
    "b": "b", "strong": "b", "i": "i", "em": "i", "cite": "i", "var": "i", "dfn": "i",
    "s": "s", "del": "s", "strike": "s", "code": "code", "kbd": "code", "samp": "code",
    "tt": "code", "sup": "sup", "sub": "sub",
}  # fmt: skip
TAG_FEATURES = {"b": "bold", "i": "italic", "s": "strikethrough", "code": "code",
                "sup": "superscript", "sub": "subscript", "a": "link"}  # fmt: skip
# The footnotes list's links back to the text: markdown-it's and Hugo's, then kramdown's.
BACK_LINK_CLASSES = frozenset({"footnote-backref", "reversefootnote"})
# What a list item may hold but rich text can't: the list is split around it.
LIST_BREAKING = frozenset(
    {"pre", "table", "blockquote", "img", "figure", "iframe", "video", "audio"}
)


def paragraph_features(state: Conversion) -> set[str]:
    return set(state.options.paragraph_features)


def inline_children(tag: Tag, state: Conversion, features: set[str]) -> str:
    return "".join(node_html(child, state, features) for child in tag.children).strip()


def node_html(node: Any, state: Conversion, features: set[str]) -> str:
    if isinstance(node, NavigableString):
        return html.escape(collapse(str(node)), quote=False)
    if isinstance(node, Tag):
        return inline_html(node, state, features)
    return ""


def inline_html(tag: Tag, state: Conversion, features: set[str]) -> str:
    """Rich text for an inline element, in the tags Wagtail stores; others keep their text."""
    if tag.name == "br":
        return "<br/>"
    if tag.name == "a" and BACK_LINK_CLASSES & set(tag.get("class") or []):
        return ""  # the footnotes block draws its own link back to the text
    if tag.name in ("p", "div", "li", "dd", "dt", *HEADING_LEVELS):
        return " " + inline_children(tag, state, features) + " "
    if tag.name in ("ul", "ol"):
        return " ".join(
            inline_children(li, state, features) for li in tag.find_all("li", recursive=False)
        )
    if tag.name == "img":
        alt = collapse(str(tag.get("alt") or "")).strip()
        return html.escape(alt)
    inner = (
        inline_children(tag, state, features) if tag.name != "code" else html.escape(tag.get_text())
    )
    stored = INLINE_TAGS.get(tag.name)
    if tag.name == "a":
        href = footnote_href(str(tag.get("href") or "").strip(), state)
        if href and "link" in features and strip_tags(inner).strip():
            return f'<a href="{html.escape(href)}">{inner}</a>'
        return inner
    if stored and TAG_FEATURES[stored] in features and strip_tags(inner).strip():
        if stored == "code":
            return f"<code>{inner}</code>"
        return f"<{stored}>{inner}</{stored}>"
    return inner


def footnote_href(href: str, state: Conversion) -> str:
    number = state.footnotes.get(href[1:]) if href.startswith("#") else None
    return f"#fn-{number}" if number else href


def list_item_text(children: list[Any], state: Conversion, features: set[str]) -> str:
    """A list item is one line in the editor: its paragraphs join with line breaks.

    Blocks rich text can't hold never get here (``split_list`` splits the list around them)."""
    parts = []
    loose: list[str] = []
    for child in children:
        if isinstance(child, Tag) and child.name in ("p", "div"):
            if loose:
                parts.append("".join(loose).strip())
                loose = []
            parts.append(inline_children(child, state, features))
        else:
            loose.append(node_html(child, state, features))
    if loose:
        parts.append("".join(loose).strip())
    return "<br/>".join(part for part in parts if strip_tags(part).strip())


def list_html(tag: Tag, state: Conversion, features: set[str]) -> str:
    kind = tag.name if tag.name in features else ("ul" if "ul" in features else "")
    items = []
    for item in find_tags(tag, ("li",), recursive=False):
        nested = [child.extract() for child in find_tags(item, ("ul", "ol"), recursive=False)]
        text = list_item_text(list(item.children), state, features)
        inner = "".join(list_html(n, state, features) for n in nested)
        if kind:
            items.append(f'<li data-block-key="{state.key()}">{text}{inner}</li>')
        else:
            items.append(f'<p data-block-key="{state.key()}">{text}</p>{inner}')
    return f"<{kind}>{''.join(items)}</{kind}>" if kind else "".join(items)


def split_list(
    tag: Tag, depth: int, state: Conversion, features: set[str], parts: list[ListLine | Tag]
) -> None:
    """The list's items as lines, and each block an item holds that rich text can't (see
    ``LIST_BREAKING``) between them, in order: the caller makes that block where it stands."""
    for number, item in enumerate(find_tags(tag, ("li",), recursive=False), list_start(tag)):
        split_item(item, ListLine(depth, tag.name, number, ""), state, features, parts)


def split_item(
    item: Tag, line: ListLine, state: Conversion, features: set[str], parts: list[ListLine | Tag]
) -> None:
    """One item's lines, nested lists and the blocks it holds, in order."""
    loose: list[Any] = []
    started = False  # whether the item's own line has been written yet

    def close_line() -> None:
        nonlocal started
        text = list_item_text(loose, state, features)
        loose.clear()
        if strip_tags(text).strip():
            parts.append(replace(line, text=text, continued=started))
            started = True

    def take(children: list[Any]) -> None:
        nonlocal started
        for child in children:
            if isinstance(child, Tag) and child.name in ("ul", "ol"):
                close_line()
                if not started:  # an item that opens with a list still takes its bullet
                    parts.append(line)
                    started = True
                split_list(child, line.depth + 1, state, features, parts)
            elif isinstance(child, Tag) and child.name == "p" and has_tag(child, LIST_BREAKING):
                close_line()  # a paragraph with a picture: its text stays in the item
                take(list(child.children))
                close_line()
            elif isinstance(child, Tag) and (
                child.name in LIST_BREAKING or has_tag(child, LIST_BREAKING)
            ):
                close_line()
                started = True  # what follows the block is the rest of this item, not a new one
                parts.append(child)
            else:
                loose.append(child)

    take(list(item.children))
    close_line()


def list_start(tag: Tag) -> int:
    start = str(tag.get("start") or "1").strip()
    return int(start) if start.isdigit() and len(start) < 9 else 1


def list_lines_html(lines: list[ListLine], state: Conversion, features: set[str]) -> str:
    """Nested lists for a run of lines; the text after a block in an item is a paragraph."""
    parts: list[str] = []
    run: list[ListLine] = []
    for line in lines:
        if line.continued:
            parts.append(nested_list_html(run, state, features))
            run = []
            parts.append(f'<p data-block-key="{state.key()}">{line.text}</p>')
        else:
            run.append(line)
    parts.append(nested_list_html(run, state, features))
    return "".join(parts)


def nested_list_html(lines: list[ListLine], state: Conversion, features: set[str]) -> str:
    if not lines:
        return ""
    top = min(line.depth for line in lines)
    first = next(line for line in lines if line.depth == top)
    if first.kind == "ol" and first.number != 1 and "ol" in features:
        state.restarted.append(first)
    html_parts: list[str] = []
    open_lists: list[str] = []
    for line in lines:
        # The run may start inside an item written before the split: it starts at the top.
        depth = min(line.depth - top, len(open_lists))
        kind = line.kind if line.kind in features else ("ul" if "ul" in features else "")
        if not kind:
            html_parts.append(f'<p data-block-key="{state.key()}">{line.text}</p>')
            continue
        while len(open_lists) > depth + 1:
            html_parts.append(f"</li></{open_lists.pop()}>")
        if len(open_lists) == depth + 1 and open_lists[-1] != kind:
            html_parts.append(f"</li></{open_lists.pop()}>")
        if len(open_lists) == depth + 1:
            html_parts.append("</li>")
        else:
            html_parts.append(f"<{kind}>")
            open_lists.append(kind)
        html_parts.append(f'<li data-block-key="{state.key()}">{line.text}')
    while open_lists:
        html_parts.append(f"</li></{open_lists.pop()}>")
    return "".join(html_parts)
