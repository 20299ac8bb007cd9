"""Is this file a post? One answer for ``--analyze``, the import and the admin's preview.

Every file a run's plan found (``importer.sources.plan``) goes through ``why_not_a_post`` before
it is read: a folder's README, a section page (``_index``), content written in HTML, a link to
a file elsewhere, a posts folder's own page, a file listed twice are each skipped with the
reason. An old site's own rules (its generator's ``Layout``) were applied when its posts were
found; what a post's front matter says of it (a listing layout: ``Generator.page_reason``) is
read by the parse stage, which the analysis and the import run alike.

Posts are known across runs by their path in the folder they were found in (``source_key``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from importer.generators import HTML_SUFFIXES
from importer.sources.site import front_matter, has_date

LISTED_TWICE = "listed more than once."


def why_not_a_post(path: Path, sources: list[Path], seen: set[Path]) -> str:
    """Why the file `path`, found under `sources`, is not read as a post; "" when it is one to
    read. `seen` holds the files read so far (a file listed twice is read once), and gains
    `path` when it is one."""
    reason = file_not_a_post(path) or outside_sources(path, sources)
    reason = reason or folder_page_reason(path, sources)
    if reason:
        return reason
    resolved = path.resolve()
    if resolved in seen:
        return LISTED_TWICE
    seen.add(resolved)
    return ""


def not_a_post_message(path: Path, reason: str) -> str:
    """What the report says of a file whose front matter makes it a page (``NotAPost``)."""
    return f"{path.name} is not a post: {reason}"


def file_not_a_post(path: Path) -> str:
    """Files that sit among posts but are not posts: a folder's README, Hugo's section pages."""
    if path.stem.upper() in ("README", "CHANGELOG", "LICENSE", "CONTRIBUTING"):
        return f"{path.name} describes the folder; it is not a post."
    if path.stem == "_index":
        return "_index files are Hugo section pages (lists of posts), not posts."
    if path.suffix.lower() in HTML_SUFFIXES:
        return (
            f"{path.name} is written in HTML; the importer reads Markdown (.md, .markdown, "
            ".mdx). Copy its text into a new post in the admin, or save it as Markdown and "
            "import that."
        )
    return ""


def outside_sources(path: Path, sources: list[Path]) -> str:
    """Why a post file found under `sources` is not read, or "": it is a link to a file
    outside them (a post must not bring a file from elsewhere on the machine onto a page).
    A file named as a source itself is what the run was asked to import."""
    if path in sources:
        return ""
    real = real_path(path)
    folders = [real_path(source if source.is_dir() else source.parent) for source in sources]
    if inside(real, folders):
        return ""
    return f"{path.name} is a link to {real}, outside the folders being imported; it was not read."


def folder_page_reason(path: Path, sources: list[Path]) -> str:
    """A posts folder's own page: an undated ``index.md`` beside the posts (the blog's list of
    posts on the old site); a dated one is a post, and a bundle's ``index.md`` sits in a folder
    of its own."""
    if path.stem != "index":
        return ""
    folders = {source.resolve() for source in sources if source.is_dir()}
    if path.resolve().parent not in folders:
        return ""
    if has_date(path) or {"layout", "pagination"} & front_matter(path).keys():
        return ""  # the parse stage says which page a layout makes it, more precisely
    return "the posts folder's own page (its list of posts, with no date), not a post."


def source_key(path: Path, sources: Sequence[Path]) -> str:
    """A post's identity across runs: its path inside the folder it was imported from, led by
    that folder's name ("posts/2024/stretching.md").

    A file given on its own counts as inside its folder, so importing the folder later finds the
    same pages. Absolute paths would make a moved or freshly cloned copy of the old site import
    every post a second time."""
    path = path.resolve()
    for source in sources:
        root = source.resolve()
        folder = root if root.is_dir() else root.parent
        if path == root or folder in path.parents:
            return f"{folder.name}/{path.relative_to(folder).as_posix()}"
    return path.as_posix()


def real_path(path: Path) -> Path:
    """`path` with every symlink followed (``os.path.realpath``: a missing file is no error)."""
    return Path(os.path.realpath(path))


def inside(real: Path, folders: list[Path]) -> bool:
    return any(real.is_relative_to(folder) for folder in folders)
