"""An editor in headless Chromium: writing and publishing a post in the Wagtail admin, and
re-saving an imported post without losing any of it."""

import pytest

from blog.models import BlogPage
from tests.browser.helpers import PASSWORD, log_in
from tests.helpers import change_booking_settings, create_image

pytestmark = [
    pytest.mark.browser,
    pytest.mark.urls("tests.browser.urls"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)


def add_block(page, label):
    """Open the last "Insert a block" menu of the body and pick `label` from the chooser."""
    page.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=label, exact=True).click()


def test_an_editor_writes_and_publishes_a_post_that_visitors_then_read(visit, site_tree, editor):
    create_image("Warm stones on a massage table")
    tab = visit("desktop")
    page = tab.page
    log_in(tab)

    tab.goto(f"/admin/pages/add/blog/blogpage/{site_tree.blog.pk}/")
    page.get_by_role("textbox", name="Title*").fill("Hot stone massage, step by step")
    page.get_by_role("textbox", name="Intro").fill(
        "What to expect from your first hot stone session."
    )

    add_block(page, "Heading")
    page.locator('input[name="body-0-value-text"]').fill("Before the stones come out")
    add_block(page, "Paragraph")
    paragraph = page.locator('[data-contentpath="body"] [role="textbox"]').last
    paragraph.click()
    paragraph.press_sequentially("We warm basalt stones to a safe, even temperature.")
    add_block(page, "Image")
    page.locator("#body-2-value-image-chooser").get_by_role(
        "button", name="Choose an image"
    ).click()
    modal = page.get_by_role("dialog")
    modal.get_by_role("link", name="Warm stones on a massage table").click()
    modal.wait_for(state="hidden")
    page.locator('[data-contentpath="body"] .chooser__title').get_by_text(
        "Warm stones on a massage table"
    ).wait_for()
    page.locator('input[name="body-2-value-alt_text"]').fill("Smooth dark stones in a row")
    add_block(page, "Booking call-to-action")
    page.locator('input[name="body-3-value-heading"]').fill("Book a hot stone massage")

    page.get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Publish").click()
    errors = page.locator(".error-message").all_inner_texts()
    # Wagtail autosaves a new page as a draft whenever the editor pauses, so the publish comes
    # from the create view or, after an autosave, from the edit view.
    messages = page.locator(".messages").inner_text()
    assert "created and published" in messages or "has been published" in messages, errors

    post = BlogPage.objects.get(title="Hot stone massage, step by step")
    assert post.live
    assert [block.block_type for block in post.body] == [
        "heading",
        "paragraph",
        "image",
        "booking_cta",
    ]

    visitor = visit("phone")
    # The site's Content-Security-Policy is on: the page below works under it (any violation
    # would be a console error, which assert_healthy refuses).
    policy = visitor.goto(post.url).header_value("content-security-policy")
    assert "script-src 'self'" in policy and "unsafe-" not in policy
    visitor.load_every_image()
    reader = visitor.page
    assert reader.get_by_role("heading", level=1).inner_text() == "Hot stone massage, step by step"
    assert reader.get_by_role("heading", name="Before the stones come out").is_visible()
    assert reader.get_by_text("We warm basalt stones to a safe, even temperature.").is_visible()
    assert reader.get_by_role("img", name="Smooth dark stones in a row").is_visible()
    cta = reader.locator("main .booking-cta", has_text="Book a hot stone massage")
    assert cta.get_by_role("link", name="Book online").get_attribute("href") == (
        "https://stonemassage.ca/book/"
    )
    assert cta.get_by_role("link", name="Call 587-938-0458").get_attribute("href") == (
        "tel:+15879380458"
    )
    assert visitor.broken_images() == []
    assert visitor.horizontal_overflow() == 0
    visitor.assert_healthy()
    assert tab.page_errors == [] and tab.dialogs == []
    assert tab.foreign_requests == []


def test_hostile_booking_settings_run_nothing_in_the_post_editor(visit, site_tree, editor):
    # Stored past the settings form's validation, as an API client or a data fix could.
    change_booking_settings(
        site_tree.booking,
        phone_number="<img src=x onerror=alert(1)>",
        booking_url="https://x.example/<img/src=x/onerror=alert(2)>",
    )
    tab = visit("desktop")
    page = tab.page
    log_in(tab)

    tab.goto(f"/admin/pages/add/blog/blogpage/{site_tree.blog.pk}/")
    add_block(page, "Booking call-to-action")
    help_text = page.locator(".c-sf-help", has_text="Empty fields use Booking settings")

    # The payloads are there to read, as text, and nothing ran.
    assert "“Call” dials <img src=x onerror=alert(1)>" in help_text.inner_text()
    assert page.locator('[data-contentpath="body"] img[src="x"]').count() == 0
    assert tab.dialogs == []
    assert tab.page_errors == []
