"""Phone numbers as clinics write them, turned into links a phone can dial."""

import re

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError


def e164(phone: str, region: str | None = None) -> str:
    """Return `phone` in E.164 form ("587-938-0458" -> "+15879380458").

    Numbers without a country code are read in `region` (default: settings.PHONE_REGION). A number
    the library can't parse keeps its digits and any leading "+", so the link still dials something
    close to what the editor typed instead of disappearing.
    """
    try:
        parsed = phonenumbers.parse(phone, region or settings.PHONE_REGION)
    except phonenumbers.NumberParseException:
        return re.sub(r"(?!^\+)[^\d]", "", phone.strip())
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def tel_href(phone: str) -> str:
    """The `tel:` URL for a phone number as written, or "" when there is no number."""
    number = e164(phone) if phone and phone.strip() else ""
    return f"tel:{number}" if number else ""


# What a written phone number is made of: digits, a leading "+", spaces and the punctuation
# people group digits with, and an optional extension ("ext. 12", "x12"). Anything else (a tag,
# a URL, a word) is refused even when phonenumbers could still find a number inside it.
WRITTEN_PHONE = re.compile(r"\+?[\d\s().\-/]+(?:\s*(?:ext\.?|x)\s*\d{1,6})?", re.IGNORECASE)


def validate_phone_number(value: str) -> None:
    """Raise ValidationError unless `value` is a phone number a phone could dial, as written
    with digits, spaces and punctuation (read in settings.PHONE_REGION without a country code)."""
    message = "Enter a phone number, such as 587-938-0458 or +44 20 7946 0958."
    if not WRITTEN_PHONE.fullmatch(value.strip()):
        raise ValidationError(message, code="invalid_phone_number")
    try:
        parsed = phonenumbers.parse(value, settings.PHONE_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(message, code="invalid_phone_number") from None
    if not phonenumbers.is_possible_number(parsed):
        raise ValidationError(message, code="invalid_phone_number")
