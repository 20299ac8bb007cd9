"""Phone numbers as clinics write them, turned into links a phone can dial."""

import re

import phonenumbers
from django.conf import settings


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
