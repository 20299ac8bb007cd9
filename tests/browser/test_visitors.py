"""A visitor on a phone and on a desktop, in headless Chromium: reading, booking, and nothing
broken, sideways-scrolling, inaccessible or loaded from elsewhere on the way."""

import datetime

import pytest

from blog.models import Author
from tests.helpers import EDMONTON, add_post, create_image

pytestmark = [
    pytest.mark.browser,
    pytest.mark.urls("tests.browser.urls"),
    # The live server reads the database from its own thread, so tests commit for real;
    # serialized_rollback puts back the rows migrations made (root page, locale, collections).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BOOKING_URL = "https://stonemassage.ca/book/"
TEL = "tel:+15879380458"


@pytest.fixture
def blog(site_tree):
    """A small blog: a post with its own booking block, and a few with pictures and tags."""
    author = Author.objects.create(name="Dana Stone", bio="Registered Massage Therapist.")
    for day, title in enumerate(["Pregnancy massage", "Sciatica relief"], start=1):
        add_post(
            site_tree.blog,
            title=title,
            intro=f"What {title.lower()} is like, and who it helps.",
            author=author,
            tags=["massage", "pain relief"],
            feature_image=create_image(title, color=(62, 92, 88)),
            date=datetime.datetime(2026, 1, day, 9, 0, tzinfo=EDMONTON),
            body=[{"type": "paragraph", "value": "<p>Gentle, steady pressure.</p>"}],
        )
    post = add_post(
        site_tree.blog,
        title="Therapeutic massage explained",
        intro="What happens in a session, and how it helps tight muscles recover.",
        author=author,
        tags=["massage", "therapeutic massage"],
        feature_image=create_image("Therapist at work"),
        feature_image_alt="A therapist easing a client's shoulder",
        date=datetime.datetime(2026, 1, 6, 20, 50, tzinfo=EDMONTON),
        body=[
            {"type": "heading", "value": {"text": "What happens in a session", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>We start with a short talk about <b>where it hurts</b> and what "
                "you'd like to do again without pain. Then the therapist works through the "
                'tight muscles, checking in as they go. <a href="/blog/">More posts</a>.</p>',
            },
            {
                "type": "image",
                "value": {
                    "image": create_image("Treatment room", size=(1400, 900)).pk,
                    "alt_text": "A calm treatment room with a massage table",
                    "caption": "Our treatment room",
                },
            },
            {
                "type": "quote",
                "value": {
                    "text": "<p>I could turn my head again the next morning.</p>",
                    "attribution": "A client",
                },
            },
            {
                "type": "table",
                "value": {
                    "data": [["Length", "Price"], ["60 minutes", "$110"], ["90 minutes", "$150"]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "Prices",
                },
            },
            {
                "type": "booking_cta",
                "value": {
                    "heading": "Book a therapeutic massage",
                    "text": "In our clinic or in your home.",
                    "service": "both",
                    "actions": [],
                },
            },
        ],
    )
    return post


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_visitor_reads_a_post_and_finds_how_to_book(visit, blog, viewport):
    tab = visit(viewport)
    page = tab.page

    tab.goto("/")
    tab.load_every_image()
    assert tab.horizontal_overflow() == 0
    assert tab.broken_images() == []
    home_cta = page.locator("main .booking-cta").first
    assert home_cta.locator("a.button--call").get_attribute("href") == TEL
    tab.screenshot(f"home-{viewport}")

    page.get_by_role("link", name="Therapeutic massage explained").click()
    page.wait_for_url("**/blog/therapeutic-massage-explained/")
    tab.load_every_image()

    assert page.get_by_role("heading", level=1).inner_text() == "Therapeutic massage explained"
    cta = page.locator("main .booking-cta", has_text="Book a therapeutic massage")
    cta.scroll_into_view_if_needed()
    assert cta.is_visible()
    book = cta.get_by_role("link", name="Book online")
    call = cta.get_by_role("link", name="Call 587-938-0458")
    assert book.get_attribute("href") == BOOKING_URL
    assert call.get_attribute("href") == TEL
    assert book.is_visible() and call.is_visible()
    # Big enough to hit with a thumb (WCAG's 44px target size).
    for button in (book, call):
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    if viewport == "phone":
        # On a phone the two buttons stack, each as wide as the box, so neither is missed.
        assert book.bounding_box()["width"] == pytest.approx(call.bounding_box()["width"], abs=1)
    assert page.locator('header a[href="https://stonemassage.ca/book/"]').is_visible()
    assert tab.horizontal_overflow() == 0
    assert tab.broken_images() == []
    # The pictures the browser chose are the modern ones.
    assert page.locator(".post__feature").evaluate("img => img.currentSrc").endswith(".webp")
    tab.screenshot(f"post-{viewport}")

    tab.goto("/blog/")
    tab.load_every_image()
    assert page.locator(".post-card").count() == 3
    assert tab.horizontal_overflow() == 0
    assert tab.broken_images() == []
    tab.screenshot(f"index-{viewport}")

    page.get_by_role("link", name="Search").click()
    page.get_by_label("Search posts").fill("sciatica")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=sciatica")
    assert page.locator(".post-card__title").all_inner_texts() == ["Sciatica relief"]
    assert tab.horizontal_overflow() == 0

    tab.assert_healthy()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_no_serious_accessibility_problems(axe, visit, blog, viewport):
    tab = visit(viewport)
    found = {}
    for path in ("/", "/blog/", blog.url, "/blog/tags/massage/", "/search/?q=massage"):
        tab.goto(path)
        tab.load_every_image()
        found[path] = axe(tab.page)
    assert found == {path: [] for path in found}
    tab.assert_healthy()


def test_the_accessibility_check_catches_a_planted_problem(axe, visit):
    """The axe harness itself works: an unlabelled image and button are reported."""
    tab = visit("desktop")
    tab.page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Planted</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button></button>'
        "</main></body></html>"
    )
    assert {violation["id"] for violation in axe(tab.page)} >= {"image-alt", "button-name"}
