"""Astro: ``astro.config.*`` (never run, searched for plain strings), content collections in
``src/content/`` (or where a content config's ``glob()`` loaders point), ``public/`` served as
is, ``pubDate`` for dates.

Read from Astro's documentation: configuration (docs.astro.build/en/reference/configuration-
reference: ``srcDir``, ``publicDir``), content collections and the glob loader
(docs.astro.build/en/guides/content-collections). Its heading ids are GitHub's slugs
(github-slugger); its posts' addresses are the blog template's routes
(``importer.generators.path_urls``); the rest gets the shared reading.
"""

from __future__ import annotations

import re
from pathlib import Path

from importer.generators import path_urls
from importer.generators.base import Generator, Layout
from importer.generators.config import js_string, read_text, site_path
from importer.generators.folders import COMMON_SKIPS, POST_FOLDER_NAMES, outermost
from importer.generators.permalinks import PostFacts, Published, SiteRules

CONFIGS = ("astro.config.mjs", "astro.config.js", "astro.config.ts", "astro.config.mts")
PACKAGES = ("astro",)
GLOB_BASE = re.compile(r"""\bbase\s*:\s*(["'`])([^"'`$\n]+)\1""")


class Astro(Generator):
    name = "astro"
    label = "Astro"
    configs = CONFIGS
    packages = PACKAGES

    def layout(self, root: Path, config: Path | None) -> Layout:
        """Content collections in src/content/<name>/ (or the folders a content config's
        glob() loaders name as `base`, relative to the root); src/pages/ Markdown are pages;
        public/ is served as is. `srcDir` and `publicDir` are followed when plain strings."""
        text = read_text(config) if config else ""
        src = site_path(root, js_string(text, r"\bsrcDir\s*:")) or root / "src"
        public = site_path(root, js_string(text, r"\bpublicDir\s*:")) or root / "public"
        collections = collection_folders(root, src)
        named = [d for d in collections if d.name.lower() in POST_FOLDER_NAMES]
        pages = src / "pages"
        if pages.is_dir():
            named += [
                d for d in sorted(pages.iterdir()) if d.is_dir() and d.name in POST_FOLDER_NAMES
            ]
        return Layout(
            content_dirs=outermost([src, *collections]),
            post_folders=named,
            asset_roots=[public, src, *collections],
            skipped_names={**COMMON_SKIPS, "dist": "the built site (dist/), not a source."},
        )

    def address_rules(self, root: Path, config: Path | None, layout: Layout) -> SiteRules:
        """The blog template's: each entry under its collection's name, at its slug."""
        mounts = [(str(d.relative_to(root)), f"/{d.name}") for d in layout.post_folders]
        note = "addresses: /<collection>/<entry>/ (the blog template's routes)"
        return SiteRules(self.name, root, tuple(layout.content_dirs), {"mounts": mounts}, (note,))

    def published_url(self, post: PostFacts, rules: SiteRules) -> Published:
        return path_urls.astro_url(post, rules)


def collection_folders(root: Path, src: Path) -> list[Path]:
    """The folders a content config's glob() loaders read, then src/content/'s folders."""
    collections: list[Path] = []
    for name in ("content.config", "content/config"):
        for suffix in (".ts", ".mjs", ".js", ".mts"):
            for _, base in GLOB_BASE.findall(read_text(src / f"{name}{suffix}")):
                folder = site_path(root, base)
                if folder and folder.is_dir():
                    collections.append(folder)
    content = src / "content"
    if content.is_dir():
        collections += [d for d in sorted(content.iterdir()) if d.is_dir()]
    return list(dict.fromkeys(collections))


GENERATOR = Astro()
