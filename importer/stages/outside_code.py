"""Code is never touched: every rewrite of a post's Markdown text runs outside its code.

Template tags, kramdown attribute lists and MDX syntax all look like things people write in code
samples (``{:ok, head}`` is Elixir, ``{{ .Title }}`` is a Hugo layout). Each rewrite sets the
code aside first (``stash_code``), works on what is left, and puts the code back byte for byte
(``Stash.restore``). ``rewrite_outside_code`` does the three steps for a rewrite that needs
nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

STASH_OPEN, STASH_CLOSE = "\ue000", "\ue001"
STASH_TOKEN = re.compile(f"{STASH_OPEN}(\\d+){STASH_CLOSE}")
LITERAL_OPEN = re.compile(f"{STASH_OPEN}(\\d+{STASH_CLOSE})?")
BACKTICK_RUN = re.compile(r"`++")

# Only block structure is needed to find code (inline parsing, most of markdown-it's work, is
# left out); built once, shared by every post. MDX has no indented code (indentation there is
# JSX layout) and no HTML blocks (a ``<Note>`` line does not swallow the fence under it), so
# its parser leaves both rules out.
BLOCK_PARSER = MarkdownIt("commonmark").enable("table").disable("inline")
MDX_BLOCK_PARSER = (
    MarkdownIt("commonmark").enable("table").disable(["inline", "code", "html_block"])
)
# MDX also allows a fence at any indentation (inside nested components), which markdown-it
# would not read as one: those are found line by line.
FENCE_OPENING = re.compile(r"^[ \t>]*(`{3,}(?!.*`)|~{3,})")


@dataclass(slots=True)
class Stash:
    """Text set aside so that no rule touches it; ``restore`` puts it back verbatim.

    Text being worked on holds tokens where text was set aside; what is kept is stored as the
    post had it (tokens in it put back first), so putting it back is one pass that never reads
    what it put back."""

    items: list[str] = field(default_factory=list)

    def keep(self, text: str, *, literal: bool = False) -> str:
        """A token for ``text``: text being worked on, or, when ``literal``, text as written."""
        self.items.append(text if literal else self.restore(text))
        return f"{STASH_OPEN}{len(self.items) - 1}{STASH_CLOSE}"

    def protect(self, text: str) -> str:
        """Set aside the stash's own marker wherever the post itself has it (a private-use
        character, as icon fonts use), so that only real tokens are ever restored."""
        if STASH_OPEN not in text:
            return text
        kept_before = len(self.items)  # tokens this stash made earlier are real

        def protected(match: re.Match[str]) -> str:
            if match[1] and int(match[1][:-1]) < kept_before:
                return match.group()
            return self.keep(STASH_OPEN, literal=True) + (match[1] or "")

        return LITERAL_OPEN.sub(protected, text)

    def restore(self, text: str) -> str:
        if STASH_OPEN not in text:
            return text
        return STASH_TOKEN.sub(lambda m: self.items[int(m.group(1))], text)


def stash_code(text: str, stash: Stash, *, mdx: bool = False) -> str:
    """Set code blocks (fenced, and indented unless ``mdx``) and inline code spans aside.

    Block structure comes from markdown-it itself, so what counts as code here is exactly
    what the render stage will treat as code.
    """
    text = stash.protect(text)
    lines = text.split("\n")
    out: list[str] = []
    position = 0
    for start, end in code_line_ranges(text, mdx=mdx):
        out.extend(stash_inline_code(line, stash) for line in lines[position:start])
        out.append(stash.keep("\n".join(lines[start:end])))
        position = end
    out.extend(stash_inline_code(line, stash) for line in lines[position:])
    return "\n".join(out)


def code_line_ranges(text: str, *, mdx: bool = False) -> list[tuple[int, int]]:
    """The code blocks' lines: (first line, line after the last), 0-based, in order."""
    parser = MDX_BLOCK_PARSER if mdx else BLOCK_PARSER
    ranges = [
        (token.map[0], token.map[1])
        for token in parser.parse(text)
        if token.type in ("fence", "code_block") and token.map
    ]
    if mdx:
        ranges = merge_ranges(ranges + indented_fences(text.split("\n")))
    return ranges


def indented_fences(lines: list[str]) -> list[tuple[int, int]]:
    """Fenced code at any indentation: (first line, line after the last), as MDX reads it."""
    found: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        opening = FENCE_OPENING.match(lines[index])
        if not opening:
            index += 1
            continue
        fence = opening.group(1)
        closing = re.compile(rf"^[ \t>]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = next(
            (i for i in range(index + 1, len(lines)) if closing.match(lines[i])), len(lines) - 1
        )
        found.append((index, end + 1))
        index = end + 1
    return found


def merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def stash_inline_code(line: str, stash: Stash) -> str:
    if "`" not in line:
        return line
    out: list[str] = []
    position = 0
    for start, end in inline_code_spans(line):
        out.append(line[position:start])
        out.append(stash.keep(line[start:end]))
        position = end
    out.append(line[position:])
    return "".join(out)


def inline_code_spans(text: str) -> list[tuple[int, int]]:
    """Code spans as CommonMark reads them: a run of backticks up to the next run of the same
    length. A run with no such run after it is text, and the search goes on after it.

    One pass over the runs, each one's next run of its length found beforehand: a pattern
    that searched on from every unclosed run took minutes on a line of a few thousand."""
    runs = [(match.start(), match.end()) for match in BACKTICK_RUN.finditer(text)]
    next_same: list[int] = [-1] * len(runs)
    seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        next_same[index] = seen.get(length, -1)
        seen[length] = index
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        closing = next_same[index]
        if closing < 0:
            index += 1
            continue
        spans.append((runs[index][0], runs[closing][1]))
        index = closing + 1
    return spans


def rewrite_outside_code(text: str, rewrite: Callable[[str], str], *, mdx: bool = False) -> str:
    """``rewrite(text)`` applied to everything but the code in it."""
    stash = Stash()
    return stash.restore(rewrite(stash_code(text, stash, mdx=mdx)))
