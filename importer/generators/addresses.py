"""Where a post lived on the old site: its own address and the former ones, for redirects
and for links between posts. This is the reading every generator's posts get today
(``Generator.old_urls``), trying each generator's convention in turn.

The front matter says it (Jekyll's and Eleventy's ``permalink``, Hugo's ``url``, Zola's
``path``; Hugo's and Zola's ``aliases``, jekyll-redirect-from's ``redirect_from``), or else the
``--old-url`` template does, filled in from the post.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import string
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from importer.common import ImporterError
from importer.generators.fields import as_list, post_stem

AddressValues = dict[str, str]
"""What each of OLD_URL_PLACEHOLDERS stands for in one post's old address (``address_values``)."""

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


def address_values(
    slug: str, date: dt.datetime, path: Path, roots: tuple[Path, ...]
) -> AddressValues:
    """What each of OLD_URL_PLACEHOLDERS stands for in this post's old address; `roots` are
    the folders posts are known by (``RunOptions.source_roots``)."""
    under = path_under_source(path, roots)
    return {
        "slug": slug,
        "name": post_stem(path),
        "path": under.as_posix(),
        "year": f"{date.year:04}",
        "month": f"{date.month:02}",
        "day": f"{date.day:02}",
        # Not a placeholder: the folder a relative Hugo alias is read in (`old_urls`).
        "section": default_section(path, roots),
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


def old_urls(
    data: dict[str, Any], template: str, values: AddressValues, computed: str = ""
) -> tuple[str, ...]:
    """The post's addresses on the old site: its own first (`permalink`, Hugo's `url`, or else
    the `--old-url` template), then former ones (`aliases`, `redirect_from`).

    A relative alias is read in the post's section, as Hugo does: next to the post's own
    address, or without one, in `default_section`; a Zola post's (one with `path` or
    `[taxonomies]`) from the site's root, as Zola does."""
    own = own_old_url(data, template, values, computed)
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


def own_old_url(
    data: dict[str, Any], template: str, values: AddressValues, computed: str = ""
) -> str:
    """Where the post itself lived on the old site, or "" when nothing says: `computed` by
    the generator's rules when no `template` was given, else the front matter's address,
    else the template."""
    if computed and not template:
        return computed
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
