"""Jekyll's addresses: a post's ``permalink`` (its own, a ``defaults`` entry's for its folder,
the posts collection's, or the site's style), its placeholders filled in as Jekyll fills them.

Read from Jekyll 4.3's source (lib/jekyll/configuration.rb: the styles; drops/url_drop.rb: each
placeholder; document.rb: a post's slug and categories, those of the folders above ``_posts``
first; utils.rb: ``slugify``; url.rb: empty placeholders and repeated slashes dropped) and
checked against sites built by ``jekyll build``. Dates with an offset are read in the site's
``timezone`` (UTC when it has none, as on a build server).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from importer.generators.permalinks import PostFacts, Published, SiteRules, clean_url, expand

STYLES = {
    "none": "/:categories/:title:output_ext",
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
}
DATE_FILENAME = re.compile(r"^(\d{2,4}-\d{1,2}-\d{1,2})-(.*)$")


def slugify(text: str, mode: str = "default", cased: bool = False) -> str:
    """Jekyll's ``Utils.slugify`` in its default and pretty modes: runs of what the mode does
    not keep become one hyphen (letters, marks and digits; pretty keeps ``._~!$&'()+,;=@`` and
    ``_`` too), no hyphen at either end, lower case unless `cased`."""
    if mode == "pretty":
        slug = re.sub(r"[^\w._~!$&'()+,;=@]+", "-", text)
    else:
        slug = re.sub(r"(?:[^\w]|_)+", "-", text)
    slug = re.sub(r"^-|-$", "", slug)
    return slug if cased else slug.lower()


def template_of(permalink: Any) -> str:
    """A permalink setting as a pattern: a style's, or as written."""
    if not isinstance(permalink, str) or not permalink.strip():
        return STYLES["date"]
    return STYLES.get(permalink.strip().lstrip(":"), permalink.strip())


def rules_settings(config: Mapping[str, Any]) -> dict[str, Any]:
    """What the addresses are computed from, out of ``_config.yml``."""
    collections = config.get("collections")
    posts = collections.get("posts") if isinstance(collections, dict) else None
    site_pattern = template_of(config.get("permalink"))
    if isinstance(posts, dict) and isinstance(posts.get("permalink"), str):
        site_pattern = template_of(posts["permalink"])
    defaults = []
    for entry in config.get("defaults") or []:
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
            continue
        permalink = entry["values"].get("permalink")
        scope = entry.get("scope") if isinstance(entry.get("scope"), dict) else {}
        if isinstance(permalink, str) and scope.get("type", "posts") in ("posts", None):
            defaults.append((str(scope.get("path") or "").strip("/"), template_of(permalink)))
    base = config.get("baseurl")
    zone = config.get("timezone")
    return {
        "permalink": site_pattern,
        "defaults": defaults,
        "base_path": "/" + base.strip("/") if isinstance(base, str) and base.strip("/") else "",
        "timezone": zone if isinstance(zone, str) else "",
        "collections_dir": str(config.get("collections_dir") or "").strip("/"),
    }


def notes(settings: Mapping[str, Any]) -> tuple[str, ...]:
    found = [f"permalink: {settings['permalink']}"]
    found += [
        f"defaults for {path or 'every post'}: {pattern}" for path, pattern in settings["defaults"]
    ]
    return tuple(found)


def categories(
    post: PostFacts, relative: PurePosixPath, collections_dir: list[str] = ()
) -> list[str]:
    """The folders above ``_posts`` (``blog/_posts/``: "blog"), then the front matter's
    ``categories`` (a list, or words) and ``category``, lower case, each once."""
    parts = list(relative.parts)
    found = parts[: parts.index("_posts")] if "_posts" in parts else []
    if collections_dir and found[: len(collections_dir)] == collections_dir:
        found = found[len(collections_dir) :]  # the collections' own folder is no category
    for name in ("categories", "category"):
        value = post.front_matter.get(name)
        if isinstance(value, str):
            found += value.split() if name == "categories" else [value]
        elif isinstance(value, list):
            found += [str(item) for item in value if item not in (None, "")]
    return list(dict.fromkeys(str(c).lower() for c in found))


def local_date(date: dt.datetime, zone: str) -> dt.datetime:
    """The date as Jekyll formats it: an offset's time read in the site's time zone."""
    if date.tzinfo is None:
        return date
    try:
        return date.astimezone(ZoneInfo(zone) if zone else dt.UTC)
    except (ZoneInfoNotFoundError, ValueError):
        return date.astimezone(dt.UTC)


def pattern_for(post: PostFacts, relative: PurePosixPath, settings: Mapping[str, Any]) -> str:
    own = post.front_matter.get("permalink")
    if isinstance(own, str) and own.strip():
        return template_of(own)
    where = relative.as_posix()
    scoped = [(path, p) for path, p in settings["defaults"] if where.startswith(path)]
    if scoped:
        return max(scoped, key=lambda item: len(item[0]))[1]
    return settings["permalink"]


def published_url(post: PostFacts, rules: SiteRules) -> Published:
    """The post's address on the Jekyll site ``rules`` describe."""
    settings = rules.settings
    relative = rules.content_path(post.path)
    if relative is None:
        return Published()
    stem = post.path.stem
    dated = DATE_FILENAME.match(stem)
    slug = post.front_matter.get("slug")
    slug = str(slug) if slug not in (None, "") else (dated.group(2) if dated else stem)
    slug = slug.rstrip(".")
    date = local_date(post.date, settings["timezone"])
    folders = [p for p in settings.get("collections_dir", "").split("/") if p]
    values = placeholders(date, slug, stem, post, relative, folders)
    made = expand(pattern_for(post, relative, settings), lambda name, _: values.get(name))
    if made is None:
        return Published()
    return Published(settings["base_path"] + clean_url(made.url), made.name)


def placeholders(
    date: dt.datetime,
    slug: str,
    stem: str,
    post: PostFacts,
    relative: PurePosixPath,
    collections_dir: list[str],
) -> dict[str, str]:
    parts = relative.parts
    after_posts = parts[parts.index("_posts") + 1 :] if "_posts" in parts else parts
    return {
        "year": f"{date.year:04}",
        "month": f"{date.month:02}",
        "day": f"{date.day:02}",
        "hour": f"{date.hour:02}",
        "minute": f"{date.minute:02}",
        "second": f"{date.second:02}",
        "i_month": str(date.month),
        "i_day": str(date.day),
        "short_year": f"{date.year % 100:02}",
        "y_day": date.strftime("%j"),
        "short_month": date.strftime("%b"),
        "long_month": date.strftime("%B"),
        "week": f"{date.isocalendar()[1]:02}",
        "w_year": str(date.isocalendar()[0]),
        "w_day": str(date.isoweekday()),
        "short_day": date.strftime("%a"),
        "long_day": date.strftime("%A"),
        "title": slugify(slug, "pretty", cased=True),
        "slug": slugify(slug),
        "name": slugify(stem),
        "categories": "/".join(found := categories(post, relative, collections_dir)),
        "slugified_categories": "/".join(slugify(c) for c in found),
        "collection": "posts",
        "path": str(PurePosixPath(*after_posts).with_suffix("")) if after_posts else stem,
        "output_ext": ".html",
    }
