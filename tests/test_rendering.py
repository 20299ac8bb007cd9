"""Every page type renders for a visitor, with its content."""

import datetime

import pytest

from blog.models import POSTS_PER_PAGE
from tests.helpers import EDMONTON


def paragraph(html):
    return {"type": "paragraph", "value": html}


def test_home_shows_hero_latest_posts_and_booking(client, make_post):
    make_post(title="Desk neck, explained", intro="Why screens tighten your neck.")
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Registered massage therapy in Edmonton" in html
    assert "Desk neck, explained" in html
    assert 'href="tel:+15879380458"' in html
    assert 'href="https://stonemassage.ca/book/"' in html


def test_blog_index_lists_live_posts_newest_first(client, make_post):
    make_post(title="Older post", date=datetime.datetime(2025, 3, 1, tzinfo=EDMONTON))
    make_post(title="Newer post", date=datetime.datetime(2026, 3, 1, tzinfo=EDMONTON))
    make_post(title="Unpublished draft", live=False)

    html = client.get("/blog/").content.decode()

    assert html.index("Newer post") < html.index("Older post")
    assert "Unpublished draft" not in html


def test_blog_index_paginates_ten_a_page(client, make_post):
    for day in range(1, POSTS_PER_PAGE + 3):
        make_post(title=f"Post {day:02d}", date=datetime.datetime(2026, 1, day, tzinfo=EDMONTON))

    first = client.get("/blog/").content.decode()
    second = client.get("/blog/?page=2").content.decode()

    assert first.count('class="post-card"') == POSTS_PER_PAGE
    assert "Post 12" in first and "Post 01" not in first
    assert second.count('class="post-card"') == 2
    assert "Post 01" in second
    assert client.get("/blog/?page=99").status_code == 404


def test_tag_page_lists_only_tagged_posts(client, make_post):
    make_post(title="Sciatica relief", tags=["back pain"])
    make_post(title="Pregnancy massage", tags=["prenatal"])

    response = client.get("/blog/tags/back-pain/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Sciatica relief" in html and "Pregnancy massage" not in html
    assert client.get("/blog/tags/no-such-tag/").status_code == 404


def test_post_renders_every_block_type(client, make_post, site_tree):
    page = make_post(
        title="Every block",
        tags=["stretching"],
        body=[
            {"type": "heading", "value": {"text": "Before your visit", "level": "h2"}},
            paragraph('<p>Drink <b>water</b> and see <a href="https://example.com/">this</a>.</p>'),
            {
                "type": "quote",
                "value": {"text": "<p>Best hour of my week.</p>", "attribution": "Sam"},
            },
            {"type": "code", "value": {"language": "text", "code": "a < b && c"}},
            {
                "type": "table",
                "value": {
                    "data": [["Length", "Price"], ["60 min", "$110"]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "Prices",
                },
            },
            {"type": "embed", "value": "https://www.youtube.com/watch?v=abcdefghijk"},
            {"type": "divider", "value": None},
            {"type": "booking_cta", "value": {"heading": "Book now", "actions": []}},
        ],
    )

    response = client.get(page.url)
    html = response.content.decode()

    assert response.status_code == 200
    assert '<h2 class="block-heading">Before your visit</h2>' in html
    assert "<b>water</b>" in html
    assert "<blockquote><p>Best hour of my week.</p></blockquote>" in html
    assert "— Sam" in html
    assert "a &lt; b &amp;&amp; c" in html
    assert '<th scope="col">Price</th>' in html and "<td>$110</td>" in html
    assert 'src="https://www.youtube-nocookie.com/embed/abcdefghijk"' in html
    assert '<hr class="block-divider">' in html
    assert 'href="/blog/tags/stretching/"' in html


def test_posts_route_by_slug_under_the_blog_and_only_there(client, make_post):
    """The blog index finds a post by its slug in one query; drafts, unknown slugs and deeper
    paths still end in Wagtail's 404, and the index's own routes still answer."""
    live = make_post(title="Easing into stretching", tags=["stretching"])
    make_post(title="Not ready yet", live=False)

    response = client.get("/blog/easing-into-stretching/")
    assert response.status_code == 200
    assert response.context["page"].pk == live.pk
    assert client.get("/blog/not-ready-yet/").status_code == 404
    assert client.get("/blog/no-such-post/").status_code == 404
    assert client.get("/blog/easing-into-stretching/more/").status_code == 404
    assert client.get("/blog/tags/stretching/").status_code == 200
    assert client.get("/blog/").status_code == 200


def test_unknown_page_gets_the_sites_404(client, site_tree):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We couldn't find that page" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "player"),
    [
        ("https://youtu.be/abcdefghijk", "https://www.youtube-nocookie.com/embed/abcdefghijk"),
        (
            "https://www.youtube.com/embed/abcdefghijk",
            "https://www.youtube-nocookie.com/embed/abcdefghijk",
        ),
        ("https://vimeo.com/123456", "https://player.vimeo.com/video/123456"),
        ("https://player.vimeo.com/video/123456", "https://player.vimeo.com/video/123456"),
        ("https://example.com/watch?v=abcdefghijk", None),
    ],
)
def test_video_player_urls(url, player):
    from blog.embeds import player_url

    assert player_url(url) == player


def test_svg_pictures_render_as_svg(client, make_post):
    from django.core.files.base import ContentFile
    from wagtail.images import get_image_model

    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60">'
        b'<rect width="120" height="60" fill="#3e5c58"/></svg>'
    )
    image = get_image_model()(title="Clinic logo")
    image.file = ContentFile(svg, name="logo.svg")
    image.width, image.height = 120, 60
    image.save()
    page = make_post(
        title="Our new logo",
        feature_image=image,
        body=[{"type": "image", "value": {"image": image.pk, "alt_text": "Logo", "caption": ""}}],
    )

    for url in (page.url, "/blog/", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert ".svg" in response.content.decode(), url


def test_a_small_picture_names_each_width_once_in_srcset(client, make_post):
    import io
    import re

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PILImage.new("RGB", (350, 200), "teal").save(buffer, "PNG")
    image = get_image_model()(title="Small picture")
    image.file = ImageFile(buffer, name="small.png")
    image.save()
    page = make_post(
        title="Small picture",
        body=[{"type": "image", "value": {"image": image.pk, "alt_text": "Teal", "caption": ""}}],
    )

    html = client.get(page.url).content.decode()
    figure = html[html.index('class="block-image"') :]
    srcsets = re.findall(r'srcset="([^"]*)"', figure[: figure.index("</figure>")])

    assert srcsets
    for srcset in srcsets:
        widths = [candidate.split()[-1] for candidate in srcset.split(",") if " " in candidate]
        assert len(widths) == len(set(widths)), srcset


def test_headings_keep_their_anchors_so_in_page_links_work(client, make_post):
    page = make_post(
        title="Aftercare",
        body=[
            paragraph('<p>See <a href="#after-the-session">after the session</a>.</p>'),
            {
                "type": "heading",
                "value": {
                    "text": "After the session",
                    "level": "h2",
                    "anchor": "after-the-session",
                },
            },
            {"type": "heading", "value": {"text": "No anchor", "level": "h3", "anchor": ""}},
        ],
    )

    html = client.get(page.url).content.decode()

    assert '<h2 class="block-heading" id="after-the-session">After the session</h2>' in html
    assert '<h3 class="block-heading">No anchor</h3>' in html


def test_footnotes_link_to_their_notes_and_back(client, make_post):
    page = make_post(
        title="Heat or ice",
        body=[
            paragraph(
                '<p>Heat<a href="#fn-1"><sup>[1]</sup></a>, ice<a href="#fn-2"><sup>[2]</sup></a>'
                ' and heat again<a href="#fn-1"><sup>[1:1]</sup></a>.</p>'
            ),
            {
                "type": "footnotes",
                "value": "<ol><li>For stiff muscles.</li><li>For <b>swelling</b>.</li></ol>",
            },
        ],
    )

    html = client.get(page.url).content.decode()

    # Each reference that first names a note carries the id the note links back to; a second
    # reference to the same note doesn't repeat it (ids are unique on a page).
    assert '<a href="#fn-1" id="fnref-1"><sup>[1]</sup></a>' in html
    assert '<a href="#fn-2" id="fnref-2"><sup>[2]</sup></a>' in html
    assert '<a href="#fn-1"><sup>[1:1]</sup></a>' in html
    assert html.count('id="fnref-1"') == 1
    back = '<a aria-label="Back to reference {0}" class="block-footnotes__back" href="#fnref-{0}">'
    assert f'<li id="fn-1">For stiff muscles. {back.format(1)}↩︎</a></li>' in html
    assert f'<li id="fn-2">For <b>swelling</b>. {back.format(2)}↩︎</a></li>' in html


@pytest.mark.parametrize(
    ("intro", "shown"),
    [
        ("Heat relaxes **tight** muscles; ice calms a fresh sprain.", False),
        ("Heat relaxes tight muscles; ice calms a...", False),
        ("Heat relaxes tight muscles; ice calms a fresh sprain, and here is why", False),
        ("When to reach for heat, and when for ice.", True),
        ("Heat relaxes", True),
        ("Then choose the one that suits the injury.", False),
        ("After the note, a paragraph that says the intro.", False),
    ],
    ids=["equal", "excerpt", "first-words", "summary", "short-start", "second", "after-note"],
)
def test_an_intro_the_body_repeats_is_shown_once(client, make_post, intro, shown):
    page = make_post(
        title="Heat or ice",
        intro=intro,
        body=[
            paragraph(
                "<p>Heat relaxes <b>tight</b> muscles; ice calms a fresh sprain, and here is "
                "why.</p><p>Then choose the one that suits the injury.</p>"
            ),
            {
                "type": "callout",
                "value": {"kind": "note", "title": "", "text": "<p>A note.</p>"},
            },
            paragraph("<p>After the note, a paragraph that says the intro.</p>"),
            {"type": "heading", "value": {"text": "Heat", "level": "h2", "anchor": "heat"}},
            paragraph("<p>Later: Heat relaxes stuff.</p>"),
        ],
    )

    html = client.get(page.url).content.decode()

    assert ('class="lead post__intro"' in html) is shown
    assert "Heat relaxes <b>tight</b> muscles" in html


def test_a_callout_is_an_aside_titled_by_its_kind_or_its_own_title(client, make_post):
    page = make_post(
        title="Before your first visit",
        body=[
            {
                "type": "callout",
                "value": {
                    "kind": "warning",
                    "title": "",
                    "text": "<p>Tell us about <b>injuries</b>.</p>",
                },
            },
            {
                "type": "callout",
                "value": {"kind": "tip", "title": "Parking", "text": "<p>Free after six.</p>"},
            },
        ],
    )

    html = client.get(page.url).content.decode()

    assert '<aside class="block-callout block-callout--warning" aria-label="Warning">' in html
    assert '<p class="block-callout__title">Warning</p>' in html
    assert "<p>Tell us about <b>injuries</b>.</p>" in html
    assert '<aside class="block-callout block-callout--tip" aria-label="Parking">' in html
    assert '<p class="block-callout__title">Parking</p>' in html


def test_a_picture_with_a_link_leads_there(client, make_post):
    from tests.helpers import create_image

    picture = create_image()
    page = make_post(
        title="Our sponsors",
        body=[
            {
                "type": "image",
                "value": {
                    "image": picture.pk,
                    "alt_text": "Stone Oils",
                    "caption": "",
                    "link": "https://sponsor.example/oils",
                },
            },
            {"type": "image", "value": {"image": picture.pk, "alt_text": "Plain", "caption": ""}},
        ],
    )

    html = client.get(page.url).content.decode()

    assert html.count('<a href="https://sponsor.example/oils">') == 1
    linked = html.split('<a href="https://sponsor.example/oils">', 1)[1].split("</a>", 1)[0]
    assert 'alt="Stone Oils"' in linked and 'alt="Plain"' not in linked


def test_code_in_a_heading_shows_as_code(client, make_post):
    page = make_post(
        title="Setup",
        body=[
            {
                "type": "heading",
                "value": {"text": "Run `npm <install>` first", "level": "h2", "anchor": "run"},
            }
        ],
    )

    html = client.get(page.url).content.decode()

    assert (
        '<h2 class="block-heading" id="run">Run <code>npm &lt;install&gt;</code> first</h2>' in html
    )
