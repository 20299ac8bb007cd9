"""Whether a post's intro repeats the start of its body, so a page never shows the same words
twice. Pure text work, shared by the page (which then leaves the intro out) and the importer
(which reports it)."""

import functools
import html
import re

BLOCK_END = re.compile(r"</(?:p|li|h\d|blockquote)>|<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# Formatting marks (Markdown emphasis and code, quotes' and headings' leading marks): an intro
# written in Markdown reads the same as the rendered paragraph without them.
FORMATTING = re.compile(r"[*_`~#>]")
ELLIPSIS = re.compile(r"\s*\[?(?:\.\.\.|…)\]?$")
FIRST_PARAGRAPH = re.compile(r"<(p|li)\b[^>]*>(.*?)</\1>", re.IGNORECASE | re.DOTALL)
SENTENCE_END = " .!?:;,"
# A shorter intro that merely starts the paragraph ("Tips") is a summary, not a copy.
MIN_PREFIX_WORDS = 6
# The body's opening, where an intro printed again would be seen twice: its blocks before the
# first heading, of its first few (a note may come before the paragraph that repeats it).
OPENING_BLOCKS = 6
PARAGRAPH = re.compile(r"<p\b[^>]*>.*?</p>", re.IGNORECASE | re.DOTALL)


# A post's opening paragraphs are compared with its intro, its byline and its title, each
# reading the same paragraph: it is made comparable once.
@functools.lru_cache(maxsize=256)
def comparable_text(value: str) -> str:
    """Text without tags, Markdown formatting, case or runs of white space."""
    text = html.unescape(TAG.sub("", BLOCK_END.sub(" ", value)))
    text = FORMATTING.sub("", MARKDOWN_LINK.sub(r"\1", text))
    return " ".join(text.split()).casefold()


def intro_repeats_body(intro: str, paragraph_html: str) -> bool:
    """True if the intro is the body's first paragraph (stored rich text), or the start of it:
    cut short with "..." or "…" as excerpts are, or at a word's end and six words or more."""
    intro_text = comparable_text(intro)
    truncated = bool(ELLIPSIS.search(intro_text))
    intro_text = ELLIPSIS.sub("", intro_text).rstrip(SENTENCE_END)
    if not intro_text:
        return False
    first = FIRST_PARAGRAPH.search(paragraph_html)
    if first and comparable_text(first[2]).rstrip(SENTENCE_END) == intro_text:
        return True
    body_text = comparable_text(paragraph_html)
    if not body_text.startswith(intro_text):
        return False
    rest = body_text[len(intro_text) :]
    at_word_end = not rest or not rest[0].isalnum()
    return truncated or (at_word_end and len(intro_text.split()) >= MIN_PREFIX_WORDS)


def intro_repeats_opening(intro: str, blocks) -> bool:
    """True if the intro repeats the body's first paragraph (``intro_repeats_body``), or any
    paragraph of its opening (``opening_paragraphs``), or the start of one."""
    if not intro:
        return False
    if intro_repeats_body(intro, first_paragraph(blocks)):
        return True
    return any(intro_repeats_body(intro, paragraph) for paragraph in opening_paragraphs(blocks))


def opening_paragraphs(blocks) -> list[str]:
    """Each paragraph (``<p>``) of the paragraph blocks of a body's opening (its raw data): the
    blocks before its first heading, of its first ``OPENING_BLOCKS``."""
    found: list[str] = []
    for block in list(blocks)[:OPENING_BLOCKS]:
        if block["type"] == "heading":
            break
        if block["type"] == "paragraph" and isinstance(block["value"], str):
            found.extend(PARAGRAPH.findall(block["value"]))
    return found


def first_paragraph(blocks) -> str:
    """The stored rich text of the first paragraph block of a body's raw data."""
    for block in blocks:
        if block["type"] == "paragraph" and isinstance(block["value"], str):
            if comparable_text(block["value"]):
                return block["value"]
    return ""
