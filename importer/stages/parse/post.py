"""Stage 3, parse: front matter and file name become a ``SourcePost``.

``parse_post`` reads the front matter block (``front_matter``), maps it onto the post's facts
as the post's generator reads them (``importer.generators``: field names, slug, author, cover,
draft, old addresses), and dates it (``dates``); a file that is a page of the old site, not a
post, raises ``NotAPost``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from importer.common import NotAPost, RunOptions, SourcePost
from importer.generators import UNKNOWN, Generator
from importer.generators.addresses import address_values
from importer.generators.authors import PostPlace
from importer.generators.fields import first_text, post_slug, post_stem, post_tags
from importer.generators.permalinks import PostFacts, Published, last_segment
from importer.stages.mdx.meta import exported_meta, exported_meta_lines, strip_mdx_module_lines
from importer.stages.outside_code import code_line_ranges
from importer.stages.parse.dates import post_date, written_date
from importer.stages.parse.front_matter import front_matter_bounds, split_front_matter

FIRST_H1 = re.compile(r"^# +(.+?)\s*#*\s*$", re.MULTILINE)


def parse_post(
    text: str,
    path: Path,
    options: RunOptions,
    modified: dt.datetime | None = None,
    generator: Generator = UNKNOWN,
) -> SourcePost:
    """Map front matter and file name onto a ``SourcePost``, as `generator` (the one whose
    site the post is from) reads them (see ``importer.generators.fields.FIELD_NAMES``).

    ``modified``, the file's modification time, dates a post that has no date anywhere else.
    Raises ``NotAPost`` for a page of the old site that lists posts or stands on its own."""
    data, body = split_front_matter(text)
    warnings: list[str] = []
    if path.suffix == ".mdx":
        exported, body, warnings = exported_meta(body)
        data = {**exported, **data}  # a post with both: its front matter is the newer habit
        body = strip_mdx_module_lines(body)
    written, date_note = written_date(data, path, lenient=generator.lenient_dates, by=generator)
    reason = generator.page_reason(data, dated=written is not None)
    if reason:
        raise NotAPost(reason)
    stem = post_stem(path)
    title = first_text(data, "title")
    if not title:
        title, body = title_from_body(body, fallback=humanise(stem))
    date, date_utc_offset, date_warning = post_date(written, ZoneInfo(options.time_zone), modified)
    published = published_url(generator, options, PostFacts(path, data, title, written or date))
    computed = published.url
    if published.warning:
        warnings.append(published.warning)
    slug = new_slug(generator, data, stem, published) or slugify(title, allow_unicode=True)[:80]
    cover = generator.cover(data, path)
    authors = generator.authors(data, PostPlace.of(path, options.source_roots, options.site_roots))
    warnings += [*authors.warnings, *([cover.note] if cover.note else [])]
    addresses = address_values(slug, date, path, options.source_roots)
    tags = post_tags(data)
    if len(tags) > options.max_tags:
        warnings.append(too_many_tags(tags, options.max_tags))
        tags = tags[: options.max_tags]
    return SourcePost(
        title=title,
        slug=slug,
        date=date,
        date_utc_offset=date_utc_offset,
        body=body,
        authors=authors.authors,
        description=first_text(data, "description"),
        tags=tags,
        image=cover.src,
        image_alt=cover.alt,
        draft=generator.is_draft(data),
        old_urls=generator.old_urls(data, options.old_url_template, addresses, computed),
        old_url=generator.own_old_url(data, options.old_url_template, addresses, computed),
        stem=stem,
        variables=data,
        warnings=(*warnings, *(note for note in (date_note, date_warning) if note)),
    )


def too_many_tags(tags: tuple[str, ...], limit: int) -> str:
    left_out = tags[limit:]
    shown = ", ".join(repr(tag) for tag in left_out[:5])
    more = f" and {len(left_out) - 5} more" if len(left_out) > 5 else ""
    return (
        f"The post has {len(tags)} tags; the first {limit} were kept and {shown}{more} "
        f"{'was' if len(left_out) == 1 else 'were'} left out (the setting "
        "IMPORTER_MAX_TAGS_PER_POST is the limit)."
    )


def published_url(generator: Generator, options: RunOptions, post: PostFacts) -> Published:
    """The post's address as its site's generator computed it; none with ``--old-url`` (which
    overrides it) or for a post of no known site."""
    rules = options.addresses_of(post.path)
    if options.old_url_template or rules is None or rules.generator != generator.name:
        return Published()
    return generator.published_url(post, rules)


def new_slug(generator: Generator, data: dict, stem: str, published: Published) -> str:
    """The new page's slug: the post's own ``slug``, else its name in its old address, which
    drops what the generator dropped of the file's name (a bundle's ``0316-`` sort prefix
    when the address is made from the title), else the shared reading (a permalink's last
    part, the file's name)."""
    if published and not first_text(data, "slug"):
        name = published.name or last_segment(published.url)
        if name:
            return post_slug({}, post_stem(Path(name.strip("/").replace("/", "-") + ".md")))
    return generator.slug(data, stem)


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
