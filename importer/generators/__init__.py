"""What the importer knows of each static-site generator, one module each, behind one contract
(``importer.generators.base.Generator``); import, analysis and export ask them.

``GENERATORS`` lists them in the order their detection is tried when a folder holds several
generators' files equally surely; ``find_generator`` says which one built a folder,
``generator_named`` finds one by name (the reading of no known generator, ``UNKNOWN``, for any
other name). ``merged`` and ``gathered`` put together what the expand stage asks of them all
(``importer.stages.tags``): a post's template tags are read by every generator's rules, as a
post may come from a folder of no known site.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from importer.generators import (
    astro,
    docusaurus,
    eleventy,
    gatsby,
    hexo,
    hugo,
    jekyll,
    nextjs,
    zola,
)
from importer.generators.base import (
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    STATIC_ROOTS,
    Detection,
    Evidence,
    Generator,
    Layout,
)

__all__ = [
    "EXPORT_FORMATS",
    "GENERATORS",
    "HTML_SUFFIXES",
    "MARKDOWN_SUFFIXES",
    "STATIC_ROOTS",
    "UNKNOWN",
    "Detection",
    "Evidence",
    "Generator",
    "Layout",
    "find_generator",
    "generator_named",
]

GENERATORS: tuple[Generator, ...] = (
    hugo.GENERATOR,
    eleventy.GENERATOR,
    astro.GENERATOR,
    gatsby.GENERATOR,
    hexo.GENERATOR,
    jekyll.GENERATOR,
    zola.GENERATOR,
    docusaurus.GENERATOR,
    nextjs.GENERATOR,
)
UNKNOWN = Generator()
"""A folder of posts no generator's config explains: the shared reading."""
EXPORT_FORMATS = tuple(sorted(generator.name for generator in GENERATORS if generator.exports))
# A repository often keeps its site in one of these (GitHub Pages serves docs/).
SITE_SUBFOLDERS = ("docs", "site", "website", "blog", "www")

BY_NAME = {generator.name: generator for generator in GENERATORS}


def generator_named(name: str) -> Generator:
    return BY_NAME.get(name, UNKNOWN)


def find_generator(folder: Path) -> tuple[Path, Generator, Path | None] | None:
    """(the site's root, its generator, its config file) for `folder` or a site subfolder."""
    if not folder.is_dir():
        return None
    found = detect(folder)
    if found:
        return (folder, *found)
    for name in SITE_SUBFOLDERS:
        sub = folder / name
        if sub.is_dir() and not sub.is_symlink():
            found = detect(sub)
            if found:
                return (sub, *found)
    return None


def detect(folder: Path) -> tuple[Generator, Path | None] | None:
    """The generator whose evidence in `folder` is strongest (the first in GENERATORS of
    those equally sure), and its config file."""
    found: list[tuple[Evidence, int, Generator, Detection]] = []
    for order, generator in enumerate(GENERATORS):
        detection = generator.detect(folder)
        if detection is not None:
            found.append((detection.evidence, order, generator, detection))
    if not found:
        return None
    _, _, generator, detection = min(found, key=lambda item: item[:2])
    return generator, detection.config


def merged(kind: str) -> dict[str, Any]:
    """One of the generators' tables of tag rules (``tags``, ``shortcodes``...), all together."""
    table: dict[str, Any] = {}
    for generator in GENERATORS:
        table.update(getattr(generator, kind))
    return table


def gathered(kind: str, syntax: str = "") -> frozenset[str]:
    """One of the generators' sets of tag names (``code_tags``, ``callouts``...), all together;
    with `syntax`, only those of the generators whose tags are written in it."""
    return frozenset(
        name
        for generator in GENERATORS
        if not syntax or generator.syntax == syntax
        for name in getattr(generator, kind)
    )
