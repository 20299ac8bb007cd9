from django import template

from ..blocks import BookingCTABlock
from ..booking_settings import BookingSettings
from ..phone import tel_href as phone_tel_href

register = template.Library()


@register.filter
def tel_href(phone):
    """`{{ settings.blog.BookingSettings.phone_number|tel_href }}` -> "tel:+15879380458"."""
    return phone_tel_href(phone or "")


@register.simple_tag(takes_context=True)
def default_booking_cta(context):
    """The clinic's booking call-to-action for pages without one of their own: the editors' own
    block, left empty, so it fills itself from Booking settings exactly as their blocks do."""
    booking = BookingSettings.for_request_or_default(context.get("request"))
    if not (booking.booking_url or booking.phone_number):
        return ""
    block = BookingCTABlock()
    value = block.to_python({"heading": "Book a massage", "service": "both", "actions": []})
    return block.render(value, context=context.flatten())
