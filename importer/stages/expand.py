"""Stage 4, expand: template syntax in the Markdown becomes Markdown or plain HTML.

Static sites run their posts through a template language before Markdown: Liquid (Jekyll),
Nunjucks (Eleventy), Hugo shortcodes and Hexo tag plugins. The common tags are converted to
what they rendered (figures, videos, code blocks, links between posts: see
``importer.generators.tags``); an unknown tag that names an image file becomes a figure, other
unknown tags are dropped, each with a warning that names it; ``{% raw %}`` and Hugo's escaped
``{{</* */>}}`` stay literal. Code is never touched: old sites did not expand tags inside
fenced code or inline code spans either (Hugo and Hexo skip them; Jekyll authors wrap them in
``raw``). MDX posts are expanded by ``importer.stages.mdx.expand`` instead.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from importer.generators.tags import disarm_post_links, shortcode_args, split_args
from importer.stages.outside_code import Stash, code_line_ranges, stash_code
from importer.stages.tags import (
    CODE_SHORTCODE_NAMES,
    CODE_TAG_NAMES,
    PAIRED_TAG_NAMES,
    hugo_paired,
    hugo_shortcode,
    liquid_paired,
    liquid_tag,
)

RAW_BLOCK = re.compile(r"{%-?\s*raw\s*-?%}(.*?){%-?\s*endraw\s*-?%}", re.DOTALL)
ESCAPED_SHORTCODE = re.compile(r"{{([<%])/\*(.*?)\*/([>%])}}", re.DOTALL)

# Paired tags whose content is code (see fence_code_tags).
LIQUID_CODE_BLOCK = re.compile(
    rf"^(?P<indent>[ \t]*){{%-?\s*(?P<name>{CODE_TAG_NAMES})\b(?P<args>[^%]*?)-?%}}[ \t]*\n"
    r"(?P<body>.*?)(?:\n|(?<![ \t]))[ \t]*+{%-?\s*end(?P=name)\s*-?%}[ \t]*$",
    re.DOTALL | re.MULTILINE,
)
HUGO_CODE_BLOCK = re.compile(
    rf"^(?P<indent>[ \t]*){{{{[<%]\s*(?P<name>{CODE_SHORTCODE_NAMES})\b(?P<args>.*?)[>%]}}}}"
    r"[ \t]*\n(?P<body>.*?)(?:\n|(?<![ \t]))[ \t]*+{{[<%]\s*/\s*(?P=name)\s*[>%]}}[ \t]*$",
    re.DOTALL | re.MULTILINE,
)
HUGO_PAIRED = re.compile(
    r"{{([<%])\s*(?P<name>[\w-]+)(?P<args>[^>%]*?)(?<!\s)\s*+[>%]}}"
    r"(?P<body>.*?){{[<%]\s*/\s*(?P=name)\s*[>%]}}",
    re.DOTALL,
)
# An argument list or expression never ends inside a run of spaces (the spaces before the tag's
# end are read once, from the run's start): tried from every space of a long run, the tag took
# time quadratic in the run's length. The closing patterns below start at a run's start too.
HUGO_SINGLE = re.compile(r"{{([<%])\s*(?P<name>/?[\w-]+)(?P<args>.*?)(?<!\s)\s*+[>%]}}", re.DOTALL)
LIQUID_PAIRED = re.compile(
    rf"{{%-?\s*(?P<name>{PAIRED_TAG_NAMES})\b"
    r"(?P<args>[^%]*?)-?%}(?P<body>.*?){%-?\s*end(?P=name)\s*-?%}",
    re.DOTALL,
)
LIQUID_TAG = re.compile(r"{%-?\s*(?P<name>[\w-]+)(?P<args>.*?)-?%}", re.DOTALL)
LIQUID_OUTPUT = re.compile(r"{{-?\s*+(?P<expr>(?:(?!-?}})\S.*?(?<!\s))?)\s*+-?}}", re.DOTALL)
# A Markdown link whose address starts with a variable: ``[#12]({{ site.repository }}/issues/12)``.
# The expression is words between spaces, none of them a brace or bracket, and the text and the
# address hold no bracket: every part stops at the next one, possessively, so a long line of such
# links left unclosed costs time linear in its length (searching on from each took minutes).
LINK_TO_VARIABLE = re.compile(
    r"\[(?P<text>[^\[\]\n]*+)\]\(\s*+{{-?\s*+"
    r"(?P<expr>(?:[^\s{}\[\]-]|-(?!}}))++(?:\s++(?!-?}})(?:[^\s{}\[\]-]|-(?!}}))++)*+)"
    r"\s*+-?}}[^)\s{}\[\]]*+\)"
)

# The opening and closing tags of the paired patterns above, found on their own so that a tag
# is only tried where its closing tag follows (see sub_paired).
RAW_OPEN = re.compile(r"{%-?\s*(?P<name>raw)\s*-?%}")
RAW_CLOSE = re.compile(r"{%-?\s*end(?P<name>raw)\s*-?%}")
ESCAPED_OPEN = re.compile(r"{{[<%]/\*(?P<name>)")
ESCAPED_CLOSE = re.compile(r"\*/[>%]}}(?P<name>)")
LIQUID_CODE_OPEN = re.compile(
    rf"^[ \t]*{{%-?\s*(?P<name>{CODE_TAG_NAMES})\b[^%]*?-?%}}[ \t]*\n", re.MULTILINE
)
LIQUID_CODE_CLOSE = re.compile(
    rf"(?<![ \t])[ \t]*+{{%-?\s*end(?P<name>{CODE_TAG_NAMES})\s*-?%}}[ \t]*$", re.MULTILINE
)
HUGO_CODE_OPEN = re.compile(
    rf"^[ \t]*{{{{[<%]\s*(?P<name>{CODE_SHORTCODE_NAMES})\b[^\n]*?[>%]}}}}[ \t]*\n", re.MULTILINE
)
HUGO_CODE_CLOSE = re.compile(
    rf"(?<![ \t])[ \t]*+{{{{[<%]\s*/\s*(?P<name>{CODE_SHORTCODE_NAMES})\s*[>%]}}}}[ \t]*$",
    re.MULTILINE,
)
HUGO_OPEN = re.compile(r"{{[<%]\s*(?P<name>[\w-]+)[^>%]*+[>%]}}")
HUGO_CLOSE = re.compile(r"{{[<%]\s*/\s*(?P<name>[\w-]+)\s*[>%]}}")
LIQUID_OPEN = re.compile(rf"{{%-?\s*(?P<name>{PAIRED_TAG_NAMES})\b[^%]*?-?%}}")
LIQUID_CLOSE = re.compile(rf"{{%-?\s*end(?P<name>{PAIRED_TAG_NAMES})\s*-?%}}")

# A JSX object as an HTML attribute's value (``style={{ color: 'green' }}``, from a post
# written for MDX): not Liquid output, and it styles the element only; it goes, and the
# element stays an element (with it, Markdown showed the tag as text).
JSX_OBJECT_ATTRIBUTE = re.compile(
    r"""(?<=\s)[A-Za-z][\w:-]*=\{\{\s*(?:[\w$]+|"[^"\n]*"|'[^'\n]*')\s*:[^{}\n]*\}\}(?=[\s/>])"""
)
QUOTED = re.compile(r"""^(["'])(.*)\1$""", re.DOTALL)


@dataclass(slots=True)
class Expansion:
    """Working state of one expansion: stashed literal text and the warnings so far."""

    variables: dict[str, Any]
    stash: Stash = field(default_factory=Stash)
    warnings: list[str] = field(default_factory=list)

    def keep(self, text: str) -> str:
        """Set text aside so that no later rule touches it; it returns verbatim at the end."""
        return self.stash.keep(text)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


def expand_templates(markdown: str, variables: dict[str, Any]) -> tuple[str, list[str]]:
    """Return Markdown free of template syntax, and a warning per tag that was dropped."""
    warnings: list[str] = []
    markdown = disarm_post_links(markdown, warnings)
    if "{%" not in markdown and "{{" not in markdown:
        return markdown, warnings
    state = Expansion(variables, warnings=warnings)
    text = state.stash.protect(markdown)
    text = sub_paired(RAW_BLOCK, RAW_OPEN, RAW_CLOSE, lambda m: state.keep(m.group(1)), text)
    text = sub_paired(
        ESCAPED_SHORTCODE,
        ESCAPED_OPEN,
        ESCAPED_CLOSE,
        lambda m: state.keep(f"{{{{{m[1]}{m[2]}{m[3]}}}}}"),
        text,
    )
    text = fence_code_tags(text, state)
    text = stash_code(text, state.stash)
    text = JSX_OBJECT_ATTRIBUTE.sub("", text) if "={{" in text else text
    text = sub_paired(
        HUGO_PAIRED, HUGO_OPEN, HUGO_CLOSE, lambda m: hugo_paired(m, state.warn), text
    )
    text = sub_closed(HUGO_SINGLE, (">}}", "%}}"), lambda m: hugo_shortcode(m, state.warn), text)
    for _ in range(3):  # paired tags may nest (a note inside a callout)
        text = sub_paired(
            LIQUID_PAIRED, LIQUID_OPEN, LIQUID_CLOSE, lambda m: liquid_paired(m, state.warn), text
        )
    text = sub_closed(LIQUID_TAG, ("%}",), lambda m: liquid_tag(m, state.warn), text)
    text = LINK_TO_VARIABLE.sub(lambda m: link_to_variable(m, state), text)
    text = sub_closed(LIQUID_OUTPUT, ("}}",), lambda m: liquid_output(m, state), text)
    return state.stash.restore(text), state.warnings


Replacement = Callable[[re.Match[str]], str]


def sub_paired(
    pattern: re.Pattern[str],
    opening: re.Pattern[str],
    closing: re.Pattern[str],
    replace: Replacement,
    text: str,
) -> str:
    """``pattern.sub(replace, text)`` for a pattern of an opening tag, a body and a closing
    tag of the same name, in time linear in the text.

    The pattern alone tries every opening tag and searches the rest of the text for its
    closing tag: a post with thousands of tags that are never closed (Hugo's own single
    shortcodes look like openings) took hours. Here it is only tried at openings with a
    closing tag of their name somewhere after them, where it stops at the first."""
    last_closing: dict[str, int] = {}
    for match in closing.finditer(text):
        last_closing[match.group("name")] = match.start()
    if not last_closing:
        return text
    out: list[str] = []
    position = 0
    for candidate in opening.finditer(text):
        start = candidate.start()
        if start < position or last_closing.get(candidate.group("name"), -1) < candidate.end():
            continue
        match = pattern.match(text, start)
        if match is None:
            continue
        out.append(text[position:start])
        out.append(replace(match))
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def sub_closed(
    pattern: re.Pattern[str], closers: tuple[str, ...], replace: Replacement, text: str
) -> str:
    """``pattern.sub(replace, text)`` for a tag that ends at the first of `closers`, in time
    linear in the text: tags opened after the last closer (which the pattern would each
    search to the end of the text for) are left as they are, as the pattern leaves them."""
    ends = [text.rfind(closer) + len(closer) for closer in closers if closer in text]
    if not ends:
        return text
    end = max(ends)
    return pattern.sub(replace, text[:end]) + text[end:]


def fence_code_tags(text: str, state: Expansion) -> str:
    """Liquid's ``highlight`` (Hexo's ``codeblock``) and Hugo's ``highlight`` shortcode
    become fenced code, set aside: code is never touched."""
    for pattern, opening, closing, language_of in (
        (LIQUID_CODE_BLOCK, LIQUID_CODE_OPEN, LIQUID_CODE_CLOSE, liquid_language),
        (HUGO_CODE_BLOCK, HUGO_CODE_OPEN, HUGO_CODE_CLOSE, hugo_language),
    ):
        fenced = unless_in_code(text, partial(code_fence, state, language_of))
        text = sub_paired(pattern, opening, closing, fenced, text)
    return text


def unless_in_code(text: str, replace: Replacement) -> Replacement:
    """`replace`, except for a tag that starts inside a code block of `text`: there it is a
    sample of the tag, shown as written (Hexo fences code before it reads tags, and a post
    that shows a tag in a fence means it to be read). The code blocks are only looked for
    once a tag is found: most posts have none."""
    starts: list[int] = []
    ends: list[int] = []

    def replace_outside_code(match: re.Match[str]) -> str:
        if not starts:
            spans = code_spans(text) or [(-1, -1)]
            starts.extend(start for start, _ in spans)
            ends.extend(end for _, end in spans)
        # The last code block starting at or before the tag: found by halving, so a post of
        # many tags takes time linear in its length.
        index = bisect_right(starts, match.start()) - 1
        if index >= 0 and match.start() < ends[index]:
            return match.group()
        return replace(match)

    return replace_outside_code


def code_spans(text: str) -> list[tuple[int, int]]:
    """The code blocks of `text` as (first character, character after the last), in order."""
    line_starts = [0, *(newline.end() for newline in re.finditer("\n", text)), len(text)]
    return [(line_starts[first], line_starts[end]) for first, end in code_line_ranges(text)]


def code_fence(state: Expansion, language_of: Callable[[str], str], match: re.Match[str]) -> str:
    """The code tag as fenced code, set aside (a token for it in the text)."""
    indent = match.group("indent")
    lines = match.group("body").split("\n")
    # The tag's own indentation (inside a list item) is not part of the code.
    body = "\n".join(line[len(indent) :] if line.startswith(indent) else line for line in lines)
    marker = "~~~~" if "```" in body else "```"
    fenced = f"{marker}{language_of(match.group('args'))}\n{body}\n{marker}"
    return state.keep("\n".join(indent + line if line else line for line in fenced.split("\n")))


def liquid_language(args: str) -> str:
    """``{% highlight ruby linenos %}`` and Hexo's ``{% codeblock title lang:js %}``."""
    words = split_args(args)
    for word in words:
        if word.startswith("lang:"):
            return word[5:]
    if words and ":" not in words[0] and "=" not in words[0] and "://" not in words[0]:
        return words[0] if len(words) == 1 or words[1] in ("linenos",) else ""
    return ""


def hugo_language(args: str) -> str:
    attrs, positional = shortcode_args(args)
    if "lang" in attrs:
        return attrs["lang"]
    if positional:
        return positional[0]
    return "toml" if "file" in attrs else ""


def link_to_variable(match: re.Match[str], state: Expansion) -> str:
    """Without the variable the address would point nowhere on the new site; keep the text."""
    if variable_value(match.group("expr"), state.variables) is not None:
        return match.group()
    state.warn(
        f"Template variable '{match.group('expr').split('|', 1)[0].strip()}' has no value "
        "here; the link to it was removed and its text kept."
    )
    return match.group("text")


def variable_value(expr: str, variables: dict[str, Any]) -> str | None:
    path = expr.split("|", 1)[0].strip()
    literal = QUOTED.match(path)
    if literal:  # {{ "https://..." | someFilter }} prints the string itself
        return literal.group(2)
    value: Any = variables
    for part in path.removeprefix("page.").split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def liquid_output(match: re.Match[str], state: Expansion) -> str:
    """``{{ title }}`` prints a front matter value; anything else needs the old site's data."""
    value = variable_value(match.group("expr"), state.variables)
    if value is not None:
        # Front matter text, whatever characters it holds, is text: no token, no post link.
        return state.stash.keep(disarm_post_links(value, state.warnings), literal=True)
    path = match.group("expr").split("|", 1)[0].strip()
    state.warn(f"Template variable '{path}' has no value here and was removed.")
    return ""
