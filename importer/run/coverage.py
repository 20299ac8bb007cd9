"""Word coverage: the share of a post's words that reach its page, the number a migrating
editor trusts ("99% of my words made it").

A source's words are its Markdown body less what never shows on a page (template tags, HTML
tags, link targets, code-fence languages, list numbers, Markdown punctuation). The page's words
are read from the blocks the import made (text, captions, alt text, labels) and the page's
title, intro, author and tags, without rendering the page. A word counts as many times as it
occurs in both. ``scripts/check_corpus.py`` uses the same source measure against rendered pages.
"""

from __future__ import annotations

import collections
import html
import re
from collections.abc import Iterator
from typing import Any

from importer.common import PostDraft

WORD = re.compile(r"\w+", re.UNICODE)
# Each pattern below reads on from where it starts no further than where the next one could
# start (or its line's end), possessively: one that searched the rest of the text from every
# unclosed opening took time quadratic in the text, minutes for a post of some tens of KB.
TEMPLATE_SYNTAX = re.compile(r"{%(?:[^%{]|%(?!})|{(?!%))*+%}|{{(?:[^{}]|}(?!})|{(?!{))*+}}")
HTML_TAG = re.compile(r"<[^<>]*+>")
# Block values that say how a block looks or where it points, never words a visitor reads.
NOT_SHOWN = frozenset({"src", "url", "level", "service", "language", "type", "image"})
RICH_TEXT = frozenset({"text"})
# What a Markdown body holds that no page shows, removed in this order (a raw tag before the
# template syntax around it, HTML entities read before tags are looked for). Compiled once:
# every post of a run goes through all of them.
HIDDEN_IN_BODY: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\](\([^)\]]*+\)|\[[^\]]*+\])"), "] "),  # link targets, reference labels
    (re.compile(r"^([ \t]*)(`{3,}|~{3,}).*$", re.MULTILINE), r"\1"),  # fence info
    (re.compile(r"^([ \t]*)\d+[.)]\s", re.MULTILINE), r"\1"),  # list numbers
]
HIDDEN_AFTER_ENTITIES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"{%-?\s*raw\s*-?%}|{%-?\s*endraw\s*-?%}"), ""),
    (re.compile(r"{{</\*(?:[^*{\n]|\*(?!/>}})|{(?!{</\*))*+\*/>}}"), ""),
    (TEMPLATE_SYNTAX, " "),
    (re.compile(r"<!--(?:[^<-]|-(?!->)|<(?!!--))*+-->"), " "),
    (
        re.compile(
            r"<(script|style|template)\b(?:[^<]|<(?!/?(?:script|style|template)\b))*+</\1>",
            re.I,
        ),
        " ",
    ),
    (re.compile(r"</?[A-Za-z][^<>\n]*+>"), " "),
    (re.compile(r"^[ \t]*+\[[^\]\n]++\]:\s*\S+.*$", re.MULTILINE), " "),  # references
    (re.compile(r"^(import|export)\s.*$", re.MULTILINE), " "),
    (re.compile(r"\{:[^{}]*+\}"), " "),
]


def body_words(body: str) -> list[str]:
    """The words of a Markdown body a page could show, casefolded."""
    for pattern, replacement in HIDDEN_IN_BODY:
        body = pattern.sub(replacement, body)
    body = html.unescape(body)
    for pattern, replacement in HIDDEN_AFTER_ENTITIES:
        body = pattern.sub(replacement, body)
    return words_of(body)


def words_of(text: str) -> list[str]:
    # Word by word: casefolding a whole text can split a word ("İ" folds to "i" and a
    # combining dot, which is not a word character).
    return list(map(str.casefold, WORD.findall(text.replace("_", " "))))


def coverage(source: list[str], page: list[str]) -> float:
    """The share of `source`'s words found in `page` (1.0 for a source without words)."""
    if not source:
        return 1.0
    have = collections.Counter(page)
    found = sum(min(n, have[word]) for word, n in collections.Counter(source).items())
    return found / len(source)


def block_texts(value: Any, rich: bool = True) -> Iterator[str]:
    """Every text a visitor can read in a block value. Rich text (a block's own string value,
    a struct's `text`) is HTML, whose tags are removed; code, captions and cells are plain."""
    if isinstance(value, str):
        yield html.unescape(HTML_TAG.sub(" ", value)) if rich and "<" in value else value
    elif isinstance(value, dict):
        if "type" in value and "value" in value:  # a block, or a block in a stream
            yield from block_texts(value["value"])
            return
        for key, item in value.items():
            if key not in NOT_SHOWN:
                yield from block_texts(item, rich=key in RICH_TEXT)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from block_texts(item, rich)


def page_words(draft: PostDraft) -> list[str]:
    """The words the post's page will show: its blocks, title, intro, author and tags."""
    post = draft.post
    assert post is not None
    head = [post.title, post.description, post.author, post.image_alt, *post.tags]
    return words_of(" ".join([*head, *block_texts(draft.blocks)]))


def word_coverage(draft: PostDraft) -> float:
    """The share of the post's body words on its page, from its blocks (no rendering)."""
    assert draft.post is not None
    return coverage(body_words(draft.post.body), page_words(draft))
