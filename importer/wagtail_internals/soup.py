"""BeautifulSoup's HTML parser, made linear in its input (see the package's docstring)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bs4.builder import HTMLParserTreeBuilder
from bs4.builder._htmlparser import BeautifulSoupHTMLParser


class TagCounts(Counter):
    """The multiset of tag names bs4's HTML parser keeps in a list: the void elements (``img``,
    ``br``) it has closed itself, each checked off when an explicit closing tag follows.
    Nothing closes most of them, and the list was searched at every closing tag, which made
    parsing a post's HTML take time in the square of its length."""

    def append(self, tag: str) -> None:
        self[tag] += 1

    def remove(self, tag: str) -> None:
        self[tag] -= 1

    def __contains__(self, tag: object) -> bool:
        return self[tag] > 0


class LinearHTMLParser(BeautifulSoupHTMLParser):
    """bs4's parser for its "html.parser" builder (``bs4.builder._htmlparser``, not exported
    by ``bs4.builder``), keeping the void elements it closed itself in a ``TagCounts``: the
    attribute ``already_closed_empty_element`` is a list there."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.already_closed_empty_element = TagCounts()


class LinearHTMLParserTreeBuilder(HTMLParserTreeBuilder):
    """bs4's "html.parser" builder, giving the same tree in time linear in the HTML."""

    def feed(self, markup: Any, _parser_class: type = LinearHTMLParser) -> None:
        super().feed(markup, _parser_class)
