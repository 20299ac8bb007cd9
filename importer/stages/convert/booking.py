"""Booking calls-to-action: the links and phone numbers that ask a reader to book.

A clinic's post ends with "Book online" and "Call us" lines. Left as paragraphs they are
loose text an editor cannot restyle; as one ``booking_cta`` block they become buttons that
follow the site's booking settings. A run of such lines, each optionally under its own small
heading (which becomes the button label), turns into one block. So does the box the blog's own
pages show a booking block as (``<aside class="booking-cta">``, blocks/booking_cta.html), which
``export_posts`` writes: its heading, text, service and buttons; its note comes from the
Booking settings and is not the block's.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

import phonenumbers
from bs4 import BeautifulSoup, Tag

from importer.common import RunOptions
from importer.stages.convert.html_tree import BOOKING_MARKER as MARKER
from importer.stages.convert.html_tree import find_tags

# Booking pages of common clinic booking systems and sites, besides the URLs configured.
BOOKING_PATH = re.compile(r"/(book|booking|book-?online|book-?now|appointments?|schedule)/?$", re.I)
BOOKING_HOSTS = ("janeapp.com", "calendly.com", "square.site", "vagaro.com", "fresha.com")
# The trailing part read from the start of its run only: from each character of a long run of
# spaces it took time quadratic in the run's length.
LABEL_NOISE = re.compile(r"^[\W_]+|(?<![\s:])[\s:]+$")
PHONE_PREFIX = re.compile(r"^(call|phone|tel|text)\s*(us)?\s*(at)?\s*[:.]?\s*", re.I)
PHONE_CHARACTERS = re.compile(r"\+?[\d\s().-]{7,20}")
DIGIT = re.compile(r"\d")
MIN_PHONE_DIGITS = 7
LABEL_HEADINGS = ("h3", "h4", "h5", "h6")
SERVICES = ("in_clinic", "mobile", "both")
MAX_HEADING = 255


def recognise_booking_ctas(soup: BeautifulSoup, options: RunOptions) -> dict[int, dict[str, Any]]:
    """Replace each top-level run of booking lines with an empty ``<booking-cta>`` element;
    returns the block values by the ``id()`` of the element that stands for them.

    The values travel beside the HTML rather than in it, so no markup a post contains can
    become a block: only elements made here are in the returned mapping."""
    recognised: dict[int, dict[str, Any]] = {}
    elements = [child for child in soup.children if isinstance(child, Tag)]
    index = 0
    while index < len(elements):
        if is_booking_box(elements[index]):
            value = booking_box_value(elements[index], options)
            if value is not None:
                marker = soup.new_tag(MARKER)
                recognised[id(marker)] = value
                elements[index].replace_with(marker)
            index += 1
            continue
        run, actions, index_after = collect_run(elements, index, options)
        if actions:
            marker = soup.new_tag(MARKER)
            recognised[id(marker)] = cta_value(actions)
            run[0].insert_before(marker)
            for element in run:
                element.extract()
            index = index_after
        else:
            index += 1
    return recognised


def is_booking_box(element: Tag) -> bool:
    return element.name == "aside" and "booking-cta" in (element.get("class") or [])


def booking_box_value(box: Tag, options: RunOptions) -> dict[str, Any] | None:
    """The block a booking box shows: its heading, text, service (its ``booking-cta--*``
    class) and buttons; None when it has no button a block can hold."""
    actions = []
    for link in box.find_all("a", href=True):
        classes = link.get("class") or []
        href = str(link["href"]).strip()
        if "button--book_online" in classes and urlparse(href).scheme in ("http", "https"):
            label = clean_label(link.get_text()) or "Book online"
            actions.append({"type": "book_online", "value": {"label": label, "url": href}})
        elif "button--call" in classes:
            detail = link.find(class_="button__detail")
            phone = " ".join(str(link.get("data-phone") or "").split())
            if detail is not None:
                phone = phone or " ".join(detail.get_text().split())
                detail.extract()
            phone = phone or href.removeprefix("tel:")
            if is_phone_number(phone, options.phone_region):
                actions.append(call_action(clean_label(link.get_text()), phone))
    if not actions:
        return None
    heading = box.find(class_="booking-cta__heading")
    text = box.find(class_="booking-cta__text")
    for line_break in text.find_all("br") if text is not None else []:
        line_break.replace_with("\n")
    service = next(
        (name for name in SERVICES if f"booking-cta--{name}" in (box.get("class") or [])),
        cta_value(actions)["service"],
    )
    return {
        "heading": " ".join(heading.get_text().split())[:MAX_HEADING] if heading else "",
        "text": "\n".join(" ".join(line.split()) for line in text.get_text().split("\n")).strip()
        if text is not None
        else "",
        "service": service,
        "actions": actions,
    }


def collect_run(
    elements: list[Tag], start: int, options: RunOptions
) -> tuple[list[Tag], list[dict[str, Any]], int]:
    run: list[Tag] = []
    actions: list[dict[str, Any]] = []
    index = start
    while index < len(elements):
        element = elements[index]
        label = ""
        step = 1
        if element.name in LABEL_HEADINGS and index + 1 < len(elements):
            label = clean_label(element.get_text())
            action = action_of(elements[index + 1], label, options)
            step = 2
        else:
            action = action_of(element, "", options)
        if action is None:
            break
        run.extend(elements[index : index + step])
        actions.append(action)
        index += step
    return run, actions, index


def action_of(element: Tag, label: str, options: RunOptions) -> dict[str, Any] | None:
    """The booking action a paragraph consists of, or None if it says anything else."""
    if element.name != "p":
        return None
    text = " ".join(element.get_text().split())
    links = find_tags(element, ("a",))
    if len(links) == 1:
        href = str(links[0].get("href") or "")
        rest = text.replace(" ".join(links[0].get_text().split()), "").strip()
        if href.startswith("tel:"):
            phone = " ".join(links[0].get_text().split()) or href[4:]
            if not rest:
                return call_action(label, phone)
        elif is_booking_url(href, options) and not LABEL_NOISE.sub("", rest):
            link_text = " ".join(links[0].get_text().split())
            if not label and link_text and link_text != href:
                label = clean_label(link_text)
            return {"type": "book_online", "value": {"label": label or "Book online", "url": href}}
        return None
    if links or len(DIGIT.findall(text)) < MIN_PHONE_DIGITS:
        return None  # the phone number would be part of the text, digits and all
    phone = PHONE_PREFIX.sub("", LABEL_NOISE.sub("", text)).strip()
    if phone and is_phone_number(phone, options.phone_region):
        return call_action(label, phone)
    return None


def call_action(label: str, phone: str) -> dict[str, Any]:
    return {"type": "call", "value": {"label": label or f"Call {phone}", "phone": phone}}


def is_booking_url(href: str, options: RunOptions) -> bool:
    normalised = href.rstrip("/").lower()
    if any(normalised == url.rstrip("/").lower() for url in options.booking_urls if url):
        return True
    parsed = urlparse(href)
    if parsed.scheme not in ("http", "https"):
        return False
    host = parsed.netloc.lower()
    return bool(BOOKING_PATH.search(parsed.path)) or any(host.endswith(h) for h in BOOKING_HOSTS)


def is_phone_number(text: str, region: str) -> bool:
    if not PHONE_CHARACTERS.fullmatch(text) or len(DIGIT.findall(text)) < MIN_PHONE_DIGITS:
        return False
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse(text, region))
    except phonenumbers.NumberParseException:
        return False


def clean_label(text: str) -> str:
    """Heading text as a button label: emoji and arrows in front of it are decoration."""
    return LABEL_NOISE.sub("", " ".join(text.split()))[:80]


def cta_value(actions: list[dict[str, Any]]) -> dict[str, Any]:
    labels = " ".join(action["value"]["label"].lower() for action in actions)
    mobile = "mobile" in labels
    clinic = "clinic" in labels
    service = (
        "mobile" if mobile and not clinic else "in_clinic" if clinic and not mobile else "both"
    )
    return {"heading": "", "text": "", "service": service, "actions": actions}
