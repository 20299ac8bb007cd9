"""Stage 3, parse: front matter and file name become a ``SourcePost``.

Each static-site generator names the same facts differently; ``FIELD_NAMES`` lists, for each
fact, the names tried in order (the README's front-matter table is the same list for people).
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
import string
import tomllib
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from django.utils.text import slugify
from frontmatter.default_handlers import YAMLHandler

from importer.mdx_meta import exported_meta, exported_meta_lines
from importer.outside_code import Stash, code_line_ranges, stash_code
from importer.types import ImporterError, NotAPost, RunOptions, SourcePost

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
    "old_urls": ("permalink", "url", "aliases", "redirect_from"),
}

# The words a layout that lists posts is named with ("list", "blog-category", "archive.njk"),
# and those of a post's own layout ("blog-post" is a post's, though it says "blog").
LISTING_LAYOUT_WORDS = frozenset(
    {"list", "listing", "category", "categories", "tag", "tags", "taxonomy", "term", "terms"}
    | {"archive", "archives", "index", "home", "section", "paginated", "posts", "feed"}
)
POST_LAYOUT_WORDS = frozenset({"post", "article", "entry", "single"})

# Collection tags tell the old generator which list a file belongs to; they are not topics.
COLLECTION_TAGS = frozenset({"post", "posts", "all"})

FILE_DATE = re.compile(r"(?<!\d)(\d{4})[-/](\d{2})[-/](\d{2})(?!\d)")
DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-?")
DATETIME_TEXT = re.compile(
    r"^(?P<date>\d{4}-\d{1,2}-\d{1,2})"
    r"(?:[ Tt](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?"
    r"\s*(?P<tz>[Zz]|[+-]\d{2}(?::?\d{2})?)?$"
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
    an MDX post's exported ``meta`` object, and the body's first ``# `` heading, its title when
    the front matter has none."""
    lines = text.split("\n")
    bounds = front_matter_bounds(lines)
    end = bounds[1] if bounds else -1
    heading = first_heading_line(lines[end + 1 :])
    meta = [index for index in exported_meta_lines(text) if index > end]
    return sorted({*range(end + 1), *meta, *([] if heading is None else [end + 1 + heading])})


def first_heading_line(lines: list[str]) -> int | None:
    """The index of the first ``# `` heading line outside code: a shell comment in a code
    sample (``# install``) is not the post's title."""
    candidates = [index for index, line in enumerate(lines) if FIRST_H1.match(line)]
    if not candidates:
        return None
    code = code_line_ranges("\n".join(lines))
    return next((i for i in candidates if not any(start <= i < end for start, end in code)), None)


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


def parse_post(
    text: str, path: Path, options: RunOptions, modified: dt.datetime | None = None
) -> SourcePost:
    """Map front matter and file name onto a ``SourcePost`` (see ``FIELD_NAMES``).

    ``modified``, the file's modification time, dates a post that has no date anywhere else.
    Raises ``NotAPost`` for a page of the old site that lists posts or stands on its own."""
    data, body = split_front_matter(text)
    warnings: list[str] = []
    if path.suffix == ".mdx":
        exported, body, warnings = exported_meta(body)
        data = {**exported, **data}  # a post with both: its front matter is the newer habit
        body = strip_mdx_module_lines(body)
    written = written_date(data, path)
    reason = not_a_post_reason(data, dated=written is not None)
    if reason:
        raise NotAPost(reason)
    stem = post_stem(path)
    title = first_text(data, "title")
    if not title:
        title, body = title_from_body(body, fallback=humanise(stem))
    date, date_utc_offset, date_warning = post_date(written, ZoneInfo(options.time_zone), modified)
    slug = post_slug(data, stem) or slugify(title, allow_unicode=True)[:80]
    image, image_alt = feature_image(data)
    addresses = address_values(slug, date, path, options)
    return SourcePost(
        title=title,
        slug=slug,
        date=date,
        date_utc_offset=date_utc_offset,
        body=body,
        author=author_name(data),
        description=first_text(data, "description"),
        tags=post_tags(data),
        image=image,
        image_alt=image_alt,
        draft=is_draft(data),
        old_urls=old_urls(data, options.old_url_template, addresses),
        old_url=own_old_url(data, options.old_url_template, addresses),
        stem=stem,
        variables=data,
        warnings=(*warnings, *([date_warning] if date_warning else [])),
    )


def not_a_post_reason(data: dict[str, Any], *, dated: bool) -> str:
    """Why a Markdown file among the posts is a page of the old site and not a post, or "".

    A post may name its layout (``layout: post``, dated or not); a page that lists posts names
    a listing layout or paginates, and a page without a date that names another layout is one
    of the site's own pages (an about page, a tag page's template)."""
    if "pagination" in data:
        return "it has a 'pagination' key: it is a template for pages that list posts."
    layout = data.get("layout")
    if not isinstance(layout, str) or not layout.strip():
        return ""
    words = set(re.split(r"[^a-z]+", layout.lower()))
    if words & POST_LAYOUT_WORDS:
        return ""
    if words & LISTING_LAYOUT_WORDS:
        return f"its layout '{layout}' is a page that lists posts."
    if not dated:
        return f"it has a layout ('{layout}') but no date: it is a page of the old site."
    return ""


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
    lines = body.split("\n")
    heading = first_heading_line(lines)
    if heading is None:
        return fallback, body
    match = FIRST_H1.match(body, sum(len(line) + 1 for line in lines[:heading]))
    assert match is not None
    if not body[: match.start()].strip():
        body = body[match.end() :].lstrip("\n")
    return match.group(1).strip(), body


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


def written_date(data: dict[str, Any], path: Path) -> dt.datetime | None:
    """The date the front matter, a Zola ``path`` or the file name gives: aware when it was
    written with an offset, naive when not; None when there is none."""
    for name in FIELD_NAMES["date"]:
        value = data.get(name)
        if value in (None, "") or isinstance(value, bool):
            continue
        parsed = to_datetime(value)
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
                return dt.datetime(*map(int, match.groups()))
            except ValueError:
                continue
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


# What `--old-url` may say, beside literal text. They mean what the old generators' own
# permalink placeholders mean: {name} is Jekyll's :title (for posts without a slug: field, which
# Jekyll's :title would take), Eleventy's page.fileSlug and Hugo's :contentbasename; {path} is
# Jekyll's :path when SOURCE is the collection's folder, and Hexo's :title for undated file names.
OLD_URL_PLACEHOLDERS = {
    "slug": "the post's slug, as in its new address",
    "name": "the file name less extension and YYYY-MM-DD- date, case kept "
    "(an index file: its folder's name)",
    "path": "the file's path under the SOURCE folder, less extension (an index file: its folder)",
    "year": "the post's year",
    "month": "its month, two digits",
    "day": "its day, two digits",
}
# Front matter fields that say where the post itself lived (the first found), and those that
# list other addresses it once had.
# Zola's `path` (and old Gatsby starters') is the page's address, written without its slash.
OWN_ADDRESS_FIELDS = ("permalink", "url", "path")
FORMER_ADDRESS_FIELDS = ("aliases", "redirect_from")
# Hugo's content folder: its pages' addresses are their paths under it.
HUGO_CONTENT_DIR = "content"


@lru_cache(maxsize=8)
def check_old_url_template(template: str) -> None:
    """Raise ImporterError unless `template` is literal text and OLD_URL_PLACEHOLDERS."""
    known = ", ".join(f"{{{name}}}" for name in OLD_URL_PLACEHOLDERS)
    try:
        fields = [
            (name, spec, conversion)
            for _, name, spec, conversion in string.Formatter().parse(template)
            if name is not None
        ]
    except ValueError as error:
        raise ImporterError(
            f"the old address template {template!r} cannot be read ({error}).",
            field="--old-url",
            fix=f"write each placeholder as one of {known} (a literal brace as {{{{ or }}}}).",
        ) from error
    for name, spec, conversion in fields:
        if name not in OLD_URL_PLACEHOLDERS or spec or conversion:
            written = "{" + name + (f"!{conversion}" if conversion else "")
            written += (f":{spec}" if spec else "") + "}"
            raise ImporterError(
                f"the old address template {template!r} has an unknown placeholder {written}.",
                field="--old-url",
                fix=f"use only {known}, e.g. /{{year}}/{{month}}/{{day}}/{{name}}.html.",
            )


def address_values(slug: str, date: dt.datetime, path: Path, options: RunOptions) -> dict[str, str]:
    """What each of OLD_URL_PLACEHOLDERS stands for in this post's old address."""
    under = path_under_source(path, options.source_roots)
    return {
        "slug": slug,
        "name": post_stem(path),
        "path": under.as_posix(),
        "year": f"{date.year:04}",
        "month": f"{date.month:02}",
        "day": f"{date.day:02}",
        # Not a placeholder: the folder a relative Hugo alias is read in (`old_urls`).
        "section": default_section(path, options.source_roots),
    }


def path_under_source(path: Path, roots: tuple[Path, ...]) -> PurePosixPath:
    """The post's path under the SOURCE it was found in, less extension; an index file (a
    Hugo or Gatsby bundle) is its folder, as its address was."""
    relative = PurePosixPath(path.name)
    for root in roots:
        folder = root if root.is_dir() else root.parent
        for candidate, base in ((path, folder), (path.absolute(), folder.absolute())):
            if candidate.is_relative_to(base):
                relative = PurePosixPath(candidate.relative_to(base).as_posix())
                break
        else:
            continue
        break
    if relative.stem in ("index", "_index") and relative.parent.name:
        return relative.parent
    return relative.with_suffix("")


def default_section(path: Path, roots: tuple[Path, ...]) -> str:
    """The folder a post's address sat in by default: its folder under Hugo's content folder
    when it has one, else under the SOURCE it was found in, led by that folder's name (posts
    imported from `content/posts` lived under /posts/). A bundle's folder is the post itself."""
    folder = path.absolute().parent
    if path.stem in ("index", "_index"):
        folder = folder.parent
    parts = folder.parts
    if HUGO_CONTENT_DIR in parts:
        index = len(parts) - 1 - parts[::-1].index(HUGO_CONTENT_DIR)
        return "/" + "/".join(parts[index + 1 :])
    for root in roots:
        base = (root if root.is_dir() else root.parent).absolute()
        if folder == base or base in folder.parents:
            return "/" + "/".join((base.name, *folder.relative_to(base).parts))
    return "/"


def old_urls(data: dict[str, Any], template: str, values: dict[str, str]) -> tuple[str, ...]:
    """The post's addresses on the old site: its own first (`permalink`, Hugo's `url`, or else
    the `--old-url` template), then former ones (`aliases`, `redirect_from`).

    A relative alias is read in the post's section, as Hugo does: next to the post's own
    address, or without one, in `default_section`; a Zola post's (one with `path` or
    `[taxonomies]`) from the site's root, as Zola does."""
    own = own_old_url(data, template, values)
    urls = [own] if own else []
    section = posixpath.dirname(own.rstrip("/")) if own else values.get("section", "/")
    if "path" in data or "taxonomies" in data:
        section = "/"  # Zola's aliases are paths from the site's root, not the section's
    for name in FORMER_ADDRESS_FIELDS:
        for value in as_list(data.get(name)):
            if not isinstance(value, str) or not value.strip() or "{" in value:
                continue
            value = value.strip()
            if name == "aliases" and not value.startswith("/") and not is_absolute_url(value):
                value = posixpath.normpath(posixpath.join(section or "/", value))
            urls.append(url_path(value))
    return tuple(dict.fromkeys(url for url in urls if url != "/"))


def own_old_url(data: dict[str, Any], template: str, values: dict[str, str]) -> str:
    """Where the post itself lived on the old site, or "" when nothing says."""
    for name in OWN_ADDRESS_FIELDS:
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            continue
        if "{" in value:
            return ""  # a template of the old generator's (Eleventy's Nunjucks): unknown here
        if name == "url" and is_absolute_url(value.strip()):
            continue  # a link post's target, not an address of this site
        return url_path(value)
    if not template:
        return ""
    check_old_url_template(template)
    return url_path(template.format_map(values))


def is_absolute_url(value: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:|^//", value, re.IGNORECASE))


def url_path(value: str) -> str:
    value = re.sub(r"^https?://[^/]+", "", value.strip())
    return "/" + value.lstrip("/")


def strip_mdx_module_lines(body: str) -> str:
    """MDX ``import``/``export`` statements load components and data; they are code, not
    content. A statement runs from its line to the next blank line, as MDX reads it
    (``export const meta = {`` spans several lines); code samples are never touched."""
    if not re.search(r"^(import|export)\s", body, re.MULTILINE):
        return body
    stash = Stash()
    kept: list[str] = []
    in_statement = False
    for line in stash_code(body, stash, mdx=True).split("\n"):
        if in_statement and not line.strip():
            in_statement = False
        elif not in_statement and re.match(r"^(import|export)\s", line):
            in_statement = True
        if not in_statement:
            kept.append(line)
    return stash.restore("\n".join(kept))
