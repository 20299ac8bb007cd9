"""Stage 2, repair: undo mojibake with ftfy and record every change.

The whole file is repaired, front matter included, because titles and descriptions are where
mojibake shows most. Typographic quotes are kept (``uncurl_quotes=False``) and every fixer
that could change clean text is off: HTML entities are left alone (``&lt;`` in a code sample
is meant), full-width characters are left alone (they are correct in Chinese and Japanese
text), and Unicode normalisation is not applied (it would rewrite clean text invisibly).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import ftfy

from importer.common import Repair

FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    normalization=None,
    explain=True,
)

# UTF-8 read as Mac Roman turns the lead byte of a four-byte sequence (every emoji) into
# U+F8FF, the Apple logo in Apple's private-use area, which ftfy's detector does not treat as
# mojibake; "👉" becomes "\uf8ffüëâ". The three characters after it re-encode to the
# continuation bytes. No real text puts those characters after an Apple logo.
APPLE_LOGO_SEQUENCE = re.compile("\uf8ff[^\\x00-\\x7f]{3}")

EXCERPT = 120


def repair_text(text: str, only: Iterable[int] | None = None) -> tuple[str, list[Repair]]:
    """Return the repaired text and one ``Repair`` per changed line; clean text is unchanged.

    With ``only``, just those lines (0-based) are repaired: each line is repaired on its own, so
    they come out as they would from the whole text."""
    lines = text.split("\n")
    repairs: list[Repair] = []
    for index in range(len(lines)) if only is None else sorted(only):
        line = lines[index]
        if line.isascii():
            continue  # mojibake always involves non-ASCII characters; skip ftfy's work
        fixed, fixes = repair_line(line)
        if fixed != line:
            lines[index] = fixed
            repairs.append(Repair(index + 1, line[:EXCERPT], fixed[:EXCERPT], fixes))
    return "\n".join(lines), repairs


def repair_line(line: str) -> tuple[str, tuple[str, ...]]:
    if len(line) > CACHED_LINE_CHARS:
        return fix_line(line)
    return fix_short_line(line)


def fix_line(line: str) -> tuple[str, tuple[str, ...]]:
    result = ftfy.fix_and_explain(line, config=FTFY_CONFIG)
    fixed = result.text
    fixes = [f"{step}:{arg}" for step, arg in (result.explanation or [])]
    fixed, emoji_fixes = repair_apple_logo_sequences(fixed)
    return fixed, tuple(fixes + emoji_fixes)


# A line's repair depends on the line alone, and short lines come back: a post's front matter
# is read for its outline and again in full, and a blog repeats its headings and sign-offs
# from post to post. Kept per process: at most 2,048 lines of up to 300 characters.
CACHED_LINE_CHARS = 300
fix_short_line = functools.lru_cache(maxsize=2048)(fix_line)


def repair_apple_logo_sequences(line: str) -> tuple[str, list[str]]:
    fixes: list[str] = []

    def decode(match: re.Match[str]) -> str:
        try:
            repaired = match.group().encode("mac_roman").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return match.group()
        if not fixes:
            fixes.extend(["encode:macroman", "decode:utf-8"])
        return repaired

    return APPLE_LOGO_SEQUENCE.sub(decode, line), fixes
