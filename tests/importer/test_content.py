"""What generators made of a post's Markdown, read as the old site showed it: callouts,
pictures in links, code in quotes, embedded posts, nothing shown twice (fixture posts in
``fixtures/importer/content``, each run through the pure stages)."""

import datetime as dt
import re

import pytest

from blog.text import intro_repeats_opening
from importer.common import ImporterError, PostDraft, RunOptions
from importer.generators import generator_named
from importer.stages.parse import parse_post
from importer.stages.pipeline import STAGES, build_context, run_stages

from .helpers import FIXTURES

CONTENT = FIXTURES / "content"


@pytest.fixture(scope="module")
def ctx():
    return build_context(RunOptions())


def blocks_of(name: str, ctx) -> tuple[list[dict], list[str]]:
    path = CONTENT / name
    draft = run_stages(PostDraft(path=path, raw=path.read_bytes()), ctx, STAGES)
    return draft.blocks, [warning.message for warning in draft.warnings]


def callouts(blocks: list[dict]) -> list[tuple[str, str, str]]:
    """Each callout's kind, title and words."""
    return [
        (b["value"]["kind"], b["value"]["title"], words(b["value"]["text"]))
        for b in blocks
        if b["type"] == "callout"
    ]


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", re.sub(r"</(p|li)>", " ", html)).split())


CALLOUT_POSTS = {
    "docusaurus-admonitions.mdx": [
        ("note", "", "Arrive ten minutes early."),
        ("tip", "Drink water", "After a massage, drink water. one two"),
        ("info", "Bring your forms", "Print them at home."),
        ("warning", "", "Tell us about injuries."),
        ("danger", "", "Hot stones are hot."),
        ("warning", "", "Caution maps to a warning."),
        ("note", "Outer", "Before the inner box."),
        ("tip", "", "Inside."),
        ("note", "", "After the inner box."),
    ],
    "github-alerts.md": [
        ("note", "", "Useful information."),
        ("tip", "", "Helpful advice."),
        ("info", "", "Key information."),
        ("warning", "", "Urgent info."),
        ("danger", "", "Negative consequences."),
        ("tip", "Before you book", "Obsidian titles too."),
    ],
    "hugo-shortcodes.md": [
        ("note", "", "Notice shortcode."),
        ("warning", "Heads up", "Docsy alert with a title."),
        ("warning", "", "Hextra callout."),
        ("tip", "Stretch", "LoveIt admonition."),
        ("info", "", "Hugo-book hint."),
    ],
    "liquid-tags.md": [
        ("note", "", "A callout tag."),
        ("info", "", "NexT note with a kind."),
        ("warning", "", "A tag named for its kind."),
    ],
    "kramdown-notes.md": [
        ("note", "", "Just the Docs note before a paragraph."),
        ("warning", "Careful", "A titled quote."),
        ("info", "", "Notice after a paragraph."),
    ],
}


@pytest.mark.parametrize("name", sorted(CALLOUT_POSTS))
def test_callouts_become_callout_blocks(name, ctx):
    blocks, warnings = blocks_of(name, ctx)

    assert callouts(blocks) == CALLOUT_POSTS[name]
    text = " ".join(words(str(b["value"])) for b in blocks)
    for syntax in (":::", "[!", "{{", "{%", "{:", "notice", "endcallout"):
        assert syntax not in text
    assert not [w for w in warnings if "not supported" in w]


def test_a_callout_holding_code_is_split_around_it(ctx):
    blocks, warnings = blocks_of("docusaurus-code-in-admonition.md", ctx)

    assert [b["type"] for b in blocks] == ["paragraph", "callout", "code", "callout"]
    assert blocks[2]["value"] == {"language": "bash", "code": "npm run build"}
    assert callouts(blocks) == [
        ("tip", "Build it", "Run this:"),
        ("tip", "", "Then deploy."),
    ]
    assert any("split around it" in warning for warning in warnings)


def test_pictures_in_links_keep_their_link(ctx):
    blocks, warnings = blocks_of("pictures-in-links.md", ctx)

    images = [b["value"] for b in blocks if b["type"] == "image"]
    assert [(i["alt_text"], i.get("link", "")) for i in images] == [
        ("Stone Oils", "https://sponsor.example/oils"),
        ("Zoomed table", ""),  # click to enlarge: the page shows the picture itself
        ("Towels", "https://towels.example/"),
        ("Stones", "https://stones.example/"),
        ("Forestry", ""),  # an address the old page had wrong: no link, the post imported
    ]
    assert images[2]["caption"] == "Warm towels" and images[3]["caption"] == "Hot stones"
    assert any("https://forestry/io, which is not a valid web address" in w for w in warnings)


def test_a_code_block_inside_a_quote_stays_a_code_block(ctx):
    blocks, _ = blocks_of("code-in-quote.md", ctx)

    assert [b["type"] for b in blocks] == ["quote", "code", "quote", "quote", "code"]
    assert blocks[1]["value"] == {"language": "python", "code": "book(minutes=60)\n    confirm()"}
    assert words(blocks[0]["value"]["text"]) == "Our booking script said:"
    assert blocks[0]["value"]["attribution"] == ""
    assert blocks[2]["value"] == {
        "text": blocks[2]["value"]["text"],
        "attribution": "The front desk",
    }
    assert words(blocks[2]["value"]["text"]) == "and it worked."
    assert words(blocks[3]["value"]["text"]) == "a list item"
    assert blocks[4]["value"]["code"] == "nested code"


EMBEDDED_POSTS = {
    "embedded-posts.md": [
        ("A post on X by @SanDiegoZoo", "https://x.com/SanDiegoZoo/status/1453110110599868418"),
        ("A post on X by @clinic_yeg", "https://x.com/clinic_yeg/status/1700000000000000001"),
        ("A post on X", "https://x.com/i/status/1700000000000000002"),
        ("A post on Instagram", "https://www.instagram.com/p/CxOWiQNP2MO/"),
    ],
    "embedded-posts-jekyll.md": [
        ("A post on X by @jekyllrb", "https://x.com/jekyllrb/status/1700000000000000003"),
        ("A post on X by @clinic_yeg", "https://x.com/clinic_yeg/status/1700000000000000004"),
    ],
    "embedded-posts.mdx": [
        ("A post on X", "https://x.com/i/status/1700000000000000005"),
        ("A post on X by @clinic_yeg", "https://x.com/clinic_yeg/status/1700000000000000006"),
    ],
}


@pytest.mark.parametrize("name", sorted(EMBEDDED_POSTS))
def test_embedded_posts_become_quotes_linking_to_them(name, ctx):
    blocks, warnings = blocks_of(name, ctx)

    quotes = [b["value"] for b in blocks if b["type"] == "quote"]
    found = [(words(q["text"]), re.search(r'href="([^"]+)"', q["text"])[1]) for q in quotes]
    assert found == EMBEDDED_POSTS[name]
    by = [label.rsplit(" by ", 1)[1] if " by " in label else "" for label, _ in found]
    assert [q["attribution"] for q in quotes] == by
    assert not [w for w in warnings if "not supported" in w or "removed" in w]


def test_a_byline_and_an_intro_the_opening_repeats_are_shown_once(ctx):
    blocks, warnings = blocks_of("byline-and-intro.md", ctx)

    assert [b["type"] for b in blocks] == ["callout", "paragraph", "heading"]
    assert "February 15, 2024 by Jane Doe" not in str(blocks)
    assert "not a byline by Jane Doe" in blocks[1]["value"]
    assert (
        "Removed the paragraph “February 15, 2024 by Jane Doe”: it repeats the post's date "
        "and authors, which the page shows above the body."
    ) in warnings
    assert any("The description (intro) repeats" in w for w in warnings)
    assert intro_repeats_opening(
        "Stretching between appointments keeps the benefits of a massage going for longer.",
        blocks,
    )


def test_an_intro_cut_from_the_second_paragraph_is_shown_once(ctx):
    blocks, warnings = blocks_of("intro-second-paragraph.md", ctx)

    assert [b["type"] for b in blocks] == ["paragraph"]
    assert any("repeats a paragraph of the body's opening" in w for w in warnings)
    assert not intro_repeats_opening("A first paragraph about something else entirely", blocks)


@pytest.mark.parametrize("generator", ["jekyll", "hexo", ""])
def test_a_date_in_a_form_of_its_own_is_read_as_a_lenient_generator_reads_it(generator):
    path = CONTENT / "2023-01-28-ruby-date.md"
    post = parse_post(path.read_text(), path, RunOptions(), None, generator_named(generator))

    assert post.date == dt.datetime(
        2023, 1, 29, 18, 30, 22, tzinfo=dt.timezone(-dt.timedelta(hours=8))
    )
    assert post.date_utc_offset == -480
    assert any(
        "'2023-01-29 18:30:22 2023 -0800' (date) is in no standard form" in w for w in post.warnings
    )


@pytest.mark.parametrize("generator", ["hugo", "eleventy", "zola"])
def test_a_strict_generator_refuses_a_date_in_a_form_of_its_own(generator):
    path = CONTENT / "2023-01-28-ruby-date.md"
    with pytest.raises(ImporterError, match="cannot be read"):
        parse_post(path.read_text(), path, RunOptions(), None, generator_named(generator))


def test_an_unreadable_date_fails_however_lenient_the_generator():
    path = CONTENT / "2023-01-28-unreadable-date.md"
    with pytest.raises(ImporterError, match="cannot be read"):
        parse_post(path.read_text(), path, RunOptions(), None, generator_named("jekyll"))


def test_a_created_at_field_dates_the_post_before_its_file_name():
    path = CONTENT / "2023-01-28-created-at.md"
    post = parse_post(path.read_text(), path, RunOptions(), None, generator_named("jekyll"))

    assert post.date.date() == dt.date(2023, 1, 29)


@pytest.mark.parametrize(
    ("rule", "anchors"),
    [
        # github-slugger (and kramdown's GFM ids) keep the variation selector after an emoji
        ("github", ["\ufe0f-before-your-visit", "run-npm-install-first", "-party-time"]),
        # Hugo's own github-style ids keep letters and digits only
        ("hugo", ["-before-your-visit", "run-npm-install-first", "-party-time"]),
    ],
)
def test_heading_ids_with_emoji_follow_the_generators_slugger(rule, anchors):
    path = CONTENT / "headings-emoji-and-code.md"
    ctx = build_context(RunOptions(heading_ids=rule))
    draft = run_stages(PostDraft(path=path, raw=path.read_bytes()), ctx, STAGES)

    headings = [b["value"] for b in draft.blocks if b["type"] == "heading"]
    assert [h["anchor"] for h in headings] == anchors
    assert headings[1]["text"] == "Run `npm install` first"


def test_a_jsx_style_object_in_markdown_does_not_show_as_tags(ctx):
    blocks, warnings = blocks_of("jsx-style-in-markdown.md", ctx)

    assert blocks[1]["type"] == "code" and blocks[1]["value"]["code"].strip() == "✔ Compiled"
    assert words(blocks[2]["value"]) == "Text in red here, and A terminal sample printed."
    assert "&lt;" not in blocks[2]["value"] and "style" not in str(blocks[:3])
    assert "style={{ color: 'green' }}" in blocks[3]["value"]["code"]
    assert not [w for w in warnings if "Template variable" in w]


def test_mdx_components_that_draw_a_box_become_callouts(ctx):
    blocks, warnings = blocks_of("mdx-callout-components.mdx", ctx)

    assert callouts(blocks) == [
        ("warning", "Before you book", "Tell us about injuries."),
        ("note", "", "Parking Free after six."),
        ("info", "", "Bring your forms."),
    ]
    assert words(blocks[-1]["value"]) == "Inline not a box here."
    assert "MDX component <Admonition> was read as a callout." in warnings
