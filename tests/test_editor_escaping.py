"""Values typed into settings or stored by an import reach the editor only as text, and Booking
settings accept only a web address and a phone number."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from blog.blocks import BlogStreamBlock, booking_defaults_hint
from blog.models import BookingSettings
from blog.phone import validate_phone_number
from tests.helpers import change_booking_settings, find_struct_metas

HOSTILE = '<img src=x onerror=alert(1)><script>alert("script")</script>'
# Short enough for the phone field's 40 characters, so only validation can refuse it.
HOSTILE_PHONE = "<img src=x onerror=alert(1)>"
# A URL validator's idea of a web address: no spaces, any other character.
HOSTILE_URL = "https://x.example/<img/src=x/onerror=alert(1)>"


def booking_block_help(client, blog):
    add_url = reverse("wagtailadmin_pages:add", args=("blog", "blogpage", blog.pk))
    html = client.get(add_url).content.decode()
    definition = BeautifulSoup(html, "html.parser").select_one("[data-w-block-data-value]")
    data = json.loads(definition["data-w-block-data-value"])
    prefix = BlogStreamBlock().child_blocks["booking_cta"].definition_prefix
    return [
        meta["helpText"] for meta in find_struct_metas(data) if meta.get("blockDefId") == prefix
    ]


def test_hostile_booking_settings_reach_the_editor_as_text(editor_client, site_tree):
    # Stored without the form's validation, as an API client, a data fix or an older version
    # of the site could have stored them.
    change_booking_settings(site_tree.booking, phone_number=HOSTILE_PHONE, booking_url=HOSTILE_URL)

    [help_text] = booking_block_help(editor_client, site_tree.blog)

    # The admin puts block help text into the page as HTML: it must parse to text alone.
    assert BeautifulSoup(help_text, "html.parser").find() is None
    assert BeautifulSoup(help_text, "html.parser").get_text() == (
        f"Empty fields use Booking settings: “Book online” goes to {HOSTILE_URL}; "
        f"“Call” dials {HOSTILE_PHONE}."
    )


def test_the_hint_without_settings_is_plain_text():
    hint = booking_defaults_hint(BookingSettings())
    assert BeautifulSoup(hint, "html.parser").get_text() == hint


@pytest.mark.parametrize(
    "written",
    [
        "587-938-0458",
        "(587) 938 0458",
        "+1 (780) 555-0100",
        "+44 20 7946 0958",
        "780.555.0100",
        "587-938-0458 ext. 12",
    ],
)
def test_phone_numbers_as_clinics_write_them_are_accepted(written):
    validate_phone_number(written)


@pytest.mark.parametrize(
    "written",
    [
        HOSTILE,
        "<b>587-938-0458</b>",
        "587-938-0458<script>alert(1)</script>",
        "javascript:alert(1)",
        "tel:5879380458",
        "call us",
        "123",
        "587-938-0458 and 780-555-0100 and 403-555-0100",
    ],
)
def test_anything_else_is_refused_as_a_phone_number(written):
    with pytest.raises(ValidationError):
        validate_phone_number(written)


def settings_form(**fields):
    return {
        "clinic_name": "Stone Massage",
        "booking_url": "https://stonemassage.ca/book/",
        "phone_number": "587-938-0458",
        "mobile_service_note": "",
        "address": "",
        **fields,
    }


def post_settings(client, site_tree, **fields):
    url = reverse(
        "wagtailsettings:edit", args=("blog", "bookingsettings", site_tree.home.get_site().pk)
    )
    return client.post(url, settings_form(**fields))


@pytest.mark.parametrize(
    "fields",
    [
        {"phone_number": HOSTILE_PHONE},
        {"phone_number": "javascript:alert(1)"},
        {"phone_number": "587-938-0458<br>"},
        {"booking_url": "javascript:alert(1)"},
        {"booking_url": "ftp://stonemassage.ca/book/"},
    ],
)
def test_booking_settings_form_refuses_hostile_values(editor_client, site_tree, fields):
    response = post_settings(editor_client, site_tree, **fields)

    assert response.status_code == 200  # the form again, with its errors
    [(name, _)] = fields.items()
    assert response.context["form"].errors.keys() == {name}
    saved = BookingSettings.objects.get(pk=site_tree.booking.pk)
    assert (saved.booking_url, saved.phone_number) == (
        "https://stonemassage.ca/book/",
        "587-938-0458",
    )


def test_booking_settings_form_saves_ordinary_values(editor_client, site_tree):
    response = post_settings(
        editor_client,
        site_tree,
        booking_url="http://book.example.com/rmt",
        phone_number="+1 (780) 555-0100",
    )

    assert response.status_code == 302
    saved = BookingSettings.objects.get(pk=site_tree.booking.pk)
    assert (saved.booking_url, saved.phone_number) == (
        "http://book.example.com/rmt",
        "+1 (780) 555-0100",
    )
