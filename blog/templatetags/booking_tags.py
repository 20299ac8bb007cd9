from django import template
from django.conf import settings

from ..blocks import BookingCTABlock
from ..booking_settings import BookingSettings
from ..phone import tel_href as phone_tel_href

register = template.Library()


@register.filter
def tel_href(phone):
    """`{{ settings.blog.BookingSettings.phone_number|tel_href }}` -> "tel:+15879380458"."""
    return phone_tel_href(phone or "")


@register.simple_tag(takes_context=True)
def clinic_name(context):
    """`{% clinic_name %}`: the clinic's name from the site's Booking settings, or the name in
    settings (WAGTAIL_SITE_NAME) when they have none or there is no request or site to find them
    by."""
    request = context.get("request")
    try:
        name = BookingSettings.for_request(request).clinic_name if request else ""
    except BookingSettings.DoesNotExist:  # no site answers the request's host
        name = ""
    return name or settings.WAGTAIL_SITE_NAME


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
