"""Finding an old site's posts and images from its repository root, before anything is read.

``detect_site(folder)`` looks at a folder as its generator would: which generator built it and
which folders its config names for content and static files (the generator's module says:
``importer.generators``), which Markdown files are posts and which are not (pages, drafts,
READMEs, theme files) by the rules of the generator's ``Layout``, each with the reason, and where
images are served from.

Nothing here touches the database; it reads files under the folder and nothing outside it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from importer.common import ImporterError
from importer.generators import MARKDOWN_SUFFIXES, UNKNOWN, Generator, Layout, find_generator
from importer.generators.base import FOLDER_NOTES, as_strings
from importer.generators.config import version_hints
from importer.generators.fields import FIELD_NAMES
from importer.generators.folders import outermost
from importer.generators.permalinks import SiteRules
from importer.sources.blog_folder import find_blog_folder
from importer.stages.mdx.meta import exported_meta
from importer.stages.parse.dates import FILE_DATE
from importer.stages.parse.front_matter import split_front_matter


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A Markdown file (or a folder of them) that is not imported, and why."""

    path: Path
    reason: str


@dataclass(frozen=True, slots=True)
class Site:
    """What an old site's own files say about it."""

    folder: Path
    """The folder the user gave."""
    root: Path
    """The folder holding the generator's config (the given one, or e.g. its docs/)."""
    generator: str
    config: Path | None
    hints: tuple[str, ...]
    """Versions and settings found beside the config, e.g. '@11ty/eleventy ^3 (package.json)'."""
    content_dirs: tuple[Path, ...]
    """Where the generator reads its Markdown (Hugo's contentDir, Jekyll's source...)."""
    post_folders: tuple[Path, ...]
    """The folders holding its posts; posts are known by their path inside these."""
    posts: tuple[Path, ...]
    drafts: tuple[Path, ...]
    """Posts in a drafts folder (_drafts): imported, as drafts, only when asked."""
    left_out: tuple[LeftOut, ...]
    asset_roots: tuple[Path, ...]
    addresses: SiteRules | None = None
    """What its generator computes its posts' addresses from (read once, for the run)."""


def detect_site(folder: Path) -> Site | None:
    """The old site in `folder` (or in its docs/, site/... subfolder); None when no generator's
    config is there and its posts are all in the folder itself, so it is taken as a plain
    folder of posts. A folder of no known generator whose posts are in one of its folders
    (``blog/posts/``, beside docs and READMEs) is a site whose blog folder is that one."""
    found = find_generator(folder)
    if found is None:
        if not has_subfolders(folder):
            return None  # a flat folder of posts: nothing to choose (and nothing more read)
        layout = posts_found(folder, UNKNOWN.layout(folder, None))
        if not layout.post_folders or not markdown_outside(folder, layout.post_folders[0]):
            return None  # every Markdown file is the blog's: as plain a folder as before
        return site_of(folder, folder, UNKNOWN, None, layout)
    root, generator, config = found
    layout = generator.layout(root, config)
    if layout.posts_by_content:
        layout = posts_found(root, layout)
    return site_of(folder, root, generator, config, layout)


def markdown_outside(folder: Path, blog: Path) -> bool:
    """Whether a Markdown file under `folder` (not hidden, not installed packages) is outside
    `blog`: a doc, a README or a page, which a plain folder's import would take for a post."""
    for path, dirs, names in os.walk(folder):
        here = Path(path)
        if here == blog:
            dirs[:] = []
            continue
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "node_modules"]
        if any(name.lower().endswith(MARKDOWN_SUFFIXES) for name in names):
            return True
    return False


def has_subfolders(folder: Path) -> bool:
    try:
        return any(
            entry.is_dir(follow_symlinks=False) and not entry.name.startswith(".")
            for entry in os.scandir(folder)
        )
    except OSError:
        return False


def posts_found(root: Path, layout: Layout) -> Layout:
    """`layout` with the folder its posts are in, found by them, and why."""
    blog = find_blog_folder(root, layout.skipped_names, has_date_and_title)
    if blog is not None:
        layout.post_folders = [blog.folder]
        layout.hints.append(blog.reason)
    return layout


def site_of(
    folder: Path, root: Path, generator: Generator, config: Path | None, layout: Layout
) -> Site:
    hints = generator.version_hints(root) + (version_hints(folder) if folder != root else [])
    layout.hints = list(dict.fromkeys([*hints, *layout.hints]))
    posts, drafts, left_out = classify(folder, root, layout)
    addresses = generator.address_rules(root, config, layout)
    return Site(
        folder=folder,
        root=root,
        generator=generator.name,
        config=config,
        hints=tuple(layout.hints),
        content_dirs=tuple(layout.content_dirs),
        post_folders=tuple(post_folders_of(posts + drafts, layout)),
        posts=tuple(sorted(posts)),
        drafts=tuple(sorted(drafts)),
        left_out=tuple(left_out),
        asset_roots=tuple(outermost(d for d in layout.asset_roots if d.is_dir())),
        addresses=addresses,
    )


# -- Which Markdown files are posts ------------------------------------------------------------


def classify(
    folder: Path, root: Path, layout: Layout
) -> tuple[list[Path], list[Path], list[LeftOut]]:
    """(posts, drafts-folder posts, files left out with why) for every Markdown file under
    `folder`. A skipped folder (theme, node_modules...) is one row, not one per file."""
    posts: list[Path] = []
    drafts: list[Path] = []
    left_out: list[LeftOut] = []
    without_post_folders = not layout.post_folders
    for path, dirs, names in os.walk(folder):
        here = Path(path)
        kept = []
        for name in sorted(dirs):
            sub = here / name
            if name.startswith(".") or os.path.islink(sub):
                continue
            if sub != root and root not in sub.parents and sub not in root.parents:
                if has_markdown(sub):
                    left_out.append(LeftOut(sub, f"outside the old site's folder ({root.name}/)."))
                continue
            if name in layout.skipped_names:
                if name == "node_modules" or has_markdown(sub):
                    reason = layout.skipped_names[name].format(name=name)
                    left_out.append(LeftOut(sub, reason))
                continue
            kept.append(name)
        dirs[:] = kept
        for name in sorted(names):
            if not name.lower().endswith(MARKDOWN_SUFFIXES):
                continue
            file = here / name
            if file.is_symlink() and not is_inside(file.resolve(), folder.resolve()):
                reason = f"{name} is a link to a file outside the site; it was not read."
            else:
                reason = leave_out_reason(file, root, layout, without_post_folders)
            if reason == DRAFT:
                drafts.append(file)
                left_out.append(LeftOut(file, draft_reason(file, layout)))
            elif reason:
                left_out.append(LeftOut(file, reason))
            else:
                posts.append(file)
    return posts, drafts, left_out


DRAFT = "draft"


def draft_reason(path: Path, layout: Layout) -> str:
    folder = next(d for d in layout.draft_folders if d in path.parents)
    return (
        f"in the drafts folder {folder.name}/: not published on the old site; "
        "--include-drafts imports it as a draft."
    )


def leave_out_reason(path: Path, root: Path, layout: Layout, without_post_folders: bool) -> str:
    """Why a Markdown file is not a post ("" for a post; DRAFT for a drafts-folder post)."""
    if root != path.parent and root not in path.parents:
        return f"outside the old site's folder ({root.name}/)."
    if path.stem.upper() in FOLDER_NOTES:
        return f"{path.name} describes the folder; it is not a post."
    if any(d in path.parents for d in layout.draft_folders):
        return DRAFT
    content = [d for d in layout.content_dirs if d in path.parents]
    if not content:
        return "outside the generator's content folders, so not part of the site."
    if path.stem == "_index":
        return "_index files are section pages (lists of posts), not posts."
    post_folder = next((d for d in layout.post_folders if d in path.parents), None)
    if post_folder is None:
        if layout.post_tags and as_tags(front_matter(path).get("tags")) & layout.post_tags:
            return ""
        if without_post_folders and has_date_and_title(path):
            return ""
        where = ", ".join(relative(d, root) for d in layout.post_folders)
        return (
            f"a page, not a post: the posts are in {where}."
            if where
            else "a page, not a post: it has no date and title in its front matter."
        )
    prefix = layout.private_prefix
    if prefix and any(p.startswith(prefix) for p in path.relative_to(post_folder).parts):
        return f"its name starts with '{prefix}': the blog leaves it out (a part of posts)."
    bundle = bundle_of(path, post_folder)
    if bundle:
        return f"part of the page bundle {relative(bundle, root)}/, not a post of its own."
    if path.parent == post_folder and path.stem in (*layout.section_pages, post_folder.name):
        if not has_date(path):
            return "the posts folder's own page (its list of posts), not a post."
    return ""


def is_inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def bundle_of(path: Path, post_folder: Path) -> Path | None:
    """The leaf bundle (a folder with an index.md) that `path` belongs to without being its
    index: Hugo and Zola treat other Markdown there as the page's resources."""
    folder = path.parent
    while folder != post_folder and post_folder in folder.parents:
        index = any((folder / f"index{suffix}").is_file() for suffix in MARKDOWN_SUFFIXES)
        # (index.fr.md: the bundle's page in another language)
        own = path.parent == folder and path.stem.split(".")[0] == "index"
        if index and not own:
            return folder
        folder = folder.parent
    return None


def has_markdown(folder: Path) -> bool:
    return any(
        name.lower().endswith(MARKDOWN_SUFFIXES)
        for _, _, names in os.walk(folder)
        for name in names
    )


def front_matter(path: Path) -> dict[str, Any]:
    """The file's front matter; an MDX file's exported ``meta`` too (as the parse stage)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
        data, body = split_front_matter(text)
        if path.suffix == ".mdx" and "export const" in body:
            data = {**exported_meta(body)[0], **data}
    except (OSError, ImporterError):
        return {}
    return data


def has_date(path: Path) -> bool:
    data = front_matter(path)
    return any(data.get(name) for name in FIELD_NAMES["date"]) or bool(
        FILE_DATE.search(path.name) or FILE_DATE.search(path.parent.name)
    )


def has_date_and_title(path: Path) -> bool:
    data = front_matter(path)
    dated = any(data.get(name) for name in FIELD_NAMES["date"]) or bool(FILE_DATE.search(path.name))
    return dated and any(data.get(name) for name in FIELD_NAMES["title"])


def post_folders_of(posts: list[Path], layout: Layout) -> list[Path]:
    """The folders posts are known by: the layout's post folders that hold posts, else each
    post's content folder."""
    named = layout.post_folders + layout.draft_folders
    folders = [d for d in named if any(d in p.parents for p in posts)]
    for post in posts:
        if not any(d in post.parents for d in folders):
            content = next((d for d in layout.content_dirs if d in post.parents), post.parent)
            folders.append(content)
    return list(dict.fromkeys(folders))


def as_tags(value: Any) -> set[str]:
    """Front matter tags: a list, or one string (Eleventy reads a string as one tag)."""
    return {tag.casefold() for tag in as_strings(value)}


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() or "."
    except ValueError:
        return path.as_posix()
