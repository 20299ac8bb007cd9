"""An editor builds and publishes a post through the admin's own forms."""

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogPage


def test_editor_creates_and_publishes_a_post_with_a_booking_cta(editor_client, site_tree):
    add_url = reverse("wagtailadmin_pages:add", args=("blog", "blogpage", site_tree.blog.pk))
    form = nested_form_data(
        {
            "title": "Five stretches for desk workers",
            "slug": "desk-stretches",
            "date": "2026-02-10 09:30",
            "intro": "Small moves between meetings.",
            "feature_image_alt": "",
            "tags": "stretching, desk work",
            "co_authors": inline_formset([]),
            "body": streamfield(
                [
                    ("heading", {"text": "Start with your neck", "level": "h2"}),
                    ("paragraph", rich_text("<p>Roll your shoulders <b>slowly</b>.</p>")),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Between meetings",
                            "text": rich_text("<p>Stand up <i>every hour</i>.</p>"),
                        },
                    ),
                    (
                        "booking_cta",
                        {
                            "heading": "Book a massage",
                            "text": "Tight after all that sitting?",
                            "service": "both",
                            "actions": streamfield(
                                [
                                    (
                                        "book_online",
                                        {
                                            "label": "Book online",
                                            "url": "https://stonemassage.ca/book/",
                                        },
                                    ),
                                    (
                                        "call",
                                        {
                                            "label": "Call for mobile massage",
                                            "phone": "587-938-0458",
                                        },
                                    ),
                                ]
                            ),
                        },
                    ),
                ]
            ),
            "action-publish": "publish",
        }
    )

    response = editor_client.post(add_url, form)

    assert response.status_code == 302, response.content.decode()[:2000]
    page = BlogPage.objects.get(slug="desk-stretches")
    assert page.live
    assert [block.block_type for block in page.body] == [
        "heading",
        "paragraph",
        "callout",
        "booking_cta",
    ]
    assert page.body[2].value["kind"] == "tip"
    assert sorted(tag.name for tag in page.tags.all()) == ["desk work", "stretching"]

    editor_client.logout()
    html = editor_client.get(page.url).content.decode()
    assert '<h2 class="block-heading">Start with your neck</h2>' in html
    assert "Roll your shoulders <b>slowly</b>." in html
    assert '<p class="block-callout__title">Between meetings</p>' in html
    assert "Stand up <i>every hour</i>." in html
    assert 'href="https://stonemassage.ca/book/">Book online</a>' in html
    assert (
        'href="tel:+15879380458">Call for mobile massage '
        '<span class="button__detail">587-938-0458</span></a>'
    ) in html


def test_booking_settings_are_edited_under_settings(editor_client, site_tree):
    url = reverse(
        "wagtailsettings:edit", args=("blog", "bookingsettings", site_tree.home.get_site().pk)
    )
    response = editor_client.get(url)
    assert response.status_code == 200
    assert "587-938-0458" in response.content.decode()
