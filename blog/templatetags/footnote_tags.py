"""Footnote ids for rich text, which can't hold ids itself: a reference is a link to ``#fn-N``
and the footnotes block is a numbered list whose item N is note N."""

import re

from bs4 import BeautifulSoup
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# A reference to footnote N, as rich text stores it (the editor keeps no other attribute).
FOOTNOTE_REFERENCE = re.compile(r'<a href="#fn-(\d+)">')


@register.filter
def footnote_refs(html):
    """Give each footnote reference the id its note links back to (``fnref-N``); a note
    referenced twice links back to its first reference."""
    seen = set()

    def with_id(match):
        number = match[1]
        if number in seen:
            return match[0]
        seen.add(number)
        return f'<a href="#fn-{number}" id="fnref-{number}">'

    return mark_safe(FOOTNOTE_REFERENCE.sub(with_id, str(html)))  # noqa: S308


@register.filter
def footnote_list(html):
    """Give item N of the notes' numbered list the id ``fn-N`` and a link back to its
    reference."""
    soup = BeautifulSoup(str(html), "html.parser")
    notes = soup.find("ol")
    if notes is not None:
        for number, item in enumerate(notes.find_all("li", recursive=False), 1):
            item["id"] = f"fn-{number}"
            back = soup.new_tag(
                "a",
                attrs={
                    "class": "block-footnotes__back",
                    "href": f"#fnref-{number}",
                    "aria-label": f"Back to reference {number}",
                },
            )
            back.string = "↩︎"
            item.append(" ")
            item.append(back)
    # The rich text was already safe; bs4 escapes what it writes back out.
    return mark_safe(str(soup))  # noqa: S308
