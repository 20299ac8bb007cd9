import re

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# A reference to footnote N, as rich text stores it (the editor keeps no other attribute).
FOOTNOTE_REFERENCE = re.compile(r'<a href="#fn-(\d+)">')


@register.filter
def footnote_refs(html):
    """Give each footnote reference the id its note links back to (``fnref-N``).

    Rich text can't hold ids (the editor drops them), so they are added as the text renders;
    a note referenced twice links back to its first reference."""
    seen = set()

    def with_id(match):
        number = match[1]
        if number in seen:
            return match[0]
        seen.add(number)
        return f'<a href="#fn-{number}" id="fnref-{number}">'

    return mark_safe(FOOTNOTE_REFERENCE.sub(with_id, str(html)))  # noqa: S308
