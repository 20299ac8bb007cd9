"""Search indexing and reading time read rich text with a pattern instead of an HTML parser; the
words must be the ones Wagtail's own get_text_for_indexing finds."""

import pytest
from wagtail import blocks
from wagtail.rich_text import get_text_for_indexing

from blog.blocks import (
    PARAGRAPH_FEATURES,
    BlogStreamBlock,
    rich_text_words,
    searchable_content_read_once,
)
from importer.stages import RichTextNormaliser

EDITOR_INPUT = [
    "<p>Plain words.</p><p>Second paragraph</p>",
    "<p>Fish &amp; chips &lt;b&gt; are not a tag; 5 &gt; 3 &quot;quoted&quot; caf&eacute;</p>",
    '<p><a href="https://example.com/?a=1&amp;b=2>3">odd link</a> <b>bold <i>nested</i></b></p>',
    "<p>Line one<br/>line two<br/>line three</p>",
    "<ul><li>Shoulders</li><li>Lower <b>back</b></li></ul><ol><li>One</li><li>Two</li></ol>",
    "<h2>Heading</h2><p>after it</p><h3>Smaller</h3>",
    "<p><code>x < y && y > z</code> and <s>struck</s> H<sub>2</sub>O e=mc<sup>2</sup></p>",
    "<p>Emoji 👉 and accents: Itâ€™s repaired text, “quotes” — dashes</p>",
    "<p></p>",
    '<p><a id="12" linktype="page">a page link</a> <a id="3" linktype="document">a file</a></p>',
    "<p>Space at the end&nbsp;</p>",
]


@pytest.mark.django_db  # page and document links are looked up
@pytest.mark.parametrize("html", EDITOR_INPUT)
def test_stored_rich_text_reads_as_wagtail_reads_it(html):
    stored = RichTextNormaliser(PARAGRAPH_FEATURES, ["bold", "italic", "link"])(html, "paragraph")
    assert rich_text_words(stored) == get_text_for_indexing(stored)


def test_text_that_did_not_come_from_the_converter_is_read_by_wagtail():
    hand_written = "<p>Before <!-- a note --> after</p>"
    assert rich_text_words(hand_written) == get_text_for_indexing(hand_written)


def test_a_post_body_is_indexed_with_those_words():
    block = BlogStreamBlock()
    body = block.to_python(
        [
            {"type": "paragraph", "value": "<p>Warm <b>stones</b> &amp; oil</p><p>Calm</p>"},
            {"type": "quote", "value": {"text": "<p>Much better</p>", "attribution": "A"}},
        ]
    )
    assert block.get_searchable_content(body) == ["Warm stones & oil Calm", "Much better", "A"]


def test_a_body_is_read_once_for_every_text_of_its_search_entry(monkeypatch):
    """Inside searchable_content_read_once a body's words are read once, however often they
    are asked for; outside, every time, so a changed body is never indexed with old words."""
    block = BlogStreamBlock()
    body = block.to_python([{"type": "paragraph", "value": "<p>Warm stones</p>"}])
    reads = []
    read = blocks.StreamBlock.get_searchable_content

    def counted(self, value):
        reads.append(value)
        return read(self, value)

    monkeypatch.setattr(blocks.StreamBlock, "get_searchable_content", counted)
    with searchable_content_read_once():
        asked = [block.get_searchable_content(body) for _ in range(3)]
    assert asked == [["Warm stones"]] * 3
    assert len(reads) == 1
    assert block.get_searchable_content(body) == ["Warm stones"]
    assert len(reads) == 2
