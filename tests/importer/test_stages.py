"""Each pure stage, from fixture files: the input next to the output it must give.

None of these tests touches the database.
"""

import json
import random
import time
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from importer.common import ImporterError, NotAPost, PostDraft, RunOptions
from importer.stages import (
    OUTLINE_STAGES,
    STAGES,
    RichTextNormaliser,
    build_context,
    run_stages,
)
from importer.stages import repair as repair_module
from importer.stages.convert.document import convert_html
from importer.stages.expand import expand_templates
from importer.stages.mdx.expand import expand_mdx, image_imports, looks_like_mdx
from importer.stages.parse.post import outline_lines, parse_post
from importer.stages.read import decode_bytes
from importer.stages.render import build_parser, render_markdown, strip_kramdown
from importer.stages.repair import repair_text

from .helpers import FIXTURES, cases, mac_roman_mojibake


def sibling(path: Path, old: str, new: str) -> Path:
    return path.with_name(path.name.removesuffix(old) + new)


@pytest.mark.parametrize("path", cases("read", "*.input"), ids=lambda p: p.stem)
def test_read(path):
    expected = sibling(path, ".input", ".expected.txt")
    if expected.exists():
        text, _encoding = decode_bytes(path.read_bytes())
        assert text == expected.read_text(encoding="utf-8")
    else:
        message = sibling(path, ".input", ".error.txt").read_text(encoding="utf-8")
        with pytest.raises(ImporterError) as error:
            decode_bytes(path.read_bytes())
        assert message in str(error.value)
        assert "Fix:" in str(error.value)


def test_read_reports_the_encoding_it_used():
    read = FIXTURES / "read"
    assert decode_bytes((read / "utf8-bom.input").read_bytes())[1] == "utf-8-sig"
    assert decode_bytes((read / "cp1252.input").read_bytes())[1] == "cp1252"
    assert decode_bytes((read / "latin1.input").read_bytes())[1] == "latin-1"


@pytest.mark.parametrize("path", cases("repair", "*.input.txt"), ids=lambda p: p.stem)
def test_repair(path):
    text = path.read_text(encoding="utf-8")
    expected = sibling(path, ".input.txt", ".expected.txt").read_text(encoding="utf-8")

    repaired, repairs = repair_text(text)

    assert repaired == expected
    changed_lines = [
        number
        for number, (before, after) in enumerate(
            zip(text.split("\n"), expected.split("\n"), strict=True), start=1
        )
        if before != after
    ]
    assert [repair.line for repair in repairs] == changed_lines
    assert all(repair.fixes for repair in repairs)


def test_repair_records_what_it_changed():
    text = (FIXTURES / "repair" / "mac-roman.input.txt").read_text(encoding="utf-8")
    _, repairs = repair_text(text)
    title = repairs[0]
    assert title.line == 2
    assert "It‚Äôs" in title.before
    assert "It’s" in title.after
    assert title.fixes == ("encode:macroman", "decode:utf-8")


def parse_cases():
    return sorted(path for path in (FIXTURES / "parse").iterdir() if path.is_dir())


@pytest.mark.parametrize("case", parse_cases(), ids=lambda p: p.name)
def test_parse(case):
    source = next(path for path in case.iterdir() if path.name != "expected.json")
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    options = RunOptions(time_zone="America/Edmonton", old_url_template="/blog/{slug}/")

    if "error" in expected:
        with pytest.raises(ImporterError) as error:
            parse_post(source.read_text(encoding="utf-8"), source, options)
        wanted = expected["error"]
        assert error.value.field == wanted["field"]
        assert error.value.line == wanted["line"]
        assert error.value.message == wanted["message"]
        assert error.value.fix == wanted["fix"]
        return
    if "skipped" in expected:
        with pytest.raises(NotAPost) as not_a_post:
            parse_post(source.read_text(encoding="utf-8"), source, options)
        assert not_a_post.value.reason == expected["skipped"]
        return

    post = parse_post(source.read_text(encoding="utf-8"), source, options)
    parsed = {
        "title": post.title,
        "slug": post.slug,
        "date": post.date.isoformat(),
        "author": post.author,
        "description": post.description,
        "tags": list(post.tags),
        "image": post.image,
        "image_alt": post.image_alt,
        "draft": post.draft,
        "old_urls": list(post.old_urls),
        "body": post.body,
    }
    # The cases about dates also say in which UTC offset the page shows the post's day.
    if "date_utc_offset" in expected:
        parsed["date_utc_offset"] = post.date_utc_offset
    assert parsed == expected


def test_a_comment_line_in_a_code_sample_is_not_the_title():
    text = (
        "---\ndate: 2024-05-06\n---\nOur booking page runs on a small script.\n\n"
        "```bash\n# install the tools\nnpm install\n```\n\n"
        "# Setting up online booking\n\nOpen the settings page.\n"
    )

    post = parse_post(text, Path("2024-05-06-booking-setup.md"), RunOptions())

    assert post.title == "Setting up online booking"
    assert "# install the tools" in post.body
    # The outline repairs the heading's line, not the code's.
    assert outline_lines(text)[-1] == text.split("\n").index("# Setting up online booking")


def test_a_repeated_short_line_is_repaired_once_and_a_long_line_every_time(monkeypatch):
    fixed_lines = []
    fix_and_explain = repair_module.fix_and_explain

    def counted(line):
        fixed_lines.append(line)
        return fix_and_explain(line)

    monkeypatch.setattr(repair_module, "fix_and_explain", counted)
    repair_module.fix_short_line.cache_clear()
    heading = mac_roman_mojibake("### 👉 Book your massage: it’s “easy”")
    long_line = mac_roman_mojibake("It’s " + "calm " * repair_module.CACHED_LINE_CHARS)
    text = "\n".join([heading, long_line, heading, long_line])

    repaired, repairs = repair_text(text)
    repair_module.fix_short_line.cache_clear()

    assert repaired.split("\n")[0] == "### 👉 Book your massage: it’s “easy”"
    assert repaired.split("\n")[2] == repaired.split("\n")[0]
    assert [r.line for r in repairs] == [1, 2, 3, 4]
    assert repairs[0].fixes == repairs[2].fixes == ("encode:macroman", "decode:utf-8")
    assert fixed_lines.count(heading) == 1
    assert fixed_lines.count(long_line) == 2


def test_repair_can_be_asked_for_some_lines_only():
    lines = [mac_roman_mojibake(f"Line {n}: it’s “quoted”") for n in range(1, 6)]
    text = "\n".join(lines)
    repaired, repairs = repair_text(text)

    partly, partial_repairs = repair_text(text, only=[3, 1])

    assert [repair.line for repair in partial_repairs] == [2, 4]
    assert partial_repairs == [repairs[1], repairs[3]]
    assert partly.split("\n") == [
        line if index in (1, 3) else lines[index] for index, line in enumerate(repaired.split("\n"))
    ]


# Posts whose outline fields come from damaged lines: the front matter, and a title taken from
# the body's first heading (with a YAML comment that looks like a heading above it).
OUTLINE_POSTS = {
    "front-matter.md": mac_roman_mojibake(
        "---\ntitle: Café hours – it’s “open”\ndate: 2026-03-02\n"
        "description: Hot stones, warm towels 👉 booked online\ntags: [spa, Café]\n"
        "author: Zoë\n---\nThe body’s first line.\n\n# Not the title\n\nMore – text.\n"
    ),
    "title-from-heading.md": mac_roman_mojibake(
        "---\n# a comment, not the title\ndate: 2026-03-03\n---\nIt’s an intro.\n\n"
        "# Crème brûlée for sore feet 👉 really\n\nAnd after – more.\n# Second heading\n"
    ),
    "2026-03-04-no-front-matter.md": mac_roman_mojibake(
        "Intro – first.\n\n# Naïve title\n\nText.\n"
    ),
    "exported-meta.mdx": mac_roman_mojibake(
        "import cover from './café.png'\n\nexport const meta = {\n  title: 'Crème – brûlée',\n"
        "  date: '2026-03-05',\n  description: `It’s “warm”`,\n  image: cover,\n}\n\n"
        "Body – text.\n"
    ),
}


def outline_cases():
    for case in parse_cases():
        yield next(path for path in case.iterdir() if path.name != "expected.json")


@pytest.mark.parametrize("name", sorted(OUTLINE_POSTS))
def test_outline_gives_the_fields_the_whole_pipeline_gives_damaged(name, tmp_path):
    path = tmp_path / name
    path.write_text(OUTLINE_POSTS[name], encoding="utf-8")
    outline, whole = outline_and_whole(path)
    assert outline.post.title == whole.post.title and "‚Ä" not in whole.post.title
    assert outline.post.slug == whole.post.slug
    assert replace(outline.post, body="") == replace(whole.post, body="")
    # Only the outline's own lines were repaired, each as the whole pipeline repaired it.
    assert outline.repairs and set(outline.repairs) < set(whole.repairs)


@pytest.mark.parametrize("source", list(outline_cases()), ids=lambda p: p.parent.name)
def test_outline_gives_the_fields_the_whole_pipeline_gives(source):
    outline, whole = outline_and_whole(source)
    if isinstance(whole, str):
        assert outline == whole  # the same error, naming the same field and line
    else:
        assert replace(outline.post, body="") == replace(whole.post, body="")


def outline_and_whole(path: Path):
    """The post from OUTLINE_STAGES and from the whole pipeline's first three stages, or the
    error each gave."""
    ctx = build_context(RunOptions(time_zone="America/Edmonton", old_url_template="/b/{slug}/"))
    results = []
    for stages in (OUTLINE_STAGES, STAGES[:3]):
        try:
            results.append(run_stages(PostDraft(path=path, raw=path.read_bytes()), ctx, stages))
        except ImporterError as error:
            results.append(error.describe())
        except NotAPost as not_a_post:
            results.append(f"not a post: {not_a_post.reason}")
    return results


@pytest.mark.parametrize(
    "path",
    [p for p in cases("expand", "*.md") if not p.name.endswith(".expected.md")],
    ids=lambda p: p.stem,
)
def test_expand_templates(path):
    variables = {"title": "Hot stone therapy", "form_url": "https://example.com/form"}
    expected = sibling(path, ".md", ".expected.md").read_text(encoding="utf-8")
    warnings = json.loads(sibling(path, ".md", ".warnings.json").read_text(encoding="utf-8"))

    markdown, found = expand_templates(path.read_text(encoding="utf-8"), variables)

    assert markdown == expected
    assert found == warnings


@pytest.mark.parametrize("path", cases("expand", "*.mdx"), ids=lambda p: p.stem)
def test_expand_mdx(path):
    source = path.read_text(encoding="utf-8")
    expected = sibling(path, ".mdx", ".expected.md").read_text(encoding="utf-8")
    warnings = json.loads(sibling(path, ".mdx", ".warnings.json").read_text(encoding="utf-8"))

    markdown, found = expand_mdx(source, image_imports(source))

    assert markdown == expected
    assert found == warnings


@pytest.mark.parametrize(
    ("name", "body", "is_mdx"),
    [
        ("post.mdx", "Plain text, no JSX at all.\n", True),
        ("post.md", "## Actions {/*actions*/}\n\nText.\n", True),
        ("post.md", "Intro.\n\n<Note>\n\n- one\n\n</Note>\n", True),
        ("post.md", "import Chart from '../components/Chart'\n\n<Chart />\n", True),
        ("post.md", "Old HTML:\n\n<DIV ALIGN=center>\nText\n</DIV>\n", False),
        ("post.md", "export your notes as a PDF, or\nimport them from a phone.\n", False),
        ("post.md", "export const meta = {\n  title: 'Stretching',\n}\n\nText.\n", True),
        ("post.md", "A set {a, b} and a <span>span</span>.\n", False),
        ("post.md", "```jsx\n<Note>\n{/* in code */}\n```\n\nUse `<Note>`.\n", False),
        ("post.md", "<Note>\n{% include note.html %}\n</Note>\n", False),
    ],
)
def test_markdown_files_are_read_as_mdx_only_with_mdx_marks(name, body, is_mdx):
    assert looks_like_mdx(Path(name), body) is is_mdx


MDX_POST = """---
title: Your first visit
date: 2026-01-07
---
<Intro>

What to expect when you book your first massage.{' '}

</Intro>

<Note>
#### Before you arrive
- Drink water
- Wear loose clothing
</Note>

<Illustration src="/images/table.png" alt="A massage table" />

<YouTubeIframe src="https://www.youtube.com/embed/abc123XYZ_-" />

<Quote author="A client">
Best hour of my week.
</Quote>
"""


def test_an_mdx_post_becomes_the_blocks_its_page_showed(tmp_path):
    path = tmp_path / "first-visit.mdx"
    path.write_text(MDX_POST, encoding="utf-8")

    draft = run_stages(
        PostDraft(path=path, raw=path.read_bytes()), build_context(RunOptions()), STAGES
    )

    assert [block["type"] for block in draft.blocks] == [
        "paragraph", "callout", "image", "embed", "quote"
    ]  # fmt: skip
    intro, note, image, video, quote = (block["value"] for block in draft.blocks)
    assert ">What to expect when you book your first massage.</p>" in intro
    # A note's heading is its text's first line, in bold: a callout's text holds no heading.
    assert note["kind"] == "note" and "<b>Before you arrive</b>" in note["text"]
    assert "<li" in note["text"] and "Wear loose clothing" in note["text"]
    assert image == {"src": "/images/table.png", "alt_text": "A massage table", "caption": ""}
    assert video == "https://www.youtube.com/watch?v=abc123XYZ_-"
    assert "Best hour of my week." in quote["text"] and quote["attribution"] == "A client"
    assert draft.warnings == [
        "MDX component <Intro> was removed; its content was kept.",
        "MDX component <Note> was read as a callout.",
        "MDX component <Illustration> was read as an image.",
        "MDX component <YouTubeIframe> was read as a video.",
        "MDX component <Quote> was read as a quote.",
    ]


# The private-use characters the code stash marks its place with, as a post may hold them
# (icon fonts put their glyphs there): alone, and shaped like a stash token.
STASH_LOOKALIKES = "icon \ue000, token \ue0000\ue001, close \ue001, code `\ue0001\ue001`"


@pytest.mark.parametrize(
    ("rewrite", "trigger"),
    [
        (lambda text: expand_templates(text, {"title": "T"})[0], " {{ title }}"),
        (strip_kramdown, " {: .lead }"),
        (lambda text: expand_mdx(text)[0], " {' '}"),
    ],
    ids=["templates", "kramdown", "mdx"],
)
def test_text_like_the_code_stash_markers_comes_out_as_written(rewrite, trigger):
    text = f"{STASH_LOOKALIKES}{trigger}\n\n```\n{STASH_LOOKALIKES}\n```\n"

    rewritten = rewrite(text)

    assert rewritten.startswith(f"{STASH_LOOKALIKES}")
    assert f"```\n{STASH_LOOKALIKES}\n```" in rewritten


def test_a_quote_component_keeps_text_like_the_stash_markers():
    markdown, _ = expand_mdx(f"<Quote>\n{STASH_LOOKALIKES}\n</Quote>\n")

    assert markdown == f"\n> {STASH_LOOKALIKES}\n\n"


# Malformed MDX a post could hold; each must cost about one pass over its text.
MALFORMED_MDX = {
    "many comments in one expression": "{" + "/* a */ " * 40 + "x}",
    "comments never closed": "{/* " * 30_000,
    "braces never closed": "{" * 100_000,
    "tags never closed": "<a " * 30_000,
    "one line of many tags": "<B></B>" * 30_000,
    "a heading of many comments": "# H " + "{/* a */}" * 30_000,
    "many different expressions": " ".join(f"{{value{n}}}" for n in range(30_000)),
    "component lines never closed": "<Note>\n" * 10_000 + "</Tip>\n" * 10_000,
}


@pytest.mark.parametrize("name", sorted(MALFORMED_MDX))
def test_malformed_mdx_cannot_make_a_run_hang(name):
    text = MALFORMED_MDX[name]
    started = time.perf_counter()

    expand_mdx(text)
    looks_like_mdx(Path("post.md"), text)

    assert time.perf_counter() - started < 10


# Each rewrite of Markdown text, and a line it would rewrite were it not code.
REWRITTEN_PATTERNS = {
    "kramdown attribute list": "def f([h | _]), do: {:ok, h} {: .note }",
    "more marker": "<!--more-->",
    "liquid tag": '{% inTextImg "/img/x.png" "alt" %} {% include a.html %}',
    "liquid output": "{{ page.title }} {{ site.url }}",
    "hugo shortcode": '{{< img src="x.png" >}} {{< tweet 1 >}}',
    "mdx comment": "## Actions {/*actions*/}",
    "mdx expressions": "Text{' '}here {props.name}",
    "mdx components": '<Note> <Illustration src="/x.png" alt="x" /> </Note>',
    "mdx module line": "import Chart from './chart'",
}
CODE_FORMS = {
    "fenced": "```\n{}\n```",
    "fenced in a list": "- item\n\n  ```\n  {}\n  ```",
    "indented": "    {}",
    "inline": "Use `{}` here.",
}


@pytest.mark.parametrize("suffix", [".md", ".mdx"])
@pytest.mark.parametrize("form", sorted(CODE_FORMS))
@pytest.mark.parametrize("pattern", sorted(REWRITTEN_PATTERNS))
def test_code_comes_out_of_every_rewrite_byte_for_byte(pattern, form, suffix, tmp_path):
    code = REWRITTEN_PATTERNS[pattern]
    # The pattern is in the prose too, so that the rewrite runs on this post.
    prose = code if not code.startswith("import") else f"{code}\n\nText."
    body = f"{prose}\n\n{CODE_FORMS[form].format(code)}\n"
    path = tmp_path / f"post{suffix}"
    if form == "indented" and looks_like_mdx(path, body):
        pytest.skip("MDX has no indented code: indentation there is JSX layout")
    path.write_text(f"---\ntitle: Code\ndate: 2026-01-05\n---\n{body}", encoding="utf-8")

    draft = run_stages(
        PostDraft(path=path, raw=path.read_bytes()), build_context(RunOptions()), STAGES
    )

    rendered = BeautifulSoup(draft.html, "html.parser").find_all("code")
    assert code in [tag.get_text().removesuffix("\n") for tag in rendered]
    if form in ("fenced", "indented"):  # and on the page, as a code block
        code_blocks = [block["value"] for block in draft.blocks if block["type"] == "code"]
        assert {"language": "", "code": code} in code_blocks


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("## Prices\n{: #prices}\n\nText.", "## Prices {#prices}\n\nText."),
        ("## Prices {: #prices .big }\nText.", "## Prices {#prices}\nText."),
        ("## Prices\n{: .big}\n\nText.", "## Prices\n\n\nText."),
        ('## Prices {: data-note="#not-an-id" }', "## Prices "),
        ("```\n## Prices\n{: #prices}\n```", "```\n## Prices\n{: #prices}\n```"),
    ],
)
def test_a_kramdown_heading_id_stays_as_the_headings_explicit_id(markdown, expected):
    assert strip_kramdown(markdown) == expected


@pytest.mark.parametrize("path", cases("render", "*.md"), ids=lambda p: p.stem)
def test_render(path):
    expected = sibling(path, ".md", ".expected.html").read_text(encoding="utf-8")
    assert render_markdown(path.read_text(encoding="utf-8"), build_parser()) == expected


@pytest.fixture(scope="module")
def normalise():
    options = RunOptions()
    return RichTextNormaliser(list(options.paragraph_features), list(options.quote_features))


@pytest.mark.parametrize("path", cases("convert", "*.html"), ids=lambda p: p.stem)
def test_convert(path, normalise):
    expected = json.loads(sibling(path, ".html", ".expected.json").read_text(encoding="utf-8"))
    options = RunOptions(booking_urls=("https://clinic.example.com/book/",))
    # What the page shows above the body (title, intro), where the case is about them.
    page = sibling(path, ".html", ".page.json")
    shown = json.loads(page.read_text(encoding="utf-8")) if page.exists() else {}

    blocks, images, warnings = convert_html(
        path.read_text(encoding="utf-8"), options, normalise, **shown
    )

    assert blocks == expected["blocks"]
    assert [{"src": i.src, "alt": i.alt, "caption": i.caption} for i in images] == expected[
        "images"
    ]
    assert warnings == expected["warnings"]


def editor_round_trip(html, features):
    """What the admin stores when an editor opens rich text and saves it unchanged."""
    converter = ContentstateConverter(list(features))
    return converter.to_database_format(converter.from_database_format(html))


@pytest.mark.parametrize("path", cases("convert", "*.html"), ids=lambda p: p.stem)
def test_converted_rich_text_is_stable_in_the_editor(path, normalise):
    """Rich text the importer stores comes back unchanged from the editor's converter."""
    options = RunOptions()
    blocks, _, _ = convert_html(path.read_text(encoding="utf-8"), options, normalise)
    for block in blocks:
        if block["type"] in ("paragraph", "footnotes"):
            text = block["value"]
            assert editor_round_trip(text, options.paragraph_features) == text
        elif block["type"] == "quote":
            text = block["value"]["text"]
            assert editor_round_trip(text, options.quote_features) == text


@pytest.mark.parametrize("path", cases("convert", "*.html"), ids=lambda p: p.stem)
def test_normaliser_gives_what_the_editor_round_trip_gives(path, normalise):
    """The normaliser skips the editor's indented JSON, not any of its conversion: raw fixture
    HTML, not yet through it, comes out as the admin's own round trip makes it."""
    html = path.read_text(encoding="utf-8")
    options = RunOptions()
    for kind, features in [
        ("paragraph", options.paragraph_features),
        ("quote", options.quote_features),
    ]:
        random.seed(kind)  # the converter draws each block's key at random
        ours = outcome(normalise, html, kind)
        random.seed(kind)
        assert ours == outcome(editor_round_trip, html, features)


def outcome(function, *args):
    """What `function` returns, or the error it raises (the editor's parser rejects some raw
    HTML, such as void tags written without a slash, and both must reject the same)."""
    try:
        return function(*args)
    except Exception as error:
        return repr(error)


def test_booking_url_from_settings_is_recognised_without_a_booking_path(normalise):
    html = '<p><a href="https://clinic.example.com/appointments-page">Reserve</a></p>'
    plain, _, _ = convert_html(html, RunOptions(), normalise)
    configured, _, _ = convert_html(
        html, RunOptions(booking_urls=("https://clinic.example.com/appointments-page",)), normalise
    )
    assert plain[0]["type"] == "paragraph"
    assert configured[0]["type"] == "booking_cta"
    assert configured[0]["value"]["actions"] == [
        {
            "type": "book_online",
            "value": {"label": "Reserve", "url": "https://clinic.example.com/appointments-page"},
        }
    ]


def test_the_pipeline_writes_rich_text_with_the_features_the_blocks_allow():
    # The pure stages keep their own copy so they import nothing of the site; this keeps it true.
    from blog.blocks import PARAGRAPH_FEATURES, QUOTE_FEATURES
    from importer.common import RunOptions

    assert RunOptions().paragraph_features == tuple(PARAGRAPH_FEATURES)
    assert RunOptions().quote_features == tuple(QUOTE_FEATURES)


def test_sanitising_reaches_into_any_depth_of_form_wrappers(normalise):
    """Forms, labels and buttons are unwrapped, however deeply a page nests them, and what is
    unsafe inside them still goes."""
    depth = 1200  # deeper than Python's recursion limit
    html = (
        "<form>" * depth
        + '<p>Write to us <a href="javascript:alert(1)">here</a><script>alert(2)</script></p>'
        + "</form>" * depth
    )
    blocks, _, warnings = convert_html(html, RunOptions(), normalise)
    assert [block["type"] for block in blocks] == ["paragraph"]
    assert "Write to us" in blocks[0]["value"]
    assert "javascript" not in blocks[0]["value"] and "alert" not in blocks[0]["value"]
    assert warnings == [
        "Removed unsafe javascript: URL from <a>.",
        "Removed unsafe <script> element and its content.",
    ]


@pytest.mark.parametrize(
    "href",
    ["java\tscript:alert(1)", "jav&#x0A;ascript:alert(1)", "&#9; JavaScript:alert(1)"],
    ids=["tab", "line-break", "leading-tab"],
)
def test_scripts_in_urls_are_removed_however_browsers_would_read_them(href, normalise):
    """Browsers ignore tabs and line breaks inside a URL, and control characters before it."""
    html = f'<ul><li><a href="{href}">Book</a></li></ul><video poster="{href}" src="x.mp4"></video>'
    blocks, _, warnings = convert_html(html, RunOptions(), normalise)
    assert "script" not in json.dumps(blocks).lower()
    assert warnings[:2] == [
        "Removed unsafe javascript: URL from <a>.",
        "Removed unsafe javascript: URL from <video>.",
    ]


@pytest.mark.parametrize(
    ("rule", "anchors"),
    [
        # github-slugger (Gatsby, Astro; Jekyll's and Hugo's defaults follow it)
        ("github", ["whats-new-in-2026", "gift-cards--vouchers", "gift-cards--vouchers-1"]),
        # markdown-it-anchor's default, as on Eleventy sites
        (
            "eleventy",
            ["what's-new-in-2026%3F", "gift-cards-%26-vouchers", "gift-cards-%26-vouchers-1"],
        ),
    ],
)
def test_heading_anchors_follow_the_old_generators_rule(rule, anchors, normalise):
    html = (
        "<h2>What's new in 2026?</h2>"
        "<h2>Gift cards &amp; vouchers</h2><h3>Gift cards &amp; vouchers</h3>"
    )
    blocks, _, _ = convert_html(html, RunOptions(heading_ids=rule), normalise)
    assert [block["value"]["anchor"] for block in blocks] == anchors
