"""What the generators' layouts share: the folders that are never content, the names a blog's
posts folder goes by, and walking a site without leaving it."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from importer.generators.base import MARKDOWN_SUFFIXES

# Folder names that hold a blog's posts when the config does not say which folder does.
POST_FOLDER_NAMES = frozenset(
    {"posts", "post", "blog", "blogs", "news", "articles", "article", "writing", "journal"}
)
THEME = "part of the theme or templates ({name}/), not content."
COMMON_SKIPS = {
    "node_modules": "installed packages (node_modules/), not content.",
    "_site": "the built site (_site/), not a source.",
    "themes": THEME,
    "_layouts": THEME,
    "_includes": THEME,
    "layouts": THEME,
    "vendor": "installed packages (vendor/), not content.",
}

# Folders of a site of no config naming its posts that hold Markdown but never blog posts.
NOT_BLOG_FOLDERS = {
    "docs": "documentation (docs/), not blog posts.",
    "versioned_docs": "documentation of earlier versions (versioned_docs/), not blog posts.",
    "i18n": "translations (i18n/), not the blog's own posts.",
    ".next": "Next.js's build, not a source.",
    "out": "the built site (out/), not a source.",
    "build": "the built site (build/), not a source.",
    "dist": "the built site (dist/), not a source.",
}


def section_folders(content_dirs: list[Path], main_sections: list[str]) -> list[Path]:
    """The top-level content sections that hold the posts: those named in `main_sections`,
    else the blog-named ones, else (as Hugo itself does) the one with the most pages."""
    sections = [d for c in content_dirs for d in sorted(c.iterdir()) if d.is_dir()]
    sections = [d for d in sections if not d.name.startswith((".", "_"))]
    if main_sections:
        chosen = [d for d in sections if d.name in main_sections]
        if chosen:
            return chosen
    named = [d for d in sections if d.name.lower() in POST_FOLDER_NAMES]
    if named:
        return named
    counted = [(count_markdown(d), d) for d in sections]
    counted = [item for item in counted if item[0]]
    if not counted:
        return []
    most = max(count for count, _ in counted)
    return [d for count, d in counted if count == most][:1]


def count_markdown(folder: Path) -> int:
    return sum(
        1
        for _, _, names in os.walk(folder)
        for name in names
        if name.lower().endswith(MARKDOWN_SUFFIXES) and not name.startswith("_index")
    )


def walk(folder: Path, skipped: dict[str, str]) -> Iterable[tuple[Path, list[str], list[str]]]:
    """os.walk without hidden folders, skipped folders, or links to folders (which could lead
    out of the site)."""
    for path, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in skipped)
        yield Path(path), dirs, sorted(names)


def outermost(folders: Iterable[Path]) -> list[Path]:
    """The folders, without those inside another of them (an asset root is searched whole)."""
    unique = list(dict.fromkeys(folders))
    return [f for f in unique if not any(other in f.parents for other in unique)]
