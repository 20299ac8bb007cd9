"""Eleventy's addresses: a post's ``permalink`` (its own, else the nearest directory data
file's), else its path under the input folder (11ty.dev/docs/permalinks: ``index`` and a file
named as its folder are the folder; the date stays, case kept).

A permalink is a template: the importer fills in what it can without running the site's code
(``page.fileSlug``, the file's name less its date; ``page.filePathStem``; ``title``, ``slug`` or
``page.fileSlug`` through the ``slug``/``slugify`` filters); any other expression leaves the
default address, with a warning. Directory data files are read when JSON (``posts/posts.json``,
``posts.11tydata.json``), or for a plain string ``permalink`` in a ``.11tydata.js``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from django.utils.text import slugify

from importer.generators.config import read_config, read_text
from importer.generators.fields import DATE_PREFIX
from importer.generators.permalinks import PostFacts, Published, SiteRules, clean_url

EXPRESSION = re.compile(r"{{-?\s*(.*?)\s*-?}}")
JS_PERMALINK = re.compile(r"""\bpermalink\s*:\s*(["'`])([^"'`$\n]*)\1""")
UNREADABLE = (
    "The permalink {permalink!r} needs the old site's code to compute ({expression}); the "
    "post's old address is taken as Eleventy's default, {url}. If it was elsewhere, give "
    "--old-url."
)


@lru_cache(maxsize=1024)
def folder_permalink(folder: Path) -> str | None:
    """The ``permalink`` a directory data file of `folder` gives (None: none does)."""
    for suffix in (".11tydata.json", ".json"):
        data = read_config(folder / f"{folder.name}{suffix}")
        if isinstance(data.get("permalink"), str | bool):
            return data["permalink"] if isinstance(data["permalink"], str) else ""
    for suffix in (".11tydata.js", ".11tydata.cjs", ".11tydata.mjs"):
        match = JS_PERMALINK.search(read_text(folder / f"{folder.name}{suffix}"))
        if match:
            return match.group(2)
    return None


def permalink_of(post: PostFacts, input_dir: Path) -> Any:
    own = post.front_matter.get("permalink")
    if own is not None:
        return own
    folder = post.path.parent
    while folder == input_dir or input_dir in folder.parents:
        found = folder_permalink(folder)
        if found is not None:
            return found
        folder = folder.parent
    return None


def file_slug(relative: PurePosixPath) -> str:
    """``page.fileSlug``: the file's name less extension and date; an index, its folder's."""
    name = relative.parent.name if relative.stem == "index" else relative.stem
    return DATE_PREFIX.sub("", name) or name


def default_url(relative: PurePosixPath) -> str:
    folder = relative.parent
    if relative.stem == "index" or relative.stem == folder.name:
        return clean_url(folder.as_posix() + "/")
    return clean_url((folder / relative.stem).as_posix() + "/")


def fill(expression: str, post: PostFacts, relative: PurePosixPath) -> str | None:
    """One ``{{ … }}`` of a permalink, when it needs no code (None: it does)."""
    value, *filters = [part.strip() for part in expression.split("|")]
    values = {
        "page.fileSlug": file_slug(relative),
        "page.filePathStem": "/" + relative.with_suffix("").as_posix(),
        "title": post.title,
        "slug": str(post.front_matter.get("slug") or ""),
    }
    if value not in values or any(f not in ("slug", "slugify") for f in filters):
        return None
    text = values[value]
    return slugify(text.replace("&", " and ")) if filters else text


def published_url(post: PostFacts, rules: SiteRules) -> Published:
    relative = rules.content_path(post.path)
    if relative is None:
        return Published()
    input_dir = rules.content_dirs[0]
    default = default_url(relative)
    permalink = permalink_of(post, input_dir)
    if isinstance(permalink, dict):
        permalink = permalink.get("build", False)  # Eleventy's `permalink: {build: …}`
    if permalink is False or permalink == "":
        return Published()  # written nowhere: the post had no page
    if not isinstance(permalink, str):
        return Published(default, file_slug(relative))
    unknown = ""

    def replace(match: re.Match[str]) -> str:
        nonlocal unknown
        found = fill(match.group(1), post, relative)
        if found is None:
            unknown = unknown or match.group(0)
            return ""
        return found

    made = EXPRESSION.sub(replace, permalink)
    if unknown or "{%" in permalink:
        expression = unknown or permalink
        warning = UNREADABLE.format(permalink=permalink, expression=expression, url=default)
        return Published(default, file_slug(relative), warning)
    return Published(clean_url(re.sub(r"index\.html?$", "", made)))
