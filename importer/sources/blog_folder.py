"""The blog's folder of a site whose config doesn't name one (a Next.js blog keeping its posts
in ``blog/posts/``, a repository of no known generator), found by its posts: Markdown files
with front matter, a title and a date (in the front matter or the file's name).

Docs (``docs/``, ``versioned_docs/``), translations, built output, installed packages and the
files that describe a folder (README, CONTRIBUTING...) are never posts, so they never decide.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from importer.generators import MARKDOWN_SUFFIXES
from importer.generators.base import FOLDER_NOTES
from importer.generators.folders import POST_FOLDER_NAMES

# The share of the dated posts a top folder must hold to be the blog when posts are spread.
MOST = 2 / 3


@dataclass(frozen=True, slots=True)
class BlogFolder:
    folder: Path
    reason: str
    """Why this folder: what was counted where, for the analysis and the report."""


def find_blog_folder(root: Path, skipped: dict[str, str], is_post) -> BlogFolder | None:
    """The folder under `root` that holds the blog's posts, or None when no Markdown there
    looks like a post; `is_post(path)` says whether a file has a title and a date."""
    dated: list[Path] = []
    markdown = 0
    for path, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")) and d not in skipped)
        for name in sorted(names):
            if not name.lower().endswith(MARKDOWN_SUFFIXES):
                continue
            if Path(name).stem.upper() in FOLDER_NOTES:
                continue
            markdown += 1
            if is_post(Path(path) / name):
                dated.append(Path(path) / name)
    if not dated:
        return None
    common = Path(os.path.commonpath([p.parent for p in dated]))
    if common != root:
        return BlogFolder(common, counted(common, root, len(dated), markdown))
    return most_posts(root, dated, markdown)


def most_posts(root: Path, dated: list[Path], markdown: int) -> BlogFolder | None:
    """When the dated posts are spread over the site: the top folder holding most of them
    (one named as a blog's, else one with two thirds of them), or None."""
    tops = Counter(p.relative_to(root).parts[0] if p.parent != root else "" for p in dated)
    named = [(n, top) for top, n in tops.items() if top.lower() in POST_FOLDER_NAMES]
    count, top = max(named) if named else max((n, top) for top, n in tops.items())
    if not top or (not named and count < MOST * len(dated)):
        return None
    inside = [p for p in dated if p.is_relative_to(root / top)]
    folder = Path(os.path.commonpath([p.parent for p in inside]))
    others = ", ".join(f"{t or '.'}/ {n}" for t, n in tops.most_common() if t != top)
    reason = counted(folder, root, count, markdown)
    return BlogFolder(folder, f"{reason}; other folders with dated files: {others}")


def counted(folder: Path, root: Path, posts: int, markdown: int) -> str:
    where = folder.relative_to(root).as_posix()
    return (
        f"blog folder {where}/: it holds {posts} of the site's {markdown} Markdown files outside "
        "docs, READMEs and built output, those with front matter, a title and a date"
    )
