"""Generated text thrown at each pure stage: whatever a post holds, a stage either does its
work or fails the post with the importer's own error (``ImporterError``, or ``NotAPost`` for a
page that is not a post), never another exception, and within a time budget.

Hypothesis builds the texts from the pieces each stage reads (front matter fences, template
tags, Markdown, MDX and HTML syntax), mixed with arbitrary characters. The examples are the same
on every run (``derandomize``) and nothing is stored between runs, so a failure is reproduced by
running the test again.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import ftfy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importer.common import ImporterError, RunOptions
from importer.common.errors import NotAPost
from importer.stages.convert import RichTextNormaliser, convert_html
from importer.stages.convert.html_tree import collapse
from importer.stages.expand import expand_templates
from importer.stages.mdx import expand_mdx, exported_meta, image_imports
from importer.stages.parse import parse_post
from importer.stages.parse.front_matter import split_front_matter
from importer.stages.read import BINARY_BYTES, decode_bytes, is_binary
from importer.stages.render import build_parser, render_markdown
from importer.stages.repair import FTFY_CONFIG, fix_and_explain, repair_text

# Each example must finish within this (far more than any of them needs), all of them in a few
# seconds per stage.
STAGE_SETTINGS = settings(
    max_examples=60,
    deadline=timedelta(seconds=2),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
OWN_ERRORS = (ImporterError, NotAPost)

FRONT_MATTER = ["---\n", "---js\n", "+++\n", ";;;\n", "title: ", "date: 2024-01-0", "tags: [",
                "- a\n", "const title = ", "{", "}", '"', "'", ": ", "&a ", "*a", "!!python/", "\n",
                "title = ", "[", "]", "\t", "---\n---\n"]  # fmt: skip
MARKDOWN = ["# ", "## ", "{: #a}", "{:x=", "{#id}", "`", "```", "~~~", "    ", "> ", "- ", "1. ",
            "[a](", "](", ")", "![", "*", "_", "|", "---", "[^1]", "[^1]: ", "<div>", "</div>",
            "\\", "&amp;", "\n", "\n\n", " ", "\t", "\ue000", "\ue0010\ue001"]  # fmt: skip
TEMPLATES = ["{%", "%}", "{{", "}}", "{{<", ">}}", "{{%", "%}}", "{{</*", "*/>}}", "raw",
             "endraw", " highlight ", " endhighlight ", "figure", "/figure", "note", "endnote",
             "{% include a.html %}", "{{ title }}", "-", " src=", '"a.png"', " | "]  # fmt: skip
MDX = ["<Note>", "</Note>", "<A b={", "}", "{/*", "*/}", "/>", "<", ">", "export const meta = {",
       "import a from './a.png'\n", "`", "${", "{", "'", '"', "=", "require(", ")"]  # fmt: skip
HTML = ["<p>", "</p>", "<a href=", '"javascript:x"', ">", "</a>", "<img src=", "<!--", "-->",
        "<script>", "</script>", "<table><tr><td>", "<ul><li>", "<![CDATA[", "]]>", "&lt;", "<",
        "<h2 id=", "<pre><code>", "</code></pre>", "<blockquote>", "<br>",
        "<iframe src="]  # fmt: skip


def text_of(*pieces: list[str]) -> st.SearchStrategy[str]:
    """Texts made of the given pieces and arbitrary characters, in any order."""
    piece = st.one_of(*(st.sampled_from(group) for group in pieces), st.text(max_size=4))
    return st.lists(piece, max_size=40).map("".join)


PARSER = build_parser()
OPTIONS = RunOptions()
NORMALISER = RichTextNormaliser(OPTIONS.paragraph_features, OPTIONS.quote_features)


def own_errors_only(stage, *args, **kwargs):
    try:
        return stage(*args, **kwargs)
    except OWN_ERRORS:
        return None


@STAGE_SETTINGS
@given(st.binary(max_size=200) | text_of(FRONT_MATTER, MARKDOWN).map(str.encode))
def test_read(raw: bytes) -> None:
    own_errors_only(decode_bytes, raw)


@STAGE_SETTINGS
@given(
    st.binary(max_size=64) | st.lists(st.sampled_from(b"\x00\x06\x07\x0d\x0e\x17\x18a")).map(bytes)
)
def test_binary_test_finds_any_binary_byte(head: bytes) -> None:
    assert is_binary(head) == any(byte in BINARY_BYTES for byte in head)


@STAGE_SETTINGS
@given(text_of(MARKDOWN, ["Itâ€™s", "Ã©", "\uf8ff\u00e9\u00e9\u00e9", "ðŸ‘‰"]))
def test_repair(text: str) -> None:
    repaired, _repairs = repair_text(text)
    assert isinstance(repaired, str)


# What each of ftfy's fixes acts on: mojibake once and twice over, C1 controls (those
# Windows-1252 leaves undefined too), line breaks, surrogates, terminal escapes, controls.
MOJIBAKE = ["Itâ€™s", "Ã©", "Ã¢â‚¬â„¢", "â€", "Ã", "\xa0", "voilÃ le", "Ã ", "\uf8ff\u00e9",
            "ðŸ‘‰", "\x81", "\x93", "\x9d", "\x80", "\r", "\r\n", "\u2028", "\x85", "\ud83d",
            "\x1b[31m", "\x1b", "\x00", "\x7f", "ﬁ", "Ａ", "’", "é", "ä¸­", "Ð¿Ñ€Ð¸"]  # fmt: skip


@settings(STAGE_SETTINGS, max_examples=500)
@given(text_of(MOJIBAKE))
def test_repair_skips_only_passes_that_change_nothing(line: str) -> None:
    expected = ftfy.fix_and_explain(line, FTFY_CONFIG)
    assert fix_and_explain(line) == (expected.text, expected.explanation)


@STAGE_SETTINGS
@given(text_of([" ", "  ", "\n", "\t", "\r", "\f", "\xa0", "\u2028", "a"]))
def test_collapse_is_the_html_white_space_pattern(text: str) -> None:
    assert collapse(text) == re.sub(r"[ \t\r\n\f]+", " ", text)


@STAGE_SETTINGS
@given(text_of(FRONT_MATTER, MARKDOWN))
def test_front_matter(text: str) -> None:
    own_errors_only(split_front_matter, text)


@STAGE_SETTINGS
@given(text_of(FRONT_MATTER, MARKDOWN, TEMPLATES))
def test_parse(text: str) -> None:
    own_errors_only(parse_post, text, Path("2024-01-02-post.md"), OPTIONS)


@STAGE_SETTINGS
@given(text_of(TEMPLATES, MARKDOWN))
def test_expand_templates(text: str) -> None:
    own_errors_only(expand_templates, text, {"title": "A title"})


@STAGE_SETTINGS
@given(text_of(MDX, MARKDOWN))
def test_expand_mdx(text: str) -> None:
    own_errors_only(expand_mdx, text, own_errors_only(image_imports, text))


@STAGE_SETTINGS
@given(text_of(MDX, FRONT_MATTER))
def test_mdx_meta(text: str) -> None:
    own_errors_only(exported_meta, text)


@STAGE_SETTINGS
@given(text_of(MARKDOWN, HTML))
def test_render(text: str) -> None:
    own_errors_only(render_markdown, text, PARSER)


@STAGE_SETTINGS
@given(text_of(HTML, MARKDOWN))
def test_convert(text: str) -> None:
    own_errors_only(convert_html, text, OPTIONS, NORMALISER, title="A title", intro="An intro")


@pytest.mark.parametrize("source", ["markdown", "html"])
@STAGE_SETTINGS
@given(data=st.data())
def test_render_then_convert(source: str, data: st.DataObject) -> None:
    """What the render stage makes of a text, the convert stage takes."""
    text = data.draw(text_of(MARKDOWN, HTML, TEMPLATES) if source == "markdown" else text_of(HTML))
    html = own_errors_only(render_markdown, text, PARSER)
    if html is not None:
        own_errors_only(convert_html, html, OPTIONS, NORMALISER)
