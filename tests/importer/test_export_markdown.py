"""Blocks to Markdown and back through the importer's pure stages, without a database."""

import re

import pytest

from importer.common import RunOptions
from importer.export.booking import BookingDefaults
from importer.export.markdown import PostTargets, body_markdown, footnote_form
from importer.export.markdown_inline import LinkTargets, code_span, escape_text
from importer.stages import RichTextNormaliser
from importer.stages.convert.document import convert_html
from importer.stages.expand import expand_templates
from importer.stages.render import build_parser, render_markdown

BOOK = "https://stonemassage.ca/book/"
OPTIONS = RunOptions(booking_urls=(BOOK,))
NORMALISE = RichTextNormaliser(list(OPTIONS.paragraph_features), list(OPTIONS.quote_features))
TARGETS = PostTargets(
    links=LinkTargets(pages={7: "other-post.md"}),
    images={3: "images/stones.jpg"},
    booking=BookingDefaults(BOOK, "587-938-0458", OPTIONS),
)
PHONE = "587-938-0458"
KEY = re.compile(r' data-block-key="[^"]*"')


def stored(html: str) -> str:
    """Rich text as the editor stores it."""
    return NORMALISE(html, "paragraph")


def read_back(markdown: str) -> list[dict]:
    """The blocks the importer's pure stages make of `markdown`."""
    expanded, _ = expand_templates(markdown, {})
    blocks, _, _ = convert_html(render_markdown(expanded, build_parser()), OPTIONS, NORMALISE)
    return blocks


def without_keys(blocks: list[dict]) -> list[dict]:
    def clean(value):
        if isinstance(value, str):
            return KEY.sub("", value)
        if isinstance(value, dict):
            return {key: clean(item) for key, item in value.items()}
        return value

    return [{"type": block["type"], "value": clean(block["value"])} for block in blocks]


RICH_TEXT = {
    "formatting": "<p>Plain, <b>bold</b>, <i>italic</i>, <s>struck</s>, <code>a `tick`</code>, "
    "H<sub>2</sub>O and x<sup>2</sup>.</p>",
    "emphasis inside words and beside punctuation": "<p>un<b>break</b>able, “<i>quoted</i>”, "
    "<b>(a)</b>b, a<i>(b)</i>, <b>trailing </b>space and <b><i>both</i></b>.</p>",
    "links": '<p><a href="https://example.com/a?b=1&amp;c=2">a site</a>, '
    '<a href="https://example.com/café (menu)">accents and brackets</a>, '
    '<a href="mailto:desk@stonemassage.ca">mail</a>, <a href="#fees">in the page</a>.</p>',
    "characters Markdown reads": "<p>*stars* _under_ [brackets] &lt;tag&gt; `ticks` ~~tildes~~ "
    "\\back\\slash &amp;amp; &amp;copy; 5 * 3 | pipes ! #hash</p>",
    "line starts": "<p># not a heading</p><p>- not a list</p><p>1. not a numbered list</p>"
    "<p>&gt; not a quote</p><p>+ plus</p><p>= equals</p><p>2024) a year</p>",
    "template and MDX syntax": "<p>{{ title }} and {% raw %} and {: .class } and {/* note */}"
    "</p><p>import x from 'y'</p><p>export const a = 1</p><p>&lt;Note /&gt;</p>",
    "line breaks": "<p>one<br/>two<br/> three<br/><b>four</b></p>",
    "lists": "<ul><li>one<ul><li>nested <i>deep</i><ol><li>deeper</li></ol></li></ul></li>"
    "<li>two<br/>on two lines</li></ul><ol><li>first</li><li># second</li></ol><p>after</p>",
}


def test_a_page_link_is_a_link_to_the_other_posts_file():
    # As stored: the editor's converter would look the page up in the database.
    value = '<p data-block-key="a1">See <a linktype="page" id="7">the other post</a>.</p>'
    markdown, _ = body_markdown([{"type": "paragraph", "value": value}], "", TARGETS)
    assert markdown == "See [the other post](other-post.md).\n"
    assert without_keys(read_back(markdown)) == [
        {"type": "paragraph", "value": '<p>See <a href="other-post.md">the other post</a>.</p>'}
    ]


@pytest.mark.parametrize("html", RICH_TEXT.values(), ids=RICH_TEXT.keys())
def test_rich_text_comes_back_as_stored(html):
    value = stored(html)
    markdown, warnings = body_markdown([{"type": "paragraph", "value": value}], "", TARGETS)
    assert warnings == []
    expected = value.replace('linktype="page" id="7"', 'href="other-post.md"')
    assert without_keys(read_back(markdown)) == without_keys(
        [{"type": "paragraph", "value": expected}]
    )


BLOCKS = {
    "heading": {"text": "Prices & *times* #1 {#x}", "level": "h3", "anchor": "prices"},
    "image": {"image": 3, "alt_text": "Warm [stones] *", "caption": 'A "caption" & more'},
    "quote": {"text": stored("<p>Quote <b>one</b></p><p>- two</p>"), "attribution": "A client"},
    "code": {"language": "python", "code": "```\nprint('{{ x }}')\n\n"},
    "table": {
        "data": [["Length", "Price | tax"], ["60 min", "$110"]],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_caption": "",
    },
    "divider": None,
    "embed": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "booking_cta": {
        "heading": "",
        "text": "",
        "service": "mobile",
        "actions": [
            {"type": "book_online", "value": {"label": "Book online", "url": BOOK}},
            {"type": "call", "value": {"label": "Call for mobile massage", "phone": PHONE}},
        ],
    },
}


@pytest.mark.parametrize("kind", BLOCKS.keys())
def test_each_block_comes_back_as_the_same_block(kind):
    block = {"type": kind, "value": BLOCKS[kind]}
    markdown, warnings = body_markdown([block], "Title", TARGETS)
    assert warnings == []
    read = read_back(markdown)
    if kind == "image":
        image = read[0]["value"]
        assert image.pop("src") == "images/stones.jpg"
        image["image"] = 3
    assert without_keys(read) == without_keys([block])


@pytest.mark.parametrize(
    "table",
    [
        {"first_row_is_table_header": False, "first_col_is_header": False, "table_caption": ""},
        {"first_row_is_table_header": True, "first_col_is_header": True, "table_caption": ""},
        {"first_row_is_table_header": False, "first_col_is_header": True, "table_caption": "Fees"},
    ],
)
def test_tables_markdown_cannot_hold_are_written_as_html(table):
    block = {"type": "table", "value": {"data": [["a", "<b>"], ["{{ c }}", "d"]], **table}}
    markdown, _ = body_markdown([block], "", TARGETS)
    assert markdown.startswith("<table>")
    assert read_back(markdown) == [block]


def test_footnotes_in_the_importers_form_are_written_as_markdown_footnotes():
    text = stored(
        '<p>A<a href="#fn-1"><sup>[1]</sup></a>, b<a href="#fn-2"><sup>[2]</sup></a>, '
        'again<a href="#fn-1"><sup>[1:1]</sup></a>.</p>'
    )
    notes = stored("<ol><li>First.</li><li>Second,<br/>in two parts.</li></ol>")
    body = [{"type": "paragraph", "value": text}, {"type": "footnotes", "value": notes}]
    assert footnote_form(body)
    targets = PostTargets(links=LinkTargets(footnote_references=True), booking=TARGETS.booking)
    markdown, _ = body_markdown(body, "", targets)
    assert "[^1]: First." in markdown and "again[^1]." in markdown
    assert without_keys(read_back(markdown)) == without_keys(body)


def test_footnotes_an_editor_linked_by_hand_are_written_as_an_html_list():
    text = stored('<p>A<sup><a href="#fn-1">1</a></sup> and b<sup><a href="#fn-2">2</a></sup>.</p>')
    notes = stored("<ol><li>First.</li><li>Second.</li></ol>")
    body = [{"type": "paragraph", "value": text}, {"type": "footnotes", "value": notes}]
    assert not footnote_form(body)
    markdown, _ = body_markdown(body, "", TARGETS)
    assert '<li id="fn-1">First.</li>' in markdown
    assert without_keys(read_back(markdown)) == without_keys(body)


def test_a_paragraph_the_booking_recogniser_would_take_stays_a_paragraph():
    text = stored("<p>587-938-0458</p>")
    body = [{"type": "paragraph", "value": text}]
    markdown, _ = body_markdown(body, "", TARGETS)
    assert without_keys(read_back(markdown)) == without_keys(body)


def test_a_small_heading_before_a_booking_block_stays_a_heading():
    body = [
        {"type": "heading", "value": {"text": "Ready?", "level": "h4", "anchor": "ready"}},
        BLOCKS_BOOKING := {"type": "booking_cta", "value": BLOCKS["booking_cta"]},
        BLOCKS_BOOKING,
    ]
    markdown, _ = body_markdown(body, "", TARGETS)
    assert read_back(markdown) == body


def test_text_escapes_show_the_same_characters():
    assert escape_text("a*b_c[d]<e>`f`\\ &amp; {{ x }}") == (
        "a\\*b\\_c\\[d\\]\\<e>\\`f\\`\\\\ \\&amp; &#123;{ x }}"
    )
    assert code_span("a `b`") == "`` a `b` ``"


def test_emphasis_split_around_a_link_is_one_span_again():
    # The editor stores emphasis as ranges that stop at each link: "<i>Check out the </i><a>..."
    source = (
        "*Check out the [full changelog](https://example.com/) for more.* "
        "[**Try the new `starter` project**](https://example.com/s)\n"
    )
    blocks = read_back(source)
    assert "<i>Check out the </i><a" in blocks[0]["value"]
    markdown, _ = body_markdown(blocks, "", TARGETS)
    assert markdown == (
        "*Check out the [full changelog](https://example.com/) for more.* "
        "**[Try the new `starter` project](https://example.com/s)**\n"
    )
    assert read_back(markdown) == blocks


@pytest.mark.parametrize(
    "source",
    [
        "- a\n  - *x [y](https://example.com/) z* and *m **n** o*\n",
        "*The mascot is **Elle**!* ~~add your voice to **the survey** today~~\n",
        "## Get notified\u2009—\u2009April 28! {#notified}\n",
    ],
)
def test_posts_the_importer_wrote_come_back_as_they_were(source):
    blocks = read_back(source)
    markdown, warnings = body_markdown(blocks, "", TARGETS)
    assert warnings == []
    assert read_back(markdown) == blocks


def test_a_booking_block_is_the_box_the_page_shows_and_comes_back_whole():
    block = {
        "type": "booking_cta",
        "value": {
            "heading": "Book a massage {{ today }}",
            "text": "In the clinic\nor at home.",
            "service": "both",
            "actions": [
                {"type": "book_online", "value": {"label": "Book online", "url": BOOK}},
                {"type": "call", "value": {"label": "Call for mobile massage", "phone": PHONE}},
            ],
        },
    }
    defaults = BookingDefaults(BOOK, PHONE, OPTIONS, "We come to your home.")
    targets = PostTargets(links=LinkTargets(), booking=defaults)
    markdown, warnings = body_markdown([block], "", targets)
    assert warnings == []
    assert markdown.startswith('<aside class="booking-cta booking-cta--both">')
    # Dialled as the Wagtail page dials it, the number in E.164.
    assert 'href="tel:+15879380458"' in markdown
    assert '<p class="booking-cta__note">We come to your home.</p>' in markdown
    assert "{{" not in markdown
    assert read_back(markdown) == [block]


@pytest.mark.parametrize("field", ["alt_text", "caption"])
def test_alt_text_and_captions_are_written_on_one_line(field):
    value = {
        "image": 3,
        "alt_text": "Warm stones",
        "caption": "",
        field: "Warm\n# stones\n\n- on a towel",
    }
    markdown, warnings = body_markdown([{"type": "image", "value": value}], "", TARGETS)
    assert len(markdown.strip().splitlines()) == 1
    assert any("one line" in warning for warning in warnings)
    read = read_back(markdown)
    assert [block["type"] for block in read] == ["image"]
    assert read[0]["value"][field] == "Warm # stones - on a towel"


def test_template_braces_and_hashes_in_a_heading_come_back():
    block = {
        "type": "heading",
        "value": {"text": "#1 {{ x }} <!--more-->", "level": "h2", "anchor": "x"},
    }
    markdown, _ = body_markdown([block], "", TARGETS)
    assert "<!--more-->" not in markdown and "{{" not in markdown
    assert read_back(markdown) == [block]
