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
    fixed, explanation = fix_and_explain(line)
    fixes = [f"{step}:{arg}" for step, arg in explanation]
    fixed, emoji_fixes = repair_apple_logo_sequences(fixed)
    return fixed, tuple(fixes + emoji_fixes)


# ftfy's fixes after its encoding fix that FTFY_CONFIG turns on, in the order
# ``ftfy.fix_and_explain`` applies them. The two it applies around them, HTML entities before
# and Unicode normalisation after, are off.
LATER_FIXES = [
    (name, ftfy.FIXERS[name])
    for name in (
        "fix_c1_controls",
        "fix_latin_ligatures",
        "fix_character_width",
        "uncurl_quotes",
        "fix_line_breaks",
        "fix_surrogates",
        "remove_terminal_escapes",
        "remove_control_chars",
    )
    if getattr(FTFY_CONFIG, name)
]
assert not FTFY_CONFIG.unescape_html and FTFY_CONFIG.normalization is None
# What makes ftfy's encoding fix note steps that leave a text as it was (see fix_and_explain):
# C1 control characters, and the replacement character, which a lossy sequence it replaces
# becomes again.
STEPS_WITHOUT_CHANGE = re.compile("[\x80-\x9f\ufffd]")


def fix_and_explain(line: str) -> tuple[str, list[tuple[str, str]]]:
    """``ftfy.fix_and_explain(line, FTFY_CONFIG)``, without the pass that can change nothing.

    ftfy repeats its pass (the encoding fix, then LATER_FIXES) until the text comes out of it
    as it went in, so every line it repairs goes through it a second time, a third of a
    repair's work. The encoding fix itself repeats until it leaves the text alone, so when
    the later fixes change nothing after it, another pass would find nothing to do either,
    and is skipped. Not where the encoding fix notes steps that change nothing (which another
    pass would note again): with a C1 control character or a replacement character left in
    the text, the line is left to ftfy. ``tests/importer/test_stage_properties.py`` holds
    this to ftfy's result."""
    text, explanation = line, []
    while True:
        encoded, steps = ftfy.fix_encoding_and_explain(text, FTFY_CONFIG)
        explanation.extend(steps)
        fixed = encoded
        for name, fix in LATER_FIXES:
            if (after := fix(fixed)) != fixed:
                explanation.append(ftfy.ExplanationStep("apply", name))
                fixed = after
        if fixed == text:
            return fixed, explanation
        if fixed == encoded:
            if STEPS_WITHOUT_CHANGE.search(fixed):
                result = ftfy.fix_and_explain(line, FTFY_CONFIG)
                return result.text, result.explanation or []
            return fixed, explanation
        text = fixed


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
