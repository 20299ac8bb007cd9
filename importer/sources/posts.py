"""Files found among the posts that are not read as posts, and why: a folder's README, Hugo's
section pages, content written in HTML, a link to a file elsewhere, a posts folder's own page.
Each is reported as skipped, with the reason.
"""

from __future__ import annotations

from pathlib import Path

from importer.generators.known import HTML_SUFFIXES
from importer.sources.site import front_matter, has_date
from importer.stages.pipeline import outside_sources


def not_read_as_a_post(path: Path, sources: list[Path]) -> str:
    """Why the file `path`, found under `sources`, is not a post; "" when it may be one."""
    return (
        file_not_a_post(path) or outside_sources(path, sources) or folder_page_reason(path, sources)
    )


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
