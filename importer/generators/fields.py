"""Each generator's names for a post's facts, and the values read from them.

Each static-site generator names the same facts differently; ``FIELD_NAMES`` lists, for each
fact, the names tried in order (docs/importer.md's front-matter table is the same list for people).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.utils.text import slugify

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "newstitle"),
    "date": ("date", "pubDate", "published", "publishDate", "created_at", "createdAt"),
    "slug": ("slug",),
    "description": ("description", "summary", "excerpt"),
    "author": ("author", "authors", "author_name", "creator"),
    "tags": ("tags", "category", "categories", "keywords"),
    "image": (
        "image",
        "cover",
        "heroImage",
        "featured_image",
        "feature_image",
        "featuredImage",
        "featureImage",
        "featureimage",
        "images",
        "thumbnail",
    ),
    "image_alt": ("imageAlt", "image_alt", "heroImageAlt", "coverAlt", "alt"),
    "fallback_image": ("ogimageOverride",),
    "draft": ("draft",),
    "old_urls": ("permalink", "url", "aliases", "redirect_from"),
}

# Collection tags tell the old generator which list a file belongs to; they are not topics.
COLLECTION_TAGS = frozenset({"post", "posts", "all"})

DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-?")


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


def post_slug(data: dict[str, Any], stem: str) -> str:
    # A slug may be a path (Docusaurus's "/news/gift-cards"): the page is named by its end.
    slug = first_text(data, "slug").rstrip("/").rsplit("/", 1)[-1]
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


def is_draft(data: dict[str, Any]) -> bool:
    return data.get("draft") is True or data.get("published") is False


def sources(front_matter: dict[str, Any]) -> list[dict[str, Any]]:
    """The front matter, then the mappings themes keep their own fields in (Hugo's ``params``,
    Zola's ``extra``)."""
    found = [front_matter]
    for name in ("params", "extra"):
        if isinstance(front_matter.get(name), dict):
            found.append(front_matter[name])
    return found


def first_field(front_matter: dict[str, Any], names: tuple[str, ...]) -> list[Any]:
    """The value of the first of `names` that has one, in the front matter then its params."""
    for source in sources(front_matter):
        for name in names:
            if source.get(name) not in (None, "", [], {}):
                return [source[name]]
    return []
