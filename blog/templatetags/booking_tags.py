from django import template

from ..phone import tel_href as phone_tel_href

register = template.Library()


@register.filter
def tel_href(phone):
    """`{{ settings.blog.BookingSettings.phone_number|tel_href }}` -> "tel:+15879380458"."""
    return phone_tel_href(phone or "")
