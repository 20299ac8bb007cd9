"""Booking blocks as the box the Wagtail page shows (``<aside class="booking-cta">``, as
blocks/booking_cta.html renders it: heading, text, the Booking settings' mobile-service note
and the buttons, a call button dialling ``tel:+15879380458``), which every generator passes
through as HTML and the importer's booking recogniser (importer.stages.convert.booking) reads
back as the same ``booking_cta`` block.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from blog.phone import tel_href
from importer.common import RunOptions
from importer.export.markdown_inline import collapse, html_text
from importer.stages.convert.booking import clean_label

EMPTY_FIELDS = "a button's empty fields are written with the Booking settings' values."


@dataclass(frozen=True, slots=True)
class BookingDefaults:
    """The site's Booking settings, which fill an empty block, and the options the importer
    will read the export with (its booking links)."""

    booking_url: str = ""
    phone_number: str = ""
    reading: RunOptions = field(default_factory=RunOptions)
    mobile_service_note: str = ""
    """Shown in a booking block for mobile massage (its service ``mobile`` or ``both``)."""


def booking_markdown(value: dict[str, Any], defaults: BookingDefaults) -> tuple[str, list[str]]:
    """A booking block as the box the Wagtail page shows (blocks/booking_cta.html): its heading,
    text, the Booking settings' note, and its buttons, which the importer's recogniser reads
    back as the same block; and what it will read back differently."""
    warnings: list[str] = []
    actions = [
        (action.get("type"), action.get("value") or {}) for action in value.get("actions") or []
    ]
    if not actions:
        warnings.append(
            "it has no buttons of its own; the Booking settings' link and number are written in."
        )
        actions = [("book_online", {}), ("call", {})]
    buttons = [booking_button(kind, action, defaults, warnings) for kind, action in actions]
    buttons = [button for button in buttons if button]
    if not buttons:
        return "", warnings
    service = value.get("service") or "both"
    lines = [f'<aside class="booking-cta booking-cta--{html.escape(service)}">']
    if value.get("heading"):
        heading = html_text(collapse(value["heading"]))
        lines.append(f'<h2 class="booking-cta__heading">{heading}</h2>')
    if value.get("text"):
        text = "<br>".join(html_text(collapse(line)) for line in value["text"].split("\n"))
        lines.append(f'<p class="booking-cta__text">{text}</p>')
    if service != "in_clinic" and defaults.mobile_service_note:
        note = html_text(collapse(defaults.mobile_service_note))
        lines.append(f'<p class="booking-cta__note">{note}</p>')
    lines += ['<div class="booking-cta__actions">', *buttons, "</div>", "</aside>"]
    return "\n".join(lines), warnings


def booking_button(
    kind: str, action: dict[str, Any], defaults: BookingDefaults, warnings: list[str]
) -> str:
    """One button as the page shows it, its empty fields filled from the Booking settings."""
    label = action.get("label") or ""
    if kind == "book_online":
        url = action.get("url") or defaults.booking_url
        if not url or urlsplit(url).scheme not in ("http", "https"):
            warnings.append("a 'Book online' button without a usable address was left out.")
            return ""
        written = label or "Book online"
        if not label or url != action.get("url"):
            warnings.append(EMPTY_FIELDS)
        if clean_label(written) != written:
            warnings.append(f"the label “{written}” is read back as “{clean_label(written)}”.")
        return (
            '<a class="button button--primary button--book_online" '
            f'href="{html.escape(url)}">{html_text(written)}</a>'
        )
    phone = action.get("phone") or defaults.phone_number
    # The address the Wagtail page dials: the number in E.164 (tel:+15879380458).
    href = tel_href(phone) if phone else ""
    if not href:
        warnings.append("a 'Call' button without a phone number was left out.")
        return ""
    if not label or phone != action.get("phone"):
        warnings.append(EMPTY_FIELDS)
    written = label or f"Call {phone}"
    if clean_label(written) != written:
        warnings.append(f"the label “{written}” is read back as “{clean_label(written)}”.")
    detail = "" if phone in written else f' <span class="button__detail">{html_text(phone)}</span>'
    return (
        '<a class="button button--secondary button--call" '
        f'href="{html.escape(href)}" data-phone="{html.escape(phone)}">'
        f"{html_text(written)}{detail}</a>"
    )
