"""A byline the body repeats: "February 15, 2024 by Jane Doe" as a paragraph at the top of the
body, which old themes printed from the front matter and some authors wrote in the text too.
The page shows the post's date and authors above the body, so such a paragraph goes, named in
a warning. Only a paragraph of the opening (``blog.text.opening_paragraphs``) that says nothing
but the post's own date and authors, with a few joining words, is one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from blog.text import OPENING_BLOCKS, PARAGRAPH, comparable_text
from importer.stages.convert.html_tree import shorten, strip_tags

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]  # fmt: skip
JOINING_WORDS = frozenset(
    {"by", "posted", "published", "written", "on", "in", "and", "updated", "author", "authors",
     "date", "from", "&", "|", "·", "•", "-", "–", "—", ",", ":", "/"}
)  # fmt: skip


def date_forms(day: dt.date) -> list[str]:
    """How a theme or an author writes the day, case-folded, longest first."""
    month = MONTHS[day.month - 1]
    short = month[:3]
    d, m, y = day.day, day.month, day.year
    suffix = "th" if 11 <= d % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    forms = {
        *(
            f"{name} {number}, {y}"
            for name in (month, short, short + ".")
            for number in (d, f"{d}{suffix}")
        ),  # fmt: skip
        *(f"{name} {number} {y}" for name in (month, short) for number in (d, f"{d}{suffix}")),
        *(f"{number} {name} {y}" for name in (month, short) for number in (d, f"{d}{suffix}")),
        f"{d}. {month} {y}",
        day.isoformat(),
        f"{y}/{m:02d}/{d:02d}",
        f"{d:02d}/{m:02d}/{y}",
        f"{m:02d}/{d:02d}/{y}",
        f"{m}/{d}/{y}",
        f"{d}/{m}/{y}",
        f"{d:02d}.{m:02d}.{y}",
        f"{d}.{m}.{y}",
    }
    return sorted(forms, key=len, reverse=True)


def is_byline(text: str, forms: Iterable[str], authors: Iterable[str]) -> bool:
    """Whether `text` (a paragraph's words) says only the post's date (written in one of
    `forms`, see ``date_forms``) and authors."""
    text = comparable_text(text)
    if not text or len(text) > 200:
        return False
    found = False
    for form in forms:
        if form in text:
            text, found = text.replace(form, " "), True
            break
    for name in sorted({comparable_text(name) for name in authors if name.strip()}, key=len,
                       reverse=True):  # fmt: skip
        if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            text, found = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text), True
    rest = re.sub(r"([,|·•:/&]|[-–—](?=\s|$))", r" \1 ", text).split()
    return found and all(word in JOINING_WORDS for word in rest)


def drop_bylines(
    blocks: list[dict[str, Any]], date: dt.datetime | None, authors: tuple[str, ...]
) -> str:
    """Remove from `blocks` the opening's paragraphs that repeat the post's byline; the first
    one's words, for the warning ("" when there was none)."""
    if date is None:
        return ""
    days = {date.date(), date.astimezone(dt.UTC).date()}
    forms = [form for day in sorted(days) for form in date_forms(day)]
    removed = ""
    for block in blocks[:OPENING_BLOCKS]:
        if block["type"] == "heading":
            break
        if block["type"] != "paragraph" or not isinstance(block["value"], str):
            continue
        for paragraph in PARAGRAPH.findall(block["value"]):
            if is_byline(paragraph, forms, authors):
                removed = removed or shorten(strip_tags(paragraph), 80)
                block["value"] = block["value"].replace(paragraph, "", 1)
    blocks[:] = [
        block
        for block in blocks
        if block["type"] != "paragraph" or strip_tags(str(block["value"])).strip()
    ]
    return removed
