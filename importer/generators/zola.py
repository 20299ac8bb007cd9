"""Zola: ``config.toml`` with its own snake_case keys, ``content/`` and ``static/`` (fixed names),
sections with an ``_index.md``, posts that may give their own ``path``.

Read from Zola's documentation: configuration (getzola.org/documentation/getting-started/
configuration), sections and pages (getzola.org/documentation/content/section, /page: a page's
``path``, its ``aliases`` read from the site's root). Its posts' addresses are computed as
Zola computes them (``importer.generators.path_urls``); ``aliases`` get the shared reading.
"""

from __future__ import annotations

from pathlib import Path

from importer.generators import path_urls
from importer.generators.base import Detection, Evidence, Generator, Layout
from importer.generators.config import config_value, read_config
from importer.generators.folders import COMMON_SKIPS, THEME, section_folders
from importer.generators.permalinks import PostFacts, Published, SiteRules

CONFIG = "config.toml"
# Zola's config.toml names its keys in snake_case (base_url); Hugo's in camelCase (baseURL).
KEYS = frozenset(
    {
        "base_url",
        "compile_sass",
        "build_search_index",
        "markdown",
        "generate_feed",
        "generate_feeds",
    }
)


class Zola(Generator):
    name = "zola"
    label = "Zola"
    lenient_dates = False  # its build fails on a date it can't read

    def detect(self, folder: Path) -> Detection | None:
        config = folder / CONFIG
        if config.is_file() and KEYS & read_config(config).keys():
            return Detection(Evidence.CONFIG_KEYS, config)
        return None

    def layout(self, root: Path, config: Path | None) -> Layout:
        """content/ and static/ (fixed names); sections have an _index.md."""
        content = root / "content"
        layout = Layout(
            content_dirs=[content] if content.is_dir() else [],
            asset_roots=[root / "static", content],
            skipped_names={
                **COMMON_SKIPS,
                "templates": THEME,
                "sass": THEME,
                "public": "the built site (public/), not a source.",
            },
        )
        layout.post_folders = section_folders(layout.content_dirs, [])
        return layout

    def address_rules(self, root: Path, config: Path | None, layout: Layout) -> SiteRules:
        """A page's section path then its slug, slugified as ``[slugify] paths`` says."""
        paths = config_value(read_config(config) if config else {}, "slugify", "paths")
        settings = {"slugify_paths": paths if isinstance(paths, str) else "on"}
        note = "addresses: each post's section, then its slug or file name less its date"
        return SiteRules(self.name, root, tuple(layout.content_dirs), settings, (note,))

    def published_url(self, post: PostFacts, rules: SiteRules) -> Published:
        return path_urls.zola_url(post, rules)


GENERATOR = Zola()
