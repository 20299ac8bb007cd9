"""The booking call-to-action: real links, and Booking settings filling empty fields."""

import pytest

from blog.phone import e164, tel_href


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("587-938-0458", "+15879380458"),
        ("(587) 938 0458", "+15879380458"),
        ("1-587-938-0458", "+15879380458"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+1 (780) 555-0100", "+17805550100"),
    ],
)
def test_phone_numbers_become_e164(written, expected):
    assert e164(written) == expected
    assert tel_href(written) == f"tel:{expected}"


def test_empty_phone_number_has_no_link():
    assert tel_href("") == ""
    assert tel_href("   ") == ""


def booking_block(**value):
    return {"type": "booking_cta", "value": value}


def test_booking_cta_renders_both_actions_with_their_links(client, make_post):
    page = make_post(
        title="Book",
        body=[
            booking_block(
                heading="Book a therapeutic massage",
                text="In the clinic or at home.",
                service="both",
                actions=[
                    {
                        "type": "book_online",
                        "value": {
                            "label": "Book online (in-clinic)",
                            "url": "https://book.example.com/rmt",
                        },
                    },
                    {
                        "type": "call",
                        "value": {"label": "Call for mobile massage", "phone": "780-555-0100"},
                    },
                ],
            )
        ],
    )

    html = client.get(page.url).content.decode()

    assert '<h2 class="booking-cta__heading">Book a therapeutic massage</h2>' in html
    assert 'href="https://book.example.com/rmt">Book online (in-clinic)</a>' in html
    assert (
        'href="tel:+17805550100">Call for mobile massage '
        '<span class="button__detail">780-555-0100</span></a>'
    ) in html


def test_empty_booking_fields_fall_back_to_booking_settings(client, make_post, site_tree):
    site_tree.booking.booking_url = "https://clinic.example.com/book/"
    site_tree.booking.phone_number = "(780) 555-0199"
    site_tree.booking.mobile_service_note = "We travel anywhere inside the Henday."
    site_tree.booking.save()
    page = make_post(
        title="Fallbacks",
        body=[
            booking_block(
                heading="Book",
                service="mobile",
                actions=[
                    {"type": "book_online", "value": {"label": "", "url": ""}},
                    {"type": "call", "value": {"label": "", "phone": ""}},
                ],
            )
        ],
    )

    html = client.get(page.url).content.decode()
    cta = html[html.index('class="booking-cta booking-cta--mobile"') :]

    assert 'href="https://clinic.example.com/book/">Book online</a>' in cta
    assert 'href="tel:+17805550199">Call (780) 555-0199</a>' in cta
    assert "We travel anywhere inside the Henday." in cta


def test_booking_cta_with_no_actions_offers_both_from_settings(client, make_post):
    page = make_post(title="Defaults", body=[booking_block(heading="Book", service="in_clinic")])

    html = client.get(page.url).content.decode()
    cta = html[html.index('class="booking-cta booking-cta--in_clinic"') :]

    assert 'href="https://stonemassage.ca/book/"' in cta
    assert 'href="tel:+15879380458"' in cta
    # In-clinic bookings don't need the note about travelling to the client.
    assert "Mobile massage comes to your home" not in cta[: cta.index("</aside>")]


def test_header_and_footer_follow_booking_settings(client, site_tree):
    site_tree.booking.phone_number = "780-555-0142"
    site_tree.booking.save()

    html = client.get("/blog/").content.decode()

    header = html[html.index("<header") : html.index("</header>")]
    footer = html[html.index("<footer") : html.index("</footer>")]
    assert "Book now" in header and "https://stonemassage.ca/book/" in header
    assert 'href="tel:+17805550142"' in footer


def test_a_booking_link_that_is_not_a_web_address_never_becomes_a_button(client, make_post):
    page = make_post(
        title="Hostile",
        body=[
            booking_block(
                actions=[
                    {"type": "book_online", "value": {"url": "javascript:alert(1)"}},
                    {"type": "book_online", "value": {"url": " JavaScript:alert(2)"}},
                    {"type": "book_online", "value": {"url": "https://book.example.com/"}},
                ]
            )
        ],
    )

    html = client.get(page.url).content.decode()

    assert "alert(" not in html
    assert html.count("button--book_online") == 1
    assert 'href="https://book.example.com/"' in html
