"""Rich text the editor's converter is known to leave unchanged, recognised without running it.

The convert stage passes each rich text block through Wagtail's editor converter (HTML ->
Draftail -> HTML, see ``RichTextNormaliser``), so that an editor who opens and saves the page
changes nothing. That round trip parses the HTML again and was a fifth of a post's pure
stages, yet for most text it gives back what it was given: paragraphs and flat lists of plain
text with bold, italic, code and links, written as the converter writes them. This module
recognises exactly that form, with one pattern, and the round trip is skipped for it.

What the form allows is what the converter's reader and writer keep as they are
(``HtmlToContentStateHandler`` in wagtail/admin/rich_text/converters/html_to_contentstate.py,
the string engine of draftjs_exporter):

- text without control characters, with single spaces, none at the start or end of a block
  (the reader collapses and moves spaces) and only ``&amp;``, ``&lt;`` and ``&gt;`` as
  references (what the writer escapes; it writes quotes as they are);
- ``<b>``, ``<i>``, ``<code>`` and ``<a href>`` holding such text, none inside another
  (Draftail keeps styles as ranges and writes links outermost), none empty or starting or
  ending with a space, and none straight after another (two ranges of a style would merge);
- link addresses that Wagtail's ``check_url`` keeps, with ``&amp;`` the only reference;
- blocks as the converter writes them: ``<p>`` and flat ``<ul>``/``<ol>`` items, each with
  its ``data-block-key``, one after another with nothing between, and never a list straight
  after a list (Draftail would join them into one).

A form the pattern does not match simply goes through the round trip.
``tests/importer/test_canonical_rich_text.py`` holds the pattern to the round trip on generated
text, both for what it accepts and near misses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

# A character of text: not markup, whitespace, a reference or a control or surrogate character.
CHARACTER = r"[^<>&\s\x00-\x1f\x7f-\x9f\ud800-\udfff]"
REFERENCE = r"&(?:amp|lt|gt);"
# A run of characters at a time: one character an alternation made rich text the pattern's
# slowest part.
WORD = rf"(?:{CHARACTER}++|{REFERENCE})++"
TEXT = rf"{WORD}(?: {WORD})*+"
"""Words with single spaces between them, none at either end."""
ADDRESS = r"""(?:https?://|mailto:|tel:|/|\#)(?:[^"'<>&\s\x00-\x1f\x7f-\x9f]|&amp;)*"""

INLINE_STYLES = {"bold": "b", "italic": "i", "code": "code"}
KEY = r'data-block-key="[0-9a-z]{1,12}"'


def inline_pattern(features: Collection[str]) -> str:
    """A block's content: text and elements taking turns, or text alone, with spaces only
    between words and around elements."""
    elements = [f"<{tag}>{TEXT}</{tag}>" for f, tag in INLINE_STYLES.items() if f in features]
    if "link" in features:
        elements.append(f'<a href="{ADDRESS}">{TEXT}</a>')
    if not elements:
        return TEXT
    element = f"(?:{'|'.join(elements)})"
    # Between two elements stands text, or one space, never nothing.
    between = rf"(?: (?:{TEXT} ?)?|{TEXT} ?)"
    return rf"(?:{TEXT} ?)?{element}(?:{between}{element})*(?: ?{TEXT})?|{TEXT}"


def block_pattern(features: Collection[str]) -> str:
    inline = f"(?:{inline_pattern(features)})"
    blocks = [f"<p {KEY}>{inline}</p>"]
    for kind in ("ul", "ol"):
        if kind in features:
            # Two lists straight after one another would become one list.
            blocks.append(f"<{kind}>(?:<li {KEY}>{inline}</li>)+</{kind}>(?!<[ou]l>)")
    return f"(?:{'|'.join(blocks)})+"


def canonical_test(features: Collection[str]) -> Callable[[str], bool]:
    """Whether rich text is in the form the editor's converter, with these features, gives
    back unchanged."""
    pattern = re.compile(block_pattern(features))
    return lambda html: pattern.fullmatch(html) is not None
