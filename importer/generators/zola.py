"""Zola: ``config.toml`` with its own snake_case keys, ``content/`` and ``static/`` (fixed names),
sections with an ``_index.md``, posts that may give their own ``path``.

Read from Zola's documentation: configuration (getzola.org/documentation/getting-started/
configuration), sections and pages (getzola.org/documentation/content/section, /page: a page's
``path``, its ``aliases`` read from the site's root). The shared reading of addresses
(``Generator``) follows ``path`` and those aliases for every post today.
"""

from __future__ import annotations

from pathlib import Path

from importer.generators.base import Detection, Evidence, Generator, Layout
from importer.generators.config import read_config
from importer.generators.folders import COMMON_SKIPS, THEME, section_folders

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


GENERATOR = Zola()
