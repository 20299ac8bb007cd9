"""Stage 3, parse: front matter and file name become a ``SourcePost``.

Each static-site generator names the same facts differently; ``FIELD_NAMES`` lists, for each
fact, the names tried in order (the README's front-matter table is the same list for people).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from django.utils.text import slugify
from frontmatter.default_handlers import YAMLHandler

from importer.types import ImporterError, RunOptions, SourcePost

# The C loader is several times faster; python-frontmatter passes the loader through to PyYAML.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "newstitle"),
    "date": ("date", "pubDate", "published", "publishDate"),
    "slug": ("slug",),
    "description": ("description", "summary", "excerpt"),
    "author": ("author", "authors"),
    "tags": ("tags", "category", "categories", "keywords"),
    "image": ("image", "cover", "heroImage", "featured_image", "feature_image", "images"),
    "image_alt": ("imageAlt", "image_alt", "heroImageAlt", "coverAlt", "alt"),
    "fallback_image": ("ogimageOverride",),
    "draft": ("draft",),
    "old_urls": ("permalink", "aliases", "redirect_from"),
}

# Collection tags tell the old generator which list a file belongs to; they are not topics.
COLLECTION_TAGS = frozenset({"post", "posts", "all"})

FILE_DATE = re.compile(r"(?<!\d)(\d{4})[-/](\d{2})[-/](\d{2})(?!\d)")
DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-?")
DATETIME_TEXT = re.compile(
    r"^(?P<date>\d{4}-\d{1,2}-\d{1,2})"
    r"(?:[ T](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
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
# Front matter is a few dozen values; aliases may repeat some, never build thousands.
MAX_YAML_VALUES = 10_000
JS_ASSIGNMENT = re.compile(r"^(?:const|let|var)\s+(\w+)\s*=\s*(.+?);?\s*$")
FIRST_H1 = re.compile(r"^# +(.+?)\s*#*\s*$", re.MULTILINE)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return the front matter as a dict and the body after it.

    YAML between ``---`` lines (blank lines before it are allowed), TOML between ``+++``
    lines, and the plain-assignment subset of Eleventy's ``---js``. A file with no front
    matter returns ``{}`` and the whole text.
    """
    lines = text.split("\n")
    bounds = front_matter_bounds(lines)
    if bounds is None:
        return {}, text if text.strip() else ""
    start, end, opener = bounds
    source = "\n".join(lines[start + 1 : end])
    body = "\n".join(lines[end + 1 :])
    if opener == "---":
        data = load_yaml(source, first_line=start + 2)
    elif opener == "+++":
        data = load_toml(source, first_line=start + 2)
    else:
        data = load_js(source, first_line=start + 2)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ImporterError(
            f"the front matter is a {type(data).__name__}, not a set of named fields.",
            field="front matter",
            line=start + 1,
            fix="write one 'name: value' line per field, e.g. 'title: My post'.",
        )
    return data, body


def front_matter_bounds(lines: list[str]) -> tuple[int, int, str] | None:
    """Where the front matter is: (its opening line, its closing line, the opener), 0-based;
    None for a file without any."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start == len(lines):
        return None
    opener = lines[start].strip()
    if opener == "---":
        closers = ("---", "...")
    elif opener == "+++":
        closers = ("+++",)
    elif opener in ("---js", "---javascript"):
        closers = ("---",)
    elif opener.startswith("---") and opener[3:].isalpha():
        raise ImporterError(
            f"front matter in the '{opener[3:]}' language cannot be read.",
            field="front matter",
            line=start + 1,
            fix="rewrite it as YAML between --- lines.",
        )
    else:
        return None
    for end in range(start + 1, len(lines)):
        if lines[end].rstrip() in closers:
            return start, end, opener
    raise ImporterError(
        f"the front matter opened with {opener} is never closed.",
        field="front matter",
        line=start + 1,
        fix=f"add a line with {closers[0]} after the last front matter field.",
    )


def outline_lines(text: str) -> list[int]:
    """The lines (0-based) ``parse_post`` reads for everything but the body: the front matter,
    and the body's first ``# `` heading, its title when the front matter has none."""
    lines = text.split("\n")
    bounds = front_matter_bounds(lines)
    end = bounds[1] if bounds else -1
    heading = next(
        (index for index in range(end + 1, len(lines)) if FIRST_H1.match(lines[index])), None
    )
    return [*range(end + 1), *([] if heading is None else [heading])]


def load_yaml(source: str, *, first_line: int) -> Any:
    try:
        if "&" in source and "*" in source:  # an anchor and perhaps an alias to it
            check_alias_expansion(source, first_line=first_line)
        return YAMLHandler().load(source, Loader=YAML_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise ImporterError(
            f"the YAML front matter is invalid ({problem}).",
            field="front matter",
            line=line,
            fix="quote values that contain ': ' or start with a special character "
            "such as '@', '*', '[' or '{'.",
        ) from error


def check_alias_expansion(source: str, *, first_line: int) -> None:
    """Refuse YAML whose aliases expand past MAX_YAML_VALUES values.

    PyYAML builds an alias as a second reference to the same object, but everything that walks
    the result (the template variables, the report) meets every copy: nine lines of aliases to
    aliases ("billion laughs") stand for a billion strings. Counted from the parser's events,
    in time linear in the text, before anything is built."""
    sizes: dict[str, int] = {}  # anchor -> values it stands for
    open_collections: list[tuple[int, str | None]] = []  # (count at its start, its anchor)
    count = 0
    for event in yaml.parse(source, Loader=YAML_LOADER):
        if isinstance(event, yaml.AliasEvent):
            count += sizes.get(event.anchor, 1)
        elif isinstance(event, yaml.ScalarEvent):
            count += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            open_collections.append((count, event.anchor))
            count += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            start, anchor = open_collections.pop()
            if anchor:
                sizes[anchor] = count - start
        if count > MAX_YAML_VALUES:
            mark = event.start_mark
            raise ImporterError(
                f"the YAML front matter's aliases (*name) expand to more than "
                f"{MAX_YAML_VALUES:,} values.",
                field="front matter",
                line=first_line + mark.line if mark is not None else None,
                fix="write the values out instead of repeating them through aliases.",
            )


def load_toml(source: str, *, first_line: int) -> Any:
    try:
        return tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        line = first_line + int(match.group(1)) - 1 if match else None
        raise ImporterError(
            f"the TOML front matter is invalid ({error}).",
            field="front matter",
            line=line,
            fix="check the quoting and brackets on that line.",
        ) from error


def load_js(source: str, *, first_line: int) -> dict[str, Any]:
    """Read the plain ``const name = value;`` subset of JavaScript front matter.

    Anything else (functions, imports, expressions) needs a JavaScript engine; those files fail
    with the line to rewrite.
    """
    data: dict[str, Any] = {}
    for offset, line in enumerate(source.split("\n")):
        if not line.strip() or line.strip().startswith("//"):
            continue
        match = JS_ASSIGNMENT.match(line.strip())
        value = parse_js_literal(match.group(2)) if match else None
        if value is None:
            raise ImporterError(
                "JavaScript front matter (---js) can only be read when every line is "
                "'const name = value;' with a plain string, number or true/false.",
                field="front matter",
                line=first_line + offset,
                fix="rewrite the front matter as YAML between --- lines.",
            )
        data[match.group(1)] = value[0]
    return data


def parse_js_literal(text: str) -> tuple[Any] | None:
    text = text.strip()
    if text.startswith("'") and text.endswith("'") and len(text) >= 2:
        text = '"' + text[1:-1].replace('"', '\\"') + '"'
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return None
    if isinstance(value, dict):
        return None
    return (value,)


def parse_post(text: str, path: Path, options: RunOptions) -> SourcePost:
    """Map front matter and file name onto a ``SourcePost`` (see ``FIELD_NAMES``)."""
    data, body = split_front_matter(text)
    if path.suffix == ".mdx":
        body = strip_mdx_module_lines(body)
    stem = post_stem(path)
    title = first_text(data, "title")
    if not title:
        title, body = title_from_body(body, fallback=humanise(stem))
    tz = ZoneInfo(options.time_zone)
    date = post_date(data, path, tz)
    slug = post_slug(data, stem) or slugify(title, allow_unicode=True)[:80]
    image, image_alt = feature_image(data)
    return SourcePost(
        title=title,
        slug=slug,
        date=date,
        body=body,
        author=author_name(data),
        description=first_text(data, "description"),
        tags=post_tags(data),
        image=image,
        image_alt=image_alt,
        draft=is_draft(data),
        old_urls=old_urls(data, slug, date, options.old_url_template),
        stem=stem,
        variables=data,
    )


def first_value(data: dict[str, Any], fact: str) -> tuple[str, Any]:
    for name in FIELD_NAMES[fact]:
        value = data.get(name)
        if value not in (None, "", [], {}):
            return name, value
    return "", None


def first_text(data: dict[str, Any], fact: str) -> str:
    _, value = first_value(data, fact)
    if value is None or isinstance(value, (dict, list)):
        return ""
    return " ".join(str(value).split())


def post_stem(path: Path) -> str:
    """The post's own name: ``2020-01-02-hello.md`` and ``hello/index.md`` are both ``hello``."""
    name = path.parent.name if path.stem in ("index", "_index") else path.stem
    return DATE_PREFIX.sub("", name) or name


def humanise(stem: str) -> str:
    words = re.sub(r"[-_]+", " ", stem).strip()
    return words[:1].upper() + words[1:]


def title_from_body(body: str, *, fallback: str) -> tuple[str, str]:
    """Use the first ``# `` heading as the title, removing it when it opens the body."""
    match = FIRST_H1.search(body)
    if not match:
        return fallback, body
    if not body[: match.start()].strip():
        body = body[match.end() :].lstrip("\n")
    return match.group(1).strip(), body


def post_date(data: dict[str, Any], path: Path, tz: ZoneInfo) -> dt.datetime:
    for name in FIELD_NAMES["date"]:
        value = data.get(name)
        if value in (None, "") or isinstance(value, bool):
            continue
        parsed = to_datetime(value, tz)
        if parsed is None:
            raise ImporterError(
                f"the date {value!r} cannot be read.",
                field=name,
                fix="write it as YYYY-MM-DD, or YYYY-MM-DD HH:MM:SS with an optional offset "
                "such as -07:00.",
            )
        return parsed
    zola_path = data.get("path")
    for candidate in (str(zola_path or ""), path.name, path.parent.name):
        match = FILE_DATE.search(candidate)
        if match:
            try:
                return dt.datetime(*map(int, match.groups()), tzinfo=tz)
            except ValueError:
                continue
    raise ImporterError(
        "the post has no date.",
        field="date",
        fix="add 'date: YYYY-MM-DD' to the front matter, or start the file name with the date.",
    )


def to_datetime(value: Any, tz: ZoneInfo) -> dt.datetime | None:
    """Read the date forms static sites use; offsets are kept, naive times take ``tz``."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    if isinstance(value, dt.time) or not isinstance(value, str):
        return None
    text = value.strip()
    match = DATETIME_TEXT.match(text)
    if match:
        return datetime_from_match(match, tz)
    for pattern in OTHER_DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).replace(tzinfo=tz)
        except ValueError:
            continue
    return None


def datetime_from_match(match: re.Match[str], tz: ZoneInfo) -> dt.datetime | None:
    year, month, day = (int(part) for part in match.group("date").split("-"))
    hour = minute = second = micro = 0
    if match.group("time"):
        clock = match.group("time").split(":")
        hour, minute = int(clock[0]), int(clock[1])
        if len(clock) > 2:
            whole, _, fraction = clock[2].partition(".")
            second = int(whole)
            micro = int((fraction + "000000")[:6]) if fraction else 0
    zone: dt.tzinfo = tz
    offset = match.group("tz")
    if offset == "Z":
        zone = dt.UTC
    elif offset:
        digits = offset[1:].replace(":", "")
        delta = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        zone = dt.timezone(-delta if offset[0] == "-" else delta)
    try:
        return dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
    except ValueError:
        return None


def post_slug(data: dict[str, Any], stem: str) -> str:
    slug = first_text(data, "slug")
    if not slug:
        permalink = data.get("permalink")
        if isinstance(permalink, str) and "{" not in permalink:
            segments = [s for s in permalink.split("/") if s]
            if segments:
                slug = re.sub(r"\.html?$", "", segments[-1])
    if not slug:
        slug = stem
    # Dots separate version numbers ("0.20.6-relnotes"); slugify would drop them and run the
    # numbers together.
    return slugify(slug.replace(".", "-"), allow_unicode=True)[:80]


def author_name(data: dict[str, Any]) -> str:
    _, value = first_value(data, "author")
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or ""
    if isinstance(value, list):
        names = [v.get("name", "") if isinstance(v, dict) else str(v) for v in value]
        value = ", ".join(name for name in names if name)
    return " ".join(str(value or "").split())


def as_list(value: Any) -> list[str]:
    """Tags may be a list or a string; a string holds one tag, or several separated by commas."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",")]
    if isinstance(value, (list, tuple)):
        return [str(item).strip() for item in value if item not in (None, "")]
    return [str(value).strip()]


def post_tags(data: dict[str, Any]) -> tuple[str, ...]:
    values: list[str] = []
    taxonomies = data.get("taxonomies")
    sources = [data] + ([taxonomies] if isinstance(taxonomies, dict) else [])
    for source in sources:
        for name in FIELD_NAMES["tags"]:
            values.extend(as_list(source.get(name)))
    seen: set[str] = set()
    tags: list[str] = []
    for tag in values:
        key = tag.casefold()
        if tag and key not in seen and key not in COLLECTION_TAGS:
            seen.add(key)
            tags.append(tag[:100])
    return tuple(tags)


def feature_image(data: dict[str, Any]) -> tuple[str, str]:
    _, alt = first_value(data, "image_alt")
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    for source in (data, extra):
        for name in FIELD_NAMES["image"] + FIELD_NAMES["fallback_image"]:
            value = source.get(name)
            if isinstance(value, list):
                value = value[0] if value else None
            if isinstance(value, dict):
                alt = alt or value.get("alt") or value.get("caption")
                value = value.get("image") or value.get("src") or value.get("url")
            if isinstance(value, str) and value.strip():
                return value.strip(), " ".join(str(alt or "").split())
    return "", ""


def is_draft(data: dict[str, Any]) -> bool:
    return data.get("draft") is True or data.get("published") is False


def old_urls(data: dict[str, Any], slug: str, date: dt.datetime, template: str) -> tuple[str, ...]:
    urls: list[str] = []
    for name in FIELD_NAMES["old_urls"]:
        for value in as_list(data.get(name)) if name != "permalink" else [data.get(name)]:
            if isinstance(value, str) and value.strip() and "{" not in value:
                urls.append(url_path(value))
    if not any(data.get(name) for name in ("permalink",)) and template:
        urls.append(
            url_path(
                template.format(
                    slug=slug,
                    year=f"{date.year:04}",
                    month=f"{date.month:02}",
                    day=f"{date.day:02}",
                )
            )
        )
    return tuple(dict.fromkeys(url for url in urls if url != "/"))


def url_path(value: str) -> str:
    value = re.sub(r"^https?://[^/]+", "", value.strip())
    return "/" + value.lstrip("/")


def strip_mdx_module_lines(body: str) -> str:
    """MDX ``import``/``export`` lines load components; they are code, not content."""
    kept = []
    in_fence = False
    for line in body.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if not in_fence and re.match(r"^(import|export)\s", line):
            continue
        kept.append(line)
    return "\n".join(kept)
