"""Every rewrite of a post's text takes time linear in its length.

Each case is a stage's function and the text that once made one of its patterns search on from
every position (an opening that is never closed, repeated): the function is timed on that text
at a size and at four times it. Linear work takes about four times as long; the patterns these
cases stand for took sixteen times (quadratic) or more, minutes at a few tens of KB.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from importer.common import RunOptions
from importer.export.files import PAGE_LINK
from importer.run.analyze import Analysis, scan_templates, without_code
from importer.run.coverage import block_texts, body_words
from importer.stages.convert import RichTextNormaliser, convert_html
from importer.stages.expand import expand_templates
from importer.stages.mdx import expand_mdx, image_imports
from importer.stages.outside_code import Stash, stash_code
from importer.stages.parse import parse_post
from importer.stages.parse.front_matter import split_front_matter
from importer.stages.render import build_parser, render_markdown, strip_kramdown
from importer.stages.repair import repair_text
from importer.write.svg import loads_something

SIZE = 10_000
# Four times the text may take this many times as long (linear: about 4; quadratic: 16),
# plus a little for a busy machine's noise on short times.
MOST_RATIO = 10
NOISE = 0.05
# A function that takes longer than this at the smaller size has failed already.
MOST_SECONDS = 2.0


def expand(text: str) -> object:
    return expand_templates(text, {"title": "x"})


def mdx(text: str) -> object:
    return expand_mdx(text, image_imports(text))


def stash(text: str) -> object:
    return stash_code(text, Stash())


def render(text: str) -> object:
    return render_markdown(text, PARSER)


def convert(text: str) -> object:
    options = RunOptions()
    normaliser = RichTextNormaliser(options.paragraph_features, options.quote_features)
    return convert_html(text, options, normaliser)


def front_matter(text: str) -> object:
    try:
        return split_front_matter(text)
    except Exception:  # noqa: BLE001 - only the time is measured here
        return None


def parse(text: str) -> object:
    try:
        return parse_post(text, Path("post.md"), RunOptions())
    except Exception:  # noqa: BLE001 - only the time is measured here
        return None


def analyze(text: str) -> object:
    return scan_templates(text, {}, Analysis(plan=None), [])


PARSER = build_parser()

Text = str | tuple[str, str, str]
"""A unit the text repeats, or (head, a unit repeated, tail)."""

CASES: list[tuple[str, Callable[[str], object], Text]] = [
    # the kramdown attribute list, its bare value running on over the next ones
    ("kramdown value", strip_kramdown, "{:x="),
    ("kramdown on a heading", strip_kramdown, "## a {:x="),
    ("kramdown heading spaces", strip_kramdown, "## a" + " " * 2000 + "x\n"),
    ("kramdown spaces", strip_kramdown, "{:a" + " " * 200),
    # inline code: unclosed runs of backticks of different lengths
    ("inline code runs", stash, "``` `` ` "),
    ("inline code single", stash, "` "),
    ("inline code in render", render, "``` `` ` "),
    ("heading id spaces", render, ("## a", " ", "x")),
    # template tags never closed
    ("hugo shortcode", expand, "{{< a "),
    ("hugo shortcode args", expand, "{{<  /aaxx"),
    ("hugo escaped", expand, "{{</* "),
    ("hugo paired", expand, "{{< a >}}{{< /a "),
    ("hugo code", expand, "{{< highlight go >}}\n"),
    ("liquid tag", expand, "{% x "),
    ("liquid paired", expand, "{% note %}{% endnote "),
    ("liquid code", expand, "{% highlight ruby %}\n"),
    ("liquid raw", expand, "{% raw %}"),
    ("liquid output", expand, "{{ x "),
    ("link to variable", expand, "[x]({{ a "),
    ("link text", expand, "[x {{ a }}"),
    ("closing spaces", expand, "{{ x }}\t\t"),
    ("hugo shortcode spaces", expand, ("{{< a", " ", "x >}}")),
    ("hugo paired spaces", expand, ("{{< a", " ", "x >}}b{{< /a >}}")),
    ("liquid output spaces", expand, ("{{ a", " ", "x }}")),
    ("liquid code spaces", expand, ("{% highlight ruby %}\n", " ", "x\n{% endhighlight %}")),
    ("hugo code spaces", expand, ("{{< highlight go >}}\n", " ", "x\n{{< /highlight >}}")),
    ("code closing tabs", expand, ("{% highlight ruby %}\n", "\t", "x")),
    ("link spaces", expand, ("[a]({{ a", " ", "x }})")),
    # MDX: comments, strings and components never closed
    ("mdx comment", mdx, "{/* "),
    ("mdx string", mdx, '<A b="'),
    ("mdx template string", mdx, "<A b={`"),
    ("mdx component", mdx, "<Note "),
    ("mdx spaces", mdx, "<A b={ " + " " * 50),
    ("mdx require", mdx, "<img src={require( "),
    ("mdx expression", mdx, "{ "),
    # HTML in the body
    ("html tags", convert, "<a "),
    ("html comments", convert, "<!-- "),
    ("html spaces", convert, "<p>" + " " * 100 + "</p>"),
    ("booking label spaces", convert, ("<p><a href='/book/'>Book", " ", "now</a></p>")),
    # front matter
    ("front matter js", front_matter, "---js\nconst a = " + "x" * 50),
    ("front matter yaml", front_matter, "---\n" + "a: b\n"),
    ("post title", parse, "# a " + " " * 100),
    # the word coverage of the report and the analysis
    ("coverage tags", body_words, "{% x "),
    ("coverage output", body_words, "{{ x "),
    ("coverage comments", body_words, "<!-- "),
    ("coverage escaped", body_words, "{{</* x */>}"),
    ("coverage scripts", body_words, "<script "),
    ("coverage tag", body_words, "</A "),
    ("coverage links", body_words, "](x "),
    ("analysis tags", analyze, "{% a1 %} "),
    ("analysis shortcodes", analyze, "{{< a >}} "),
    ("analysis images", analyze, "{{ x }}<img "),
    ("analysis code", without_code, "```\n"),
    ("repair", lambda text: repair_text(text), "\uf8ff\u00e9"),
    ("coverage rich text", lambda text: list(block_texts(text)), "<b "),
    # links between pages in the stored rich text, read by the export
    ("export links", PAGE_LINK.findall, "<a "),
    # the CSS of an SVG picture, checked for what it loads
    ("svg style comments", loads_something, "/*x"),
]


def cpu_seconds(function: Callable[[str], object], text: str) -> float:
    """The least CPU time of a few runs (the least is the one a busy machine disturbed least)."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        function(text)
        best = min(best, time.process_time() - start)
        if best > MOST_SECONDS:
            break
    return best


def repeated(unit: Text, size: int) -> str:
    if isinstance(unit, tuple):
        head, filler, tail = unit
        return head + filler * size + tail
    return (unit * (size // len(unit) + 1))[:size]


@pytest.mark.parametrize(("function", "unit"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_time_grows_linearly(function: Callable[[str], object], unit: Text) -> None:
    small = cpu_seconds(function, repeated(unit, SIZE))
    assert small < MOST_SECONDS, f"{SIZE} characters took {small:.1f} s"
    large = cpu_seconds(function, repeated(unit, 4 * SIZE))
    assert large < MOST_RATIO * small + NOISE, (
        f"{SIZE} characters took {small:.3f} s, four times as many {large:.3f} s"
    )
