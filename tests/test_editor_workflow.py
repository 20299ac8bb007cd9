"""How editors work on posts: the grouped editor, block previews, preview, revisions, scheduled
publishing, and Booking settings that change every page at once."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.blocks import BlogStreamBlock, BookingCTABlock
from blog.models import BlogPage, BookingSettings
from tests.helpers import change_booking_settings, find_struct_metas


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(editor)
    return client


def post_form(title, paragraph, action=None, **fields):
    """The page editor's form as a browser would post it, for a post with one paragraph."""
    data = {
        "title": title,
        "slug": fields.pop("slug", "a-post"),
        "date": "2026-02-10 09:30",
        "intro": "",
        "feature_image_alt": "",
        "tags": "",
        "co_authors": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "body": streamfield([("paragraph", rich_text(f"<p>{paragraph}</p>"))]),
        **fields,
    }
    if action:
        data[action] = action.removeprefix("action-")
    return nested_form_data(data)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def test_post_editor_is_grouped_into_content_promote_and_settings(editor_client, make_post):
    post = make_post(title="A post")

    page = BeautifulSoup(editor_client.get(edit_url(post)).content, "html.parser")

    # A tab's own text is its title; the error counter inside it is empty on a clean form.
    tabs = [tab.find(string=True).strip() for tab in page.select('[role="tab"]')]
    assert tabs == ["Content", "Promote", "Settings"]
    panels = {
        panel["id"]: panel.get_text(" ", strip=True) for panel in page.select("[role=tabpanel]")
    }
    assert "Body" in panels["tab-content"] and "Feature image" in panels["tab-content"]
    assert "Search engines and sharing" in panels["tab-promote"]
    assert "Publication date" in panels["tab-settings"]


@pytest.mark.parametrize(
    "name", ["heading", "paragraph", "image", "quote", "code", "table", "divider", "booking_cta"]
)
def test_blocks_preview_in_the_block_chooser_with_the_sites_styles(
    editor_client, site_tree, make_image, name
):
    make_image("A calm treatment room")
    block = BlogStreamBlock().child_blocks[name]
    assert block.is_previewable

    response = editor_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )

    page = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200
    assert page.select_one('link[rel="stylesheet"][href="/static/css/site.css"]')
    rendered = page.select_one(f"main .block-{name}")
    assert rendered is not None and rendered.decode_contents().strip()
    if name == "booking_cta":
        assert rendered.select_one('a[href="tel:+15879380458"]')
    if name == "image":
        assert rendered.select_one("picture img")


def test_booking_block_hints_show_the_current_booking_settings(editor_client, site_tree):
    def booking_block_help():
        add_url = reverse("wagtailadmin_pages:add", args=("blog", "blogpage", site_tree.blog.pk))
        html = editor_client.get(add_url).content.decode()
        definition = BeautifulSoup(html, "html.parser").select_one("[data-w-block-data-value]")
        data = json.loads(definition["data-w-block-data-value"])
        return [
            meta["helpText"]
            for meta in find_struct_metas(data)
            if meta.get("blockDefId")
            == BlogStreamBlock().child_blocks["booking_cta"].definition_prefix
        ]

    assert booking_block_help() == [
        "Empty fields use Booking settings: “Book online” goes to https://stonemassage.ca/book/; "
        "“Call” dials 587-938-0458."
    ]
    change_booking_settings(site_tree.booking, phone_number="780-555-0199")
    assert "“Call” dials 780-555-0199" in booking_block_help()[0]


def test_booking_block_without_settings_says_where_to_set_them(site_tree):
    from blog.blocks import booking_defaults_hint

    assert "add them under Settings" in booking_defaults_hint(BookingSettings())
    assert isinstance(BlogStreamBlock().child_blocks["booking_cta"], BookingCTABlock)


def test_preview_shows_unsaved_changes_without_publishing_them(editor_client, make_post):
    post = make_post(title="Published title", slug="a-post")
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(post.pk,))

    state = editor_client.post(preview_url, post_form("Draft title", "Not saved yet."))
    preview = editor_client.get(preview_url)

    assert state.json()["is_valid"] is True
    assert "Not saved yet." in preview.content.decode()
    assert "<h1>Draft title</h1>" in preview.content.decode()
    editor_client.logout()
    assert "Published title" in editor_client.get(post.url).content.decode()


def test_saving_a_draft_keeps_a_revision_and_leaves_the_live_page_alone(editor_client, make_post):
    post = make_post(title="First version", slug="a-post")

    response = editor_client.post(edit_url(post), post_form("Second version", "New words."))

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.has_unpublished_changes
    assert post.title == "First version"  # the live row keeps the published version
    revisions = Revision.page_revisions.filter(object_id=str(post.pk)).order_by("created_at")
    assert [rev.content["title"] for rev in revisions] == ["First version", "Second version"]
    history = editor_client.get(reverse("wagtailadmin_pages:history", args=(post.pk,)))
    assert history.status_code == 200
    compare = editor_client.get(
        reverse(
            "wagtailadmin_pages:revisions_compare",
            args=(post.pk, revisions[0].pk, revisions[1].pk),
        )
    )
    assert compare.status_code == 200 and "Second version" in compare.content.decode()
    assert "First version" in editor_client.get(post.url).content.decode()

    revisions[1].publish()
    assert "New words." in editor_client.get(post.url).content.decode()


def test_reverting_to_an_earlier_revision_brings_its_content_back(editor_client, make_post):
    post = make_post(
        title="Original", slug="a-post", body=[{"type": "paragraph", "value": "<p>Old</p>"}]
    )
    first = post.latest_revision
    editor_client.post(edit_url(post), post_form("Rewritten", "New", action="action-publish"))

    revert = editor_client.get(
        reverse("wagtailadmin_pages:revisions_revert", args=(post.pk, first.pk))
    )
    assert revert.status_code == 200
    assert "Original" in revert.content.decode()
    editor_client.post(edit_url(post), post_form("Original", "Old", action="action-publish"))
    post.refresh_from_db()
    assert post.title == "Original"


def test_a_post_scheduled_for_later_goes_live_with_publish_scheduled(
    editor_client, site_tree, monkeypatch
):
    add_url = reverse("wagtailadmin_pages:add", args=("blog", "blogpage", site_tree.blog.pk))
    go_live = timezone.localtime() + datetime.timedelta(days=2)

    response = editor_client.post(
        add_url,
        post_form(
            "Spring hours",
            "Open Saturdays from April.",
            action="action-publish",
            slug="spring-hours",
            go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
        ),
    )

    assert response.status_code == 302
    post = BlogPage.objects.get(slug="spring-hours")
    assert not post.live
    assert post.scheduled_revision is not None
    editor_client.logout()
    assert editor_client.get("/blog/spring-hours/").status_code == 404

    call_command("publish_scheduled", verbosity=0)
    post.refresh_from_db()
    assert not post.live  # its time hasn't come

    # Three days later, the scheduled job runs again.
    later = timezone.now() + datetime.timedelta(days=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled", verbosity=0)
    post.refresh_from_db()
    assert post.live
    assert "Open Saturdays from April." in editor_client.get(post.url).content.decode()


def test_booking_settings_edited_under_settings_change_every_page_at_once(
    editor_client, make_post, site_tree
):
    post = make_post(
        title="With its own booking block",
        tags=["x"],
        body=[{"type": "booking_cta", "value": {"heading": "Book now"}}],
    )
    url = reverse(
        "wagtailsettings:edit", args=("blog", "bookingsettings", site_tree.home.get_site().pk)
    )
    menu = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtailsettings:edit", args=("blog", "bookingsettings")) in menu

    response = editor_client.post(
        url,
        {
            "clinic_name": "Stone Massage",
            "booking_url": "https://book.example.org/stone/",
            "phone_number": "780-555-0199",
            "mobile_service_note": "",
            "address": "",
        },
    )

    assert response.status_code == 302
    editor_client.logout()
    for page_url in ("/", "/blog/", post.url, "/blog/tags/x/", "/search/?q=booking"):
        html = editor_client.get(page_url).content.decode()
        assert 'href="tel:+17805550199"' in html, page_url
        assert 'href="https://book.example.org/stone/"' in html, page_url
        assert "tel:+15879380458" not in html and "stonemassage.ca/book" not in html, page_url


def test_saving_in_the_editor_keeps_multi_line_text_as_it_was_stored():
    """Browsers post textarea line breaks as CRLF; stored code and booking text keep LF."""
    code = BlogStreamBlock().child_blocks["code"]
    booking = BlogStreamBlock().child_blocks["booking_cta"]

    code_value = code.value_from_datadict(
        {"c-language": "text", "c-code": "one\r\ntwo\r\n"}, {}, "c"
    )
    booking_value = booking.value_from_datadict(
        {
            "b-heading": "",
            "b-text": "Line one\r\nLine two",
            "b-service": "both",
            "b-actions-count": 0,
        },
        {},
        "b",
    )

    assert code_value["code"] == "one\ntwo\n"
    assert booking_value["text"] == "Line one\nLine two"
