"""Word coverage: the share of a post's body words that its blocks and page fields carry."""

import datetime as dt
from pathlib import Path

import pytest

from importer.common import PostAuthor, PostDraft, SourcePost
from importer.run.coverage import body_words, coverage, word_coverage

BODY = """Stretch *gently* after a [deep tissue](https://example.com/deep) massage.

1. Drink water.
2. Rest.

```js
if (a < b) { rest(); }
```

![Our stretching room](room.png)

{% include cta.html %}
<div class="note">Book early.</div>
"""
BLOCKS = [
    {
        "type": "paragraph",
        "value": '<p data-block-key="a">Stretch <i>gently</i> after a '
        '<a href="https://example.com/deep">deep tissue</a> massage.</p>',
    },
    {
        "type": "paragraph",
        "value": '<ol><li data-block-key="b">Drink water.</li>'
        '<li data-block-key="c">Rest.</li></ol>',
    },
    {"type": "code", "value": {"language": "js", "code": "if (a < b) { rest(); }"}},
    {
        "type": "image",
        "value": {"src": "room.png", "alt_text": "Our stretching room", "caption": ""},
    },
    {"type": "paragraph", "value": '<p data-block-key="d">Book early.</p>'},
]


def draft(body, blocks, **fields):
    post = SourcePost(
        title="Stretching",
        slug="stretching",
        date=dt.datetime(2024, 3, 1, tzinfo=dt.UTC),
        body=body,
        **fields,
    )
    return PostDraft(path=Path("stretching.md"), post=post, blocks=blocks)


def test_source_words_leave_out_what_no_page_shows():
    words = body_words(BODY)

    assert "https" not in words and "example" not in words  # link targets
    assert "include" not in words and "cta" not in words  # template tags
    assert "div" not in words and "class" not in words  # HTML tags
    assert "js" not in words  # the fence's language
    assert words.count("rest") == 2  # the list item and the code


def test_a_faithful_conversion_covers_every_word():
    assert word_coverage(draft(BODY, BLOCKS)) == 1.0


@pytest.mark.parametrize(
    ("dropped", "missing"),
    [
        (2, "if a b rest"),  # the code block: code with "<" is text, not a tag
        (3, "our stretching room"),  # the image's alt text
        (4, "book early"),
    ],
)
def test_content_that_did_not_reach_the_page_lowers_coverage(dropped, missing):
    blocks = BLOCKS[:dropped] + BLOCKS[dropped + 1 :]
    source = body_words(BODY)

    share = word_coverage(draft(BODY, blocks))

    # "stretching" is in the title too, so only the other words go missing.
    lost = [w for w in missing.split() if w != "stretching"]
    assert share == pytest.approx((len(source) - len(lost)) / len(source))


def test_words_count_as_often_as_they_occur_on_both_sides():
    assert coverage(["rest", "rest", "well"], ["rest", "well"]) == pytest.approx(2 / 3)
    assert coverage([], ["anything"]) == 1.0


def test_the_title_intro_and_tags_are_on_the_page_too():
    body = "Hot stones for recovery, by Dana.\n"

    share = word_coverage(
        draft(body, [], description="Hot stones", tags=("recovery",), authors=(PostAuthor("Dana"),))
    )

    assert share == pytest.approx(4 / 6)  # "for" and "by" are only in the body


def test_a_word_whose_casefold_is_not_all_word_characters_stays_one_word():
    # "İ" casefolds to "i" and a combining dot: folded as a whole text, the name would split.
    assert body_words("İlkay booked a massage.") == ["i̇lkay", "booked", "a", "massage"]
