"""Hugo's addresses: a post's ``url``, else its section's ``permalinks`` pattern, else its path
under the content folder (``slug`` for its file name), each made a URL as Hugo makes it.

Read from Hugo's source (resources/page/permalinks.go: each placeholder's value and fallback,
``:slug`` is the title when the page has no slug; helpers/path.go: ``UnicodeSanitize`` and
``MakePathSanitized``, the ``urlize`` of addresses) and checked against sites built by Hugo
0.111: the address is lower-cased unless ``disablePathToLower``, a space becomes a hyphen, dots,
``_``, ``#`` and ``~`` stay, other punctuation goes (``+`` too, in the built path), runs of
hyphens become one. A multilingual site's language prefixes are not added.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from importer.generators.base import MARKDOWN_SUFFIXES
from importer.generators.permalinks import (
    PostFacts,
    Published,
    SiteRules,
    clean_url,
    date_parts,
    expand,
)

INDEX_NAMES = ("index", "_index")


def setting(config: Mapping[str, Any], name: str) -> Any:
    """A Hugo config key, whose names Hugo reads case-insensitively."""
    wanted = name.casefold()
    return next((v for k, v in config.items() if str(k).casefold() == wanted), None)


def permalink_table(config: Mapping[str, Any]) -> dict[str, str]:
    """The ``permalinks`` patterns by section: the plain table, or its ``page`` table."""
    table = setting(config, "permalinks")
    if not isinstance(table, dict):
        return {}
    pages = setting(table, "page")
    if isinstance(pages, dict):
        table = pages
    return {str(k).strip("/"): v for k, v in table.items() if isinstance(v, str)}


def rules_settings(
    config: Mapping[str, Any],
    languages: Mapping[str, Any],
    root: Path,
    mounts: list[tuple[str, str]] = (),
) -> dict[str, Any]:
    """What the addresses are computed from, out of the merged config and its languages."""
    frontmatter = setting(config, "frontmatter")
    dates = setting(frontmatter, "date") if isinstance(frontmatter, dict) else None
    base = setting(config, "baseURL")
    default = str(setting(config, "defaultContentLanguage") or "en").lower()
    folders = {
        str(Path(root, value["contentDir"])): str(name).lower()
        for name, value in languages.items()
        if isinstance(value, dict) and isinstance(value.get("contentDir"), str)
    }
    folders |= {
        str(Path(root, source)): language.lower() for source, language in mounts if language
    }
    return {
        "languages": sorted(str(name).lower() for name in languages),
        "language_folders": folders,
        "default_language": default,
        "default_in_subdir": bool(setting(config, "defaultContentLanguageInSubdir")),
        "permalinks": permalink_table(config),
        "lower": not setting(config, "disablePathToLower"),
        "accents": bool(setting(config, "removePathAccents")),
        "ugly": bool(setting(config, "uglyURLs")),
        "filename_dates": isinstance(dates, list) and ":filename" in dates,
        "base_path": urlsplit(base).path.rstrip("/") if isinstance(base, str) else "",
    }


def notes(settings: Mapping[str, Any]) -> tuple[str, ...]:
    table = settings["permalinks"]
    found = [f"permalinks: {section or '/'} = {pattern}" for section, pattern in table.items()]
    return tuple(found or ["addresses: each post's path under content/ (no permalinks)"])


def sanitize(text: str, settings: Mapping[str, Any]) -> str:
    """Hugo's ``UnicodeSanitize``: what a path keeps of `text`, spaces and hyphens as one."""
    if settings.get("accents"):
        text = "".join(
            c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
        )
    kept: list[str] = []
    hyphen = False
    for index, char in enumerate(text):
        allowed = char in "./\\_#~+" or char.isalnum() or unicodedata.category(char)[0] == "M"
        allowed = allowed or (char == "%" and bool(re.match(r"[0-9a-fA-F]{2}", text[index + 1 :])))
        if allowed:
            if hyphen:
                kept.append("-")
                hyphen = False
            kept.append(char)
        elif kept and (char == "-" or char.isspace()):
            hyphen = True
    # Hugo 0.111 keeps a "+" here and drops it from the built path, leaving its hyphens.
    return "".join(kept).replace("+", "")


def urlize(text: str, settings: Mapping[str, Any]) -> str:
    made = sanitize(text, settings)
    return made.lower() if settings.get("lower", True) else made


@lru_cache(maxsize=4096)
def is_section(folder: Path) -> bool:
    """A nested folder is a section of its own when it has an ``_index`` page."""
    return any((folder / f"_index{suffix}").is_file() for suffix in MARKDOWN_SUFFIXES)


def sections(path: PurePosixPath, content: Path) -> list[str]:
    """The post's sections: its top folder, then each nested folder that is a section."""
    folders = list(path.parent.parts)
    if is_index(path):
        folders = folders[:-1]  # a bundle's own folder is the page
    if not folders:
        return []
    found = [folders[0]]
    for depth in range(1, len(folders)):
        if not is_section(content.joinpath(*folders[: depth + 1])):
            break
        found.append(folders[depth])
    return found


def is_index(path: PurePosixPath | Path) -> bool:
    """A bundle's own page (``index.md``, in a language: ``index.fr.md``) or a section's."""
    return path.stem.split(".")[0] in INDEX_NAMES


def language_of(post: PostFacts, settings: Mapping[str, Any]) -> str:
    """The post's language: its file name's (``post.fr.md``), its content folder's, or the
    site's default."""
    suffix = Path(post.path.stem).suffix.lstrip(".").lower()
    if suffix and suffix in settings["languages"]:
        return suffix
    for folder, language in settings["language_folders"].items():
        if Path(folder) in post.path.parents:
            return language
    return settings["default_language"]


def language_prefix(post: PostFacts, settings: Mapping[str, Any]) -> str:
    """``/fr`` for a page of a language other than the default (the default's too with
    ``defaultContentLanguageInSubdir``), as Hugo publishes them."""
    language = language_of(post, settings)
    if language == settings["default_language"] and not settings["default_in_subdir"]:
        return ""
    return "/" + language


def base_name(path: PurePosixPath, languages: list[str]) -> str:
    """The file's name less extension and language (``post.fr.md``), a bundle's its folder's."""
    if is_index(path) and path.parent.name:
        return path.parent.name
    stem, _, suffix = path.stem.rpartition(".")
    return stem if stem and suffix.lower() in languages else path.stem


def slug_of(post: PostFacts, settings: Mapping[str, Any]) -> str:
    """The page's ``slug``: its front matter's, else, when the config dates pages by their file
    names (``[frontmatter] date = [":filename"…]``), the file name less its date."""
    slug = post.front_matter.get("slug")
    if isinstance(slug, str) and slug.strip():
        return slug.strip()
    if settings.get("filename_dates"):
        dated = date_parts(base_name(PurePosixPath(post.path.name), settings["languages"]))
        if dated and dated[1]:
            return dated[1]
    return ""


def published_url(post: PostFacts, rules: SiteRules) -> Published:
    """The post's address on the Hugo site ``rules`` describe (none when it is outside it)."""
    settings = rules.settings
    url = post.front_matter.get("url")
    if isinstance(url, str) and url.strip() and not re.match(r"^[a-z]+:|^//", url.strip()):
        return Published(settings["base_path"] + clean_url(url))
    content = rules.content_path(post.path)
    if content is None:
        return Published()
    prefix = settings["base_path"] + language_prefix(post, settings)
    base = Path(*post.path.parts[: len(post.path.parts) - len(content.parts)])
    chain = sections(content, base)
    table = settings["permalinks"]
    key = next(
        ("/".join(chain[:n]) for n in range(len(chain), 0, -1) if "/".join(chain[:n]) in table),
        None,
    )
    if key is None and not chain and "" in table:
        key = ""
    if key is not None:
        made = expand(
            table[key], lambda name, cut: placeholder(name, cut, post, content, chain, settings)
        )
        if made is not None:
            url = made.url.lower() if settings["lower"] else made.url
            return Published(prefix + clean_url(url), made.name)
    return default_url(post, content, settings, prefix)


def default_url(
    post: PostFacts, content: PurePosixPath, settings: Mapping[str, Any], prefix: str
) -> Published:
    """The address of a post no pattern matches: its folders, then its slug or file name."""
    folder = content.parent.parent if is_index(content) else content.parent
    name = slug_of(post, settings) or base_name(content, settings["languages"])
    made = sanitize("/".join([*folder.parts, name]), settings)
    made = made.lower() if settings["lower"] else made
    url = clean_url(made + (".html" if settings["ugly"] else "/"))
    return Published(prefix + url, urlize(name, settings))


def placeholder(
    name: str,
    cut: str,
    post: PostFacts,
    content: PurePosixPath,
    chain: list[str],
    settings: Mapping[str, Any],
) -> str | None:
    """One ``:name`` of a permalinks pattern, for this post (None: not one Hugo knows)."""
    date = post.date
    dated = {
        "year": str(date.year),
        "month": f"{date.month:02}",
        "monthname": date.strftime("%B"),
        "day": f"{date.day:02}",
        "weekday": str(date.isoweekday() % 7),
        "weekdayname": date.strftime("%A"),
        "yearday": str(date.timetuple().tm_yday),
    }
    if name in dated:
        return dated[name]
    slug = slug_of(post, settings)
    title = urlize(post.title, settings)
    names = {
        "section": chain[0] if chain else "",
        "sections": "/".join(cut_sections(chain, cut)),
        "title": title,
        "slug": urlize(slug, settings) if slug else title,
        "filename": urlize(base_name(content, settings["languages"]), settings),
        "contentbasename": urlize(base_name(content, settings["languages"]), settings),
    }
    names["slugorfilename"] = urlize(slug, settings) if slug else names["filename"]
    names["slugorcontentbasename"] = urlize(slug, settings) if slug else names["contentbasename"]
    return names.get(name)


def cut_sections(chain: list[str], cut: str) -> list[str]:
    """``:sections[1:]``, ``:sections[last]``: part of the sections, as Hugo slices them."""
    if not cut:
        return chain
    inner = cut.strip("[]").strip().lower()

    def index(text: str, low: bool) -> int:
        if text == "":
            return 0 if low else len(chain)
        if text == "last":
            return len(chain) - 1
        return max(int(text), 0) if text.isdigit() else 0

    if ":" not in inner:
        at = index(inner, True)
        return [chain[at]] if 0 <= at < len(chain) else []
    low, high = inner.split(":", 1)
    return chain[index(low, True) : index(high, False)]
