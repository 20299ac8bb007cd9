"""A post's cover (feature) picture as its old site showed it: the front matter fields themes
read, a picture of the post's own folder named as a cover, and the flags that hid it.

Each generator's module says which fields and file names its themes use (``Generator.cover``);
this module reads them. ``Cover.src`` is the reference as written (a path or an address), or
the name of a file of the post's folder; the write stage finds the file as it finds any picture.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

PICTURE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"})
# In a mapping (``cover: {image: …, alt: …}``), where the picture and its words are.
SOURCE_KEYS = ("image", "src", "url", "path", "file")
ALT_KEYS = ("alt", "caption", "title")
MAX_FOLDER_FILES = 500
"""A post's folder with more files than this is not a page bundle; it isn't listed."""


@dataclass(frozen=True, slots=True)
class Cover:
    """The post's cover picture as the old site gave it."""

    src: str = ""
    alt: str = ""
    note: str = ""
    """What the report should say of it ("" when it was shown as it will be)."""


def from_fields(sources: Iterable[Mapping[str, Any]], names: Iterable[str], alt: str = "") -> Cover:
    """The first picture any of `names` gives in any of `sources` (front matter, then its
    ``params``...): a string, a mapping with the picture under ``image``/``src``, or a list
    whose first item is one of those. `alt`: the alt text front matter gives beside it."""
    names = tuple(names)
    for source in sources:
        for name in names:
            src, words = picture_value(source.get(name))
            if src:
                return Cover(src, " ".join((alt or words).split()))
    return Cover()


def picture_value(value: Any) -> tuple[str, str]:
    """(the picture, its words) a front matter value names; ("", "") for none."""
    if isinstance(value, list):
        value = value[0] if value else None
    words = ""
    if isinstance(value, dict):
        words = next((str(value[k]) for k in ALT_KEYS if isinstance(value.get(k), str)), "")
        value = next((value[k] for k in SOURCE_KEYS if isinstance(value.get(k), str)), None)
    if isinstance(value, str) and value.strip():
        return value.strip(), words
    return "", ""


def bundle_picture(post_path: Path, patterns: Iterable[str]) -> str:
    """The name of the first picture of a bundle post's folder (``…/name/index.md``) matching
    one of `patterns` in turn (``*feature*``), as Hugo's ``Resources.GetMatch`` picks it: by
    name, case-insensitively; "" when there is none or the post has no folder of its own."""
    if post_path.stem not in ("index", "_index"):
        return ""
    pictures = bundle_pictures(post_path.parent)
    for pattern in patterns:
        for name in pictures:
            if fnmatchcase(name.lower(), pattern):
                return name
    return ""


def bundle_pictures(folder: Path) -> list[str]:
    """The picture files directly in `folder`, by name (links are not followed)."""
    names: list[str] = []
    try:
        for count, path in enumerate(sorted(folder.iterdir())):
            if count >= MAX_FOLDER_FILES:
                return []
            if path.suffix.lower() in PICTURE_SUFFIXES and path.is_file():
                if not path.is_symlink():
                    names.append(path.name)
    except OSError:
        return []
    return names


def flag(sources: Iterable[Mapping[str, Any]], *path: str) -> bool | None:
    """A true/false flag at `path` (``cover``, ``hiddenInSingle``) in the first source that has
    it; None when none does."""
    for source in sources:
        value: Any = source
        for key in path:
            value = value.get(key) if isinstance(value, Mapping) else None
        if isinstance(value, bool):
            return value
    return None
