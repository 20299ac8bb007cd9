"""The convert stage's HTML tree: built from the rendered HTML, checked and made safe.

The tree is bs4's, over Python's own HTML parser, built in time linear in the HTML
(``parse_html``). Before any block is made, what could run code in a visitor's browser goes
(``sanitise``), each removal named in a warning, and a post nested deeper than the conversion
can follow fails (``check_depth``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection

from bs4 import BeautifulSoup, Comment, Tag

from blog.videos import find_video
from importer.common import ImporterError
from importer.wagtail_internals import LinearHTMLParserTreeBuilder

Warn = Callable[[str], None]
"""Adds a warning to the post's report row."""

UNSAFE_ELEMENTS = frozenset(
    {"script", "style", "embed", "link", "meta", "base", "frame", "frameset"}
)  # fmt: skip
# Their content is what a reader sees without scripts or plugins: it stays, sanitised like the
# rest, and only the element itself goes.
FALLBACK_ELEMENTS = frozenset({"noscript", "object", "applet"})
# Where a removed element pointed, so its warning can name it.
POINTER_ATTRIBUTES = ("src", "data", "href", "code", "action")
# A form cannot work on the new site (its action went with the old one); its words stay.
FORM_CONTROLS = frozenset({"input", "select", "textarea"})
UNWRAPPED = frozenset({"form", "button", "label", "template", "fieldset", "legend"})
UNSAFE_SCHEMES = re.compile(r"^[\x00-\x20\s]*(javascript|data|vbscript):", re.IGNORECASE)
# Browsers drop tabs and line breaks anywhere in a URL, so "java\tscript:" runs as well.
URL_IGNORED_CHARACTERS = re.compile(r"[\t\n\r]")
URL_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "poster", "xlink:href")
# The element that stands in the HTML for a recognised run of booking lines (see
# importer.stages.convert.booking). Only its identity carries meaning: one written in a post
# is removed by `sanitise`.
BOOKING_MARKER = "booking-cta"
# The elements `sanitise` does more with than check their attributes.
HANDLED_ELEMENTS = frozenset(
    {"embed", BOOKING_MARKER, *UNSAFE_ELEMENTS, *FALLBACK_ELEMENTS, *FORM_CONTROLS, *UNWRAPPED}
)
# Elements inside one another: Markdown's deepest (50 levels of lists, see render.py) is about
# 100; the conversion's recursion allows a little over twice that.
MAX_ELEMENT_DEPTH = 150


def parse_html(source: str) -> BeautifulSoup:
    """The tree of a post's rendered HTML."""
    return BeautifulSoup(unclosed_as_text(source), builder=LinearHTMLParserTreeBuilder())


# Where each kind of markup the HTML parser reads ends, and how it starts.
UNCLOSED = (
    (re.compile(r"\][ \t\r\n\f]*>"), "<!["),  # a marked section (<![CDATA[ … ]]>)
    (re.compile(r"--!?>"), "<!--"),  # a comment
    (re.compile(r">"), "<"),  # any tag
)


def unclosed_as_text(source: str) -> str:
    """`source` with each markup opening that nothing closes after it written as text, which
    is what the HTML parser makes of it, but in one pass: the parser searches the rest of the
    HTML for its end from every such opening, which took minutes for a few thousand of them."""
    for closing, opening in UNCLOSED:
        last = None
        for last in closing.finditer(source):  # noqa: B007 - only the last one is wanted
            pass
        end = last.end() if last else 0
        if opening in source[end:]:
            escaped = "&lt;" + opening[1:]
            source = source[:end] + source[end:].replace(opening, escaped)
    return source


def check_depth(soup: BeautifulSoup) -> None:
    """Fail a post whose HTML elements nest deeper than MAX_ELEMENT_DEPTH: the conversion
    recurses into nested elements, and some of it reads a nested element's text once for every
    element around it, so thousands of levels would take hours (or exhaust the stack)."""
    stack = [(soup, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_ELEMENT_DEPTH:
            raise ImporterError(
                f"the post's HTML has elements nested more than {MAX_ELEMENT_DEPTH} levels "
                "deep, one inside another; no page shows that, and converting it would take "
                "hours.",
                field="body",
                fix="close the HTML elements the post opens (an unclosed <div> or <table> "
                "repeated), or flatten the nesting, and import again.",
            )
        stack.extend((child, depth + 1) for child in node.contents if isinstance(child, Tag))


def sanitise(soup: BeautifulSoup, warn: Warn) -> None:
    """Remove what could run code in a visitor's browser, saying what went.

    Each element is looked at once, in document order, and nothing inside a removed one is
    (bs4's own ``decomposed`` check searches an element's whole subtree, for every element).
    """
    unwrapped: list[Tag] = []
    stack = list(reversed(soup.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, Comment):
            node.extract()  # <!--more--> and friends: markers for the old generator
            continue
        if not isinstance(node, Tag):
            continue
        if node.name not in HANDLED_ELEMENTS:  # most elements: only their attributes to check
            if node.attrs:
                remove_unsafe_attributes(node, warn)
            stack.extend(reversed(node.contents))
            continue
        if node.name == "embed" and find_video(str(node.get("src") or "")):
            # A YouTube or Vimeo player in the old Flash embed code: still the same video.
            node.name, node.attrs = "iframe", {"src": str(node["src"])}
            continue
        if node.name in UNSAFE_ELEMENTS:
            warn(f"Removed unsafe {describe_element(node)} element and its content.")
            node.decompose()
            continue
        if node.name in FALLBACK_ELEMENTS:
            if node.name != "noscript":  # noscript's content is all there ever was to see
                warn(
                    f"Removed {describe_element(node)}, which needs a browser plugin; "
                    "its fallback content is kept."
                )
            node.name, node.attrs = "div", {}  # its content stands apart, as it did
            stack.extend(reversed(node.contents))
            continue
        if node.name in FORM_CONTROLS:
            warn(f"Removed a form control (<{node.name}>); forms do not carry over.")
            node.decompose()
            continue
        if node.name == BOOKING_MARKER:
            # The name the booking recogniser uses for its runs: written in a post it is an
            # attempt to make a block (a button to any address); its words stay.
            warn(
                f"Removed a <{node.name}> element written in the post (its text is kept); "
                "booking buttons are made from the post's own booking links."
            )
            unwrapped.append(node)
        elif node.name in UNWRAPPED:
            unwrapped.append(node)  # its attributes go with it
        else:
            remove_unsafe_attributes(node, warn)
        stack.extend(reversed(node.contents))
    for tag in reversed(unwrapped):  # innermost first, once everything inside is clean
        tag.insert_after(" ")  # "I agree" and "Send" must not run together
        tag.unwrap()


def describe_element(tag: Tag) -> str:
    """``<script src="https://asciinema.org/a/1.js">``: the element and where it pointed."""
    for attribute in POINTER_ATTRIBUTES:
        value = str(tag.get(attribute) or "").strip()
        if value:
            return f'<{tag.name} {attribute}="{shorten(value, 80)}">'
    return f"<{tag.name}>"


def remove_unsafe_attributes(tag: Tag, warn: Warn) -> None:
    for attribute in list(tag.attrs):
        value = tag.attrs[attribute]
        if attribute.lower().startswith("on"):
            warn(f"Removed unsafe '{attribute}' attribute from <{tag.name}>.")
            del tag.attrs[attribute]
        elif attribute.lower() in URL_ATTRIBUTES and (
            unsafe := UNSAFE_SCHEMES.match(URL_IGNORED_CHARACTERS.sub("", str(value)))
        ):
            warn(f"Removed unsafe {unsafe[1].lower()}: URL from <{tag.name}>.")
            del tag.attrs[attribute]


def find_tags(tag: Tag, names: Collection[str], *, recursive: bool = True) -> list[Tag]:
    """``tag.find_all(names)``, without the search filter bs4 builds anew for every call (most
    of what a find took, and the conversion makes about a hundred a post)."""
    nodes = tag.descendants if recursive else tag.children
    return [node for node in nodes if isinstance(node, Tag) and node.name in names]


def has_tag(tag: Tag, names: Collection[str]) -> bool:
    return any(isinstance(node, Tag) and node.name in names for node in tag.descendants)


# Compiled once: the conversion collapses and strips the text of nearly every element.
HTML_SPACES = re.compile(r"[ \t\r\n\f]+")
ANY_TAG = re.compile(r"<[^>]+>")


def collapse(text: str) -> str:
    # Most text holds nothing to collapse, which five searches in C find sooner than the pattern.
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text:
        return HTML_SPACES.sub(" ", text)
    return text


def strip_tags(value: str) -> str:
    return html.unescape(ANY_TAG.sub("", value))


def shorten(text: str, limit: int) -> str:
    text = collapse(text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
