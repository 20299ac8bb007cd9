"""The form of rich text the convert stage stores without the editor's round trip
(``importer.stages.convert.canonical``) is held to that round trip on generated text.

Two kinds of examples: text built in that form, which must be recognised and come back from
Wagtail's own converter unchanged; and text built from the same pieces and many near misses
(double spaces, nested or adjacent elements, quotes written as references, unsafe addresses,
lists straight after lists, nested lists, blocks without keys), which may or may not be
recognised, but when it is, must come back unchanged too. The examples are the same on every
run (``derandomize``).
"""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from blog.blocks import PARAGRAPH_FEATURES, QUOTE_FEATURES
from importer.stages.convert import RichTextNormaliser
from importer.stages.convert.canonical import canonical_test

from .test_stage_properties import STAGE_SETTINGS

PROPERTY_SETTINGS = settings(STAGE_SETTINGS, max_examples=200)
FEATURE_SETS = {"paragraph": PARAGRAPH_FEATURES, "quote": QUOTE_FEATURES}


def editor_round_trip(html: str, features: list[str]) -> str:
    """What the admin stores when an editor opens rich text and saves it unchanged."""
    converter = ContentstateConverter(list(features))
    return converter.to_database_format(converter.from_database_format(html))


# -- text in the recognised form ---------------------------------------------------------------

WORDS = st.lists(
    st.one_of(
        st.text(
            st.characters(
                exclude_categories=["Cc", "Cs", "Zs", "Zl", "Zp"], exclude_characters="<>&"
            ),
            min_size=1,
            max_size=6,
        ),
        st.sampled_from(["&amp;", "&lt;", "&gt;", '"', "'", "é", "’", "👉", "&amp;b"]),
    ),
    min_size=1,
    max_size=4,
).map("".join)
TEXT = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
ADDRESSES = st.sampled_from(
    ["https://clinic.example.com/book/", "http://a.example/?x=1&amp;y=2", "/blog/neck/", "#top",
     "mailto:front@clinic.example.com", "tel:+15875550100", "/"]
)  # fmt: skip
KEYS = st.integers(0, 0xFFFFF).map(lambda n: f"{n:05x}")


@st.composite
def canonical_inline(draw, features):
    tags = [
        tag
        for feature, tag in (("bold", "b"), ("italic", "i"), ("code", "code"))
        if feature in features
    ]
    if "link" in features:
        tags.append("a")
    parts = []
    if draw(st.booleans()) or not tags:
        parts.append(draw(TEXT))
    for _ in range(draw(st.integers(0, 3)) if tags else 0):
        if parts:
            parts.append(draw(st.sampled_from([" ", "", f" {draw(TEXT)} ", f"{draw(TEXT)} "])))
            if parts[-1] == "" and parts[-2].endswith(">"):
                parts[-1] = " "  # two elements never touch
        tag = draw(st.sampled_from(tags))
        opening = f'<a href="{draw(ADDRESSES)}">' if tag == "a" else f"<{tag}>"
        parts.append(f"{opening}{draw(TEXT)}</{tag}>")
    if draw(st.booleans()) or not parts:
        parts.append(draw(st.sampled_from([" ", ""])) + draw(TEXT))
    return "".join(parts).strip(" ")


@st.composite
def canonical_blocks(draw, features):
    blocks, last_list = [], False
    for _ in range(draw(st.integers(1, 4))):
        kinds = ["p"] + [k for k in ("ul", "ol") if k in features and not last_list]
        kind = draw(st.sampled_from(kinds))
        if kind == "p":
            blocks.append(
                f'<p data-block-key="{draw(KEYS)}">{draw(canonical_inline(features))}</p>'
            )
        else:
            items = draw(st.lists(canonical_inline(features), min_size=1, max_size=3))
            lis = "".join(f'<li data-block-key="{draw(KEYS)}">{item}</li>' for item in items)
            blocks.append(f"<{kind}>{lis}</{kind}>")
        last_list = kind != "p"
    return "".join(blocks)


@pytest.mark.parametrize("kind", FEATURE_SETS)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_text_in_the_form_is_recognised_and_unchanged_by_the_editor(kind, data):
    features = FEATURE_SETS[kind]
    html = data.draw(canonical_blocks(features))
    assert canonical_test(features)(html), html
    assert editor_round_trip(html, features) == html


# -- near misses -------------------------------------------------------------------------------

IN_FORM = [
    "word", "é", "’", " ", "&amp;", '"', "<b>x</b>", "<i>y</i>", "<code>z</code>",
    '<a href="/x/">l</a>', '<a href="#x">l</a>', '<a href="https://a.example/?q=1&amp;r">l</a>',
]  # fmt: skip
OUT_OF_FORM = [
    "  ", "\n", "\t", "\xa0", "\x0b", "&quot;", "&#x27;", "&nbsp;", "&", "<b> x</b>",
    "<b>x </b>", "<b></b>", "<s>s</s>", "<sup>1</sup>", '<a href="javascript:x">l</a>',
    '<a href="x.html">l</a>', '<a href="">l</a>', '<a href="HTTPS://A">l</a>',
    '<a href="/&quot;">l</a>', "<b><i>n</i></b>", '<i>a <a href="/y/">b</a></i>', "<br/>",
]  # fmt: skip
# Mostly pieces of the form, so that many examples are recognised and checked.
INLINE_PIECES = st.one_of(*[st.sampled_from(IN_FORM)] * 3, st.sampled_from(OUT_OF_FORM))
BLOCK_PIECES = [
    '<ul><li data-block-key="00001">a<ul><li data-block-key="00002">b</li></ul></li></ul>',
    "<p>unkeyed</p>", '<h2 data-block-key="00003">h</h2>', '<p data-block-key="00004"></p>',
    '<ol start="3"><li data-block-key="00005">c</li></ol>', " ", "\n",
]  # fmt: skip


@st.composite
def near_misses(draw, features):
    """Blocks in the recognised form and blocks out of it, in any order, their text made of
    words, spaces, references and elements inside and outside the form."""
    blocks = []
    for _ in range(draw(st.integers(1, 4))):
        choice = draw(st.integers(0, 3))
        inline = "".join(draw(st.lists(INLINE_PIECES, min_size=1, max_size=8)))
        if choice == 0:
            blocks.append(draw(canonical_blocks(features)))
        elif choice == 1:
            blocks.append(f'<p data-block-key="{draw(KEYS)}">{inline}</p>')
        elif choice == 2:
            kind = draw(st.sampled_from(["ul", "ol"]))
            blocks.append(f'<{kind}><li data-block-key="{draw(KEYS)}">{inline}</li></{kind}>')
        else:
            blocks.append(draw(st.sampled_from(BLOCK_PIECES)))
    return "".join(blocks)


@pytest.mark.parametrize("kind", FEATURE_SETS)
@settings(PROPERTY_SETTINGS, max_examples=400)
@given(data=st.data())
def test_whatever_is_recognised_comes_back_unchanged(kind, data):
    features = FEATURE_SETS[kind]
    html = data.draw(near_misses(features))
    if canonical_test(features)(html):
        assert editor_round_trip(html, features) == html


@pytest.mark.parametrize(
    "html",
    [
        '<p data-block-key="00000">Two  spaces</p>',
        '<p data-block-key="00000"> Leading space</p>',
        '<p data-block-key="00000"><b>a</b><b>b</b></p>',
        '<p data-block-key="00000"><b>bold </b>then</p>',
        '<p data-block-key="00000"><i>a <a href="/x/">b</a></i></p>',
        '<p data-block-key="00000">It&#x27;s</p>',
        '<p data-block-key="00000"><a href="javascript:alert(1)">x</a></p>',
        '<ul><li data-block-key="00000">a</li></ul><ul><li data-block-key="00001">b</li></ul>',
        "<p>No key</p>",
    ],
)
def test_forms_the_editor_changes_are_not_recognised(html):
    assert editor_round_trip(html, PARAGRAPH_FEATURES) != html
    assert not canonical_test(PARAGRAPH_FEATURES)(html)


def test_the_normaliser_skips_the_round_trip_only_for_the_form(monkeypatch):
    calls = []
    normalise = RichTextNormaliser(PARAGRAPH_FEATURES, QUOTE_FEATURES)
    real = normalise.converters["paragraph"].to_database_format
    monkeypatch.setattr(
        normalise.converters["paragraph"],
        "to_database_format",
        lambda *args: calls.append(args) or real(*args),
    )
    plain = '<p data-block-key="00000">Plain <b>bold</b> text.</p>'
    assert normalise(plain, "paragraph") == plain
    assert calls == []
    assert normalise("<p>Plain <b>bold</b>  text.</p>", "paragraph").endswith(
        "Plain <b>bold</b> text.</p>"
    )
    assert len(calls) == 1


@pytest.mark.parametrize(
    "piece", ["a" * 40_000, "a " * 20_000, "<b>a</b> " * 5_000, "&amp;" * 8_000, "a&am" * 8_000]
)
def test_recognising_takes_time_in_proportion_to_the_text(piece):
    test = canonical_test(PARAGRAPH_FEATURES)
    for html in (f'<p data-block-key="00000">{piece}', f'<p data-block-key="00000">{piece}x</p>'):
        started = time.perf_counter()
        test(html)
        assert time.perf_counter() - started < 0.5, re.escape(html[:40])
