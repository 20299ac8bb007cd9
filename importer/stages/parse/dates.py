"""A post's date: from its front matter, a Zola ``path``, its file name, or its file's age.

Static sites write dates in many forms (YAML and TOML dates, ISO text with or without an
offset, "Jul 08 2022"); each keeps the calendar day its author meant.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

from importer.common import ImporterError
from importer.generators.fields import FIELD_NAMES

FILE_DATE = re.compile(r"(?<!\d)(\d{4})[-/](\d{2})[-/](\d{2})(?!\d)")
DATETIME_TEXT = re.compile(
    r"^(?P<date>\d{4}-\d{1,2}-\d{1,2})"
    r"(?:[ Tt](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?"
    r"\s*(?P<tz>[Zz]|[+-]\d{2}(?::?\d{2})?)?$"
)
# The parts of a date Ruby's Time.parse finds wherever they stand (see lenient_datetime).
LOOSE_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
LOOSE_TIME = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d])")
LOOSE_ZONE = re.compile(
    r"(?<![\w:])(?:(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2})?|Z|UTC|GMT)(?![\w:])"
)
OTHER_DATE_FORMATS = (
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M",
    "%b %d %Y",  # Astro's blog template: "Jul 08 2022"
    "%B %d %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
)


def post_date(
    written: dt.datetime | None, tz: ZoneInfo, modified: dt.datetime | None
) -> tuple[dt.datetime, int | None, str]:
    """The post's date and UTC offset as the author wrote them (``date_as_written``); a post
    with no date anywhere takes its file's modification time ``modified``, with a warning."""
    if written is not None:
        return *date_as_written(written, tz), ""
    if modified is None:
        raise ImporterError(
            "the post has no date.",
            field="date",
            fix="add 'date: YYYY-MM-DD' to the front matter, or start the file name with the date.",
        )
    moment = modified.astimezone(tz)
    return (
        moment,
        None,
        f"The post has no date; it is dated by its file's modification time "
        f"({moment:%Y-%m-%d %H:%M %Z}). Check the date, or add 'date: YYYY-MM-DD' to the "
        "front matter.",
    )


def written_date(
    data: dict[str, Any], path: Path, *, lenient: bool = False, by: Any = None
) -> tuple[dt.datetime | None, str]:
    """The date the front matter, a Zola ``path`` or the file name gives: aware when it was
    written with an offset, naive when not; None when there is none. With `lenient` (the
    generator `by` reads dates as Ruby's ``Time.parse`` or JavaScript's ``Date`` do), a date
    in a form of its own is read as they read it, with a note saying so."""
    for name in FIELD_NAMES["date"]:
        value = data.get(name)
        if value in (None, "") or isinstance(value, bool):
            continue
        parsed = to_datetime(value)
        if parsed is None and lenient and isinstance(value, str):
            parsed = lenient_datetime(value)
            if parsed is not None:
                reader = f"as {by.label} reads it" if getattr(by, "name", "") else "leniently"
                return parsed, (
                    f"The date {value.strip()[:80]!r} ({name}) is in no standard form; it was "
                    f"read {reader}: {parsed.isoformat(sep=' ')}. Check it."
                )
        if parsed is None:
            raise ImporterError(
                f"the date {value!r} cannot be read.",
                field=name,
                fix="write it as YYYY-MM-DD, or YYYY-MM-DD HH:MM:SS with an optional offset "
                "such as -07:00.",
            )
        return parsed, ""
    zola_path = data.get("path")
    # Docusaurus also dates a post by its folders: blog/2024/06/03/neck-care.md.
    folders = "/".join(path.parent.parts[-3:])
    for candidate in (str(zola_path or ""), path.name, path.parent.name, folders):
        match = FILE_DATE.search(candidate)
        if match:
            try:
                return dt.datetime(*map(int, match.groups())), ""
            except ValueError:
                continue
    return None, ""


def lenient_datetime(text: str) -> dt.datetime | None:
    """A date as Ruby's ``Time.parse`` reads it: a year-month-day, a time after it and an
    offset after that, whatever else the text holds (``2023-01-29 18:30:22 2023 -0800``);
    else as dateutil's fuzzy reading finds it (``Sun, 29 Jan 2023 6:30pm``)."""
    text = text.strip()[:200]
    day = LOOSE_DAY.search(text)
    if day is None:
        try:
            found = dateutil_parser.parse(text, fuzzy=True, default=dt.datetime(1, 1, 1))
        except (ValueError, OverflowError):
            return None
        return found if found.year > 1 else None  # a number alone is no date
    clock = LOOSE_TIME.search(text, day.end())
    zone = LOOSE_ZONE.search(text, (clock or day).end())
    try:
        year, month, date = (int(part) for part in day.groups())
        hour, minute, second = (int(part or 0) for part in clock.groups()) if clock else (0, 0, 0)
        tz = None
        if zone and zone["sign"]:
            delta = dt.timedelta(hours=int(zone["hours"]), minutes=int(zone["minutes"] or 0))
            tz = dt.timezone(-delta if zone["sign"] == "-" else delta)
        elif zone:
            tz = dt.UTC
        return dt.datetime(year, month, date, hour, minute, second, tzinfo=tz)
    except ValueError:
        return None


def date_as_written(written: dt.datetime, tz: ZoneInfo) -> tuple[dt.datetime, int | None]:
    """A post's date and the UTC offset (in minutes) the day it shows is read in; None for the
    site's time zone ``tz``.

    A day (a date without a time, or midnight in any offset: Hugo and Gatsby write a day as
    ``2016-09-20T00:00:00Z``) keeps its calendar day: it becomes midnight of that day in ``tz``,
    where UTC midnight would show as the day before. A time written with an offset keeps its
    instant and its offset, so the page shows the day it was where the author wrote it. A time
    without an offset is in ``tz``."""
    if written.time() == dt.time(0):
        return dt.datetime(written.year, written.month, written.day, tzinfo=tz), None
    offset = written.utcoffset()
    if offset is None:
        return written.replace(tzinfo=tz), None
    return written, int(offset.total_seconds() // 60)


def to_datetime(value: Any) -> dt.datetime | None:
    """Read the date forms static sites use: aware when an offset is written, else naive (a
    date alone is its midnight)."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, dt.time) or not isinstance(value, str):
        return None
    text = value.strip()
    match = DATETIME_TEXT.match(text)
    if match:
        return datetime_from_match(match)
    for pattern in OTHER_DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


def datetime_from_match(match: re.Match[str]) -> dt.datetime | None:
    year, month, day = (int(part) for part in match.group("date").split("-"))
    hour = minute = second = micro = 0
    if match.group("time"):
        clock = match.group("time").split(":")
        hour, minute = int(clock[0]), int(clock[1])
        if len(clock) > 2:
            whole, _, fraction = clock[2].partition(".")
            second = int(whole)
            micro = int((fraction + "000000")[:6]) if fraction else 0
    zone: dt.tzinfo | None = None
    offset = match.group("tz")
    try:
        if offset in ("Z", "z"):
            zone = dt.UTC
        elif offset:
            digits = offset[1:].replace(":", "")
            delta = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
            zone = dt.timezone(-delta if offset[0] == "-" else delta)
        return dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
    except ValueError:
        return None
