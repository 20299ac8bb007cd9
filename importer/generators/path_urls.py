"""The addresses of the generators that make them from a post's path: Hexo's ``permalink``
pattern, Zola's sections, Docusaurus's blog routes, Gatsby's and Astro's file paths.

Each reading is from the generator's own documentation or source: Hexo's
lib/plugins/filter/post_permalink.js (``:title`` is the file's path under ``_posts``, less the
date ``new_post_name`` puts before it; ``:category`` the categories' path, or
``default_category``), Zola's content/page docs (a page's section path, then its ``slug`` or
file name less a date, slugified), Docusaurus's blog plugin (``routeBasePath``, then ``slug``
or the date in the file's path as ``YYYY/MM/DD/`` and the rest of the path; no trailing
slash), gatsby-starter-blog's ``createFilePath`` and Astro's collection routes (the path under
the collection, each part slugged as github-slugger does).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from django.utils.text import slugify

from importer.generators.permalinks import (
    PostFacts,
    Published,
    SiteRules,
    clean_url,
    date_parts,
    expand,
)

HEXO_DEFAULT = ":year/:month/:day/:title/"
HEXO_SPECIAL = re.compile(r"[\s~`!@#$%^&*()\-_+=\[\]{}|\\;:\"'<>,.?/]+")
DOCUSAURUS_DATE = re.compile(r"^(.*?)(\d{4})[-/](\d{1,2})[-/](\d{1,2})[-/]?(.*?)(?:/index)?$")


def own_address(post: PostFacts, name: str) -> str:
    value = post.front_matter.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else ""


def without_index(relative: PurePosixPath) -> PurePosixPath:
    """The path less extension; a folder's index is the folder."""
    bare = relative.with_suffix("")
    return bare.parent if bare.name == "index" and bare.parent.name else bare


# -- Hexo --------------------------------------------------------------------------------------


def hexo_slugize(text: str) -> str:
    """hexo-util's ``slugize``: accents dropped, runs of spaces and punctuation a hyphen, none
    at either end, case kept."""
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    text = re.sub(HEXO_SPECIAL, "-", re.sub(r"[\x00-\x1f]", "", text))
    return re.sub(r"-{2,}", "-", text).strip("-")


def hexo_settings(config: Mapping[str, Any]) -> dict[str, Any]:
    root = config.get("root")
    name = config.get("new_post_name")
    return {
        "permalink": config.get("permalink") or HEXO_DEFAULT,
        "base_path": "/" + root.strip("/") if isinstance(root, str) and root.strip("/") else "",
        "dated_names": isinstance(name, str) and name.startswith(":year-:month-:day-"),
        "default_category": str(config.get("default_category") or "uncategorized"),
    }


def hexo_url(post: PostFacts, rules: SiteRules) -> Published:
    settings = rules.settings
    own = own_address(post, "permalink")
    if own:
        return Published(settings["base_path"] + clean_url(own))
    relative = rules.content_path(post.path)
    if relative is None or "_posts" not in relative.parts:
        return Published()
    under = PurePosixPath(*relative.parts[relative.parts.index("_posts") + 1 :]).with_suffix("")
    title = under.as_posix()
    if settings["dated_names"]:
        dated = date_parts(under.name)
        title = (under.parent / dated[1]).as_posix() if dated else title
    title = own_address(post, "slug") or title
    values = date_values(post)
    values |= {
        "title": title,
        "name": under.name,
        "post_title": hexo_slugize(post.title),
        "category": hexo_category(post, settings["default_category"]),
    }
    made = expand(settings["permalink"], lambda name, _: values.get(name))
    if made is None:
        return Published()
    return Published(settings["base_path"] + clean_url(made.url), made.name)


def hexo_category(post: PostFacts, default: str) -> str:
    """The categories' path (Hexo's list is one category inside the one before)."""
    value = post.front_matter.get("categories", post.front_matter.get("category"))
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    flat = [n[-1] if isinstance(n, list) and n else n for n in names]
    return "/".join(hexo_slugize(str(n)) for n in flat if n) or default


def date_values(post: PostFacts) -> dict[str, str]:
    date = post.date
    return {
        "year": f"{date.year:04}",
        "month": f"{date.month:02}",
        "day": f"{date.day:02}",
        "i_month": str(date.month),
        "i_day": str(date.day),
        "hour": f"{date.hour:02}",
        "minute": f"{date.minute:02}",
        "second": f"{date.second:02}",
    }


# -- Zola --------------------------------------------------------------------------------------


def zola_url(post: PostFacts, rules: SiteRules) -> Published:
    own = own_address(post, "path")
    if own:
        return Published(clean_url(own.rstrip("/") + "/"))
    relative = rules.content_path(post.path)
    if relative is None:
        return Published()
    bare = without_index(relative)
    name = own_address(post, "slug") or bare.name
    dated = re.match(r"^\d{4}-\d{2}-\d{2}(?:[T ][\d:]+)?[_-]", name)
    if dated and not own_address(post, "slug"):
        name = name[dated.end() :]
    if rules.settings.get("slugify_paths", "on") == "on":
        name = slugify(name)
    elif rules.settings.get("slugify_paths") == "safe":
        name = re.sub(r"[<>:\"/\\|?*#\s]+", "-", name)
    return Published(clean_url("/".join([*bare.parent.parts, name]) + "/"), name)


# -- Docusaurus --------------------------------------------------------------------------------


def mounted(post: PostFacts, rules: SiteRules) -> tuple[str, PurePosixPath] | None:
    """(the route prefix, the path less extension under the folder) of the deepest of the
    site's ``mounts`` (folder under the root, route it is served at) holding the post."""
    mounts: list[tuple[str, str]] = rules.settings.get("mounts", [])
    for folder, route in sorted(mounts, key=lambda item: -len(item[0])):
        base = rules.root / folder
        if base in post.path.parents:
            return route, PurePosixPath(post.path.relative_to(base).as_posix()).with_suffix("")
    return None


def docusaurus_url(post: PostFacts, rules: SiteRules) -> Published:
    found = mounted(post, rules)
    if found is None:
        return Published()
    route, under = found
    slug = own_address(post, "slug")
    name = ""
    if not slug:
        text = under.as_posix().removesuffix("/index") if under.name == "index" else str(under)
        match = DOCUSAURUS_DATE.match(text)
        if match:
            folder, year, month, day, rest = match.groups()
            slug, name = f"{folder}{year}/{month}/{day}/{rest}", rest
        else:
            slug = text
    base_url = rules.settings.get("base_url", "")
    url = clean_url(f"{base_url}/{route}/{slug}").rstrip("/")
    return Published(url + "/" if rules.settings.get("trailing_slash") else url or "/", name)


# -- Gatsby and Astro --------------------------------------------------------------------------


def file_path_url(post: PostFacts, rules: SiteRules) -> Published:
    """Gatsby's blog starter: the path under the folder its source plugin reads."""
    found = mounted(post, rules)
    if found is None:
        return Published()
    route, under = found
    return Published(clean_url(f"{route}/{without_index(under.with_suffix('.md'))}/"))


def astro_url(post: PostFacts, rules: SiteRules) -> Published:
    """An entry of a collection is served under the collection's name, at its slug (its id:
    the path, each part slugged)."""
    found = mounted(post, rules)
    if found is None:
        return Published()
    route, under = found
    bare = without_index(under.with_suffix(".md"))
    entry = own_address(post, "slug")
    if not entry:
        entry = "/".join(github_part(part) for part in bare.parts)
    return Published(clean_url(f"{route}/{entry}/"))


def github_part(text: str) -> str:
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
