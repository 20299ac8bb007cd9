"""Booking blocks as Markdown: the lines the importer's booking recogniser
(importer.stages.convert.booking) turns back into the same ``booking_cta`` block.

Each button is a paragraph of its own: ``[Book online](https://…/book/)`` and
``[587-938-0458](tel:+15879380458)``, a label other than the recogniser's default written as a
``####`` heading just above it. The recogniser makes blocks without a heading or text and works
out the service from the labels; a block that says otherwise is written as near as it can be,
with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from blog.phone import tel_href
from importer.common import RunOptions
from importer.export.markdown_inline import block_safe, collapse, escape_heading, escape_text
from importer.stages.convert.booking import clean_label, cta_value, is_booking_url

EMPTY_FIELDS = "a button's empty fields are written with the Booking settings' values."


@dataclass(frozen=True, slots=True)
class BookingDefaults:
    """The site's Booking settings, which fill an empty block, and the options the importer
    will read the export with (its booking links)."""

    booking_url: str = ""
    phone_number: str = ""
    reading: RunOptions = field(default_factory=RunOptions)


def booking_markdown(value: dict[str, Any], defaults: BookingDefaults) -> tuple[str, list[str]]:
    """A booking block as the lines the importer's recogniser makes one of, and what it
    will read back differently."""
    warnings: list[str] = []
    parts = []
    if value.get("heading") or value.get("text"):
        warnings.append(
            "the importer makes booking blocks without a heading or text; they are written as "
            "a heading and a paragraph before it."
        )
        if value.get("heading"):
            parts.append("## " + escape_heading(value["heading"]))
        if value.get("text"):
            parts.append(block_safe(escape_text(collapse(value["text"]))))
    actions = [
        (action.get("type"), action.get("value") or {}) for action in value.get("actions") or []
    ]
    if not actions:
        warnings.append(
            "it has no buttons of its own; the Booking settings' link and number are written in."
        )
        actions = [("book_online", {}), ("call", {})]
    written = []
    for kind, action in actions:
        text, read_back = booking_action(kind, action, defaults, warnings)
        if text:
            parts.append(text)
            written.append(read_back)
    service = cta_value(written)["service"] if written else ""
    if written and service != value.get("service", "both"):
        warnings.append(
            f"its service is read back from the buttons' labels as '{service}', "
            f"not '{value.get('service')}'."
        )
    return "\n\n".join(parts), warnings


def booking_action(
    kind: str, action: dict[str, Any], defaults: BookingDefaults, warnings: list[str]
) -> tuple[str, dict[str, Any]]:
    """One button as booking lines, and the action the importer will read from them."""
    label = action.get("label") or ""
    if kind == "book_online":
        url = action.get("url") or defaults.booking_url
        if not url or not markdown_url(url):
            warnings.append("a 'Book online' button without a usable address was left out.")
            return "", {}
        if not is_booking_url(url, defaults.reading):
            warnings.append(f"{url} is not a booking address the importer recognises.")
        written = label or "Book online"
        if not label or url != action.get("url"):
            warnings.append(EMPTY_FIELDS)
        if clean_label(written) != written or written == url:
            warnings.append(f"the label “{written}” is read back as “{clean_label(written)}”.")
        line = f"[{escape_text(written)}]({url})"
        return line, {"type": kind, "value": {"label": clean_label(written), "url": url}}
    phone = action.get("phone") or defaults.phone_number
    digits = re.sub(r"[^\d+]", "", phone)
    if not digits:
        warnings.append("a 'Call' button without a phone number was left out.")
        return "", {}
    if not label or phone != action.get("phone"):
        warnings.append(EMPTY_FIELDS)
    # The address the Wagtail page dials: the number in E.164 (tel:+15879380458).
    href = tel_href(phone) or f"tel:{digits}"
    line = f"[{escape_text(phone)}]({href})"
    if label and label != f"Call {phone}":
        line = f"#### {escape_heading(label)}\n\n{line}"
        if clean_label(label) != label:
            warnings.append(f"the label “{label}” is read back as “{clean_label(label)}”.")
    read_label = clean_label(label) if label else f"Call {phone}"
    return line, {"type": kind, "value": {"label": read_label, "phone": phone}}


def markdown_url(url: str) -> bool:
    return bool(re.fullmatch(r"[^\s<>()\\]+", url))
