"""Each generator's reading of an old site's folders: where its Markdown is, which folders hold
posts and drafts, where images are served from, and which folders are not content.

``LAYOUTS`` maps a generator to its reader; each follows what the generator's own config says
(read by ``site_config``) and falls back on the generator's defaults.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from importer.generators.config import (
    config_value,
    hugo_config_files,
    js_string,
    read_config,
    read_text,
    read_yaml,
    site_path,
)
from importer.generators.known import (
    COMMON_SKIPS,
    MARKDOWN_SUFFIXES,
    POST_FOLDER_NAMES,
    POST_TAGS,
    THEME,
)


@dataclass(slots=True)
class Layout:
    """A generator's reading of the site: its folders, before any Markdown file is classified."""

    content_dirs: list[Path]
    post_folders: list[Path] = field(default_factory=list)
    draft_folders: list[Path] = field(default_factory=list)
    asset_roots: list[Path] = field(default_factory=list)
    # Folders that are not content, by name anywhere under the site, with the reason.
    skipped_names: dict[str, str] = field(default_factory=dict)
    # Whether a file's own front matter tags can make it a post (Eleventy's collections).
    posts_by_tag: bool = False
    hints: list[str] = field(default_factory=list)
    # Whether a file directly in a post folder named like the folder (or index) is its list page.
    section_pages: tuple[str, ...] = ("_index",)


def hugo_layout(root: Path, config: Path | None) -> Layout:
    """Hugo: contentDir (per language too), staticDir, assetDir; posts in params.mainSections,
    else a blog-named section, else, as Hugo itself does, the section with the most pages."""
    merged: dict[str, Any] = {}
    languages: dict[str, Any] = {}
    main_sections: list[str] = []
    for path in hugo_config_files(root):
        data = read_config(path)
        if path.stem == "languages":
            languages.update(data)
        elif path.stem == "params":
            main_sections = as_strings(data.get("mainSections")) or main_sections
        else:
            merged.update(data)
    languages.update(merged.get("languages") or {})
    main_sections = (
        as_strings(merged.get("mainSections"))
        or as_strings(config_value(merged, "params", "mainSections"))
        or main_sections
    )
    # A multilingual site keeps each language's content in its own contentDir.
    content = [
        site_path(root, str(language["contentDir"]))
        for language in languages.values()
        if isinstance(language, dict) and isinstance(language.get("contentDir"), str)
    ] or [site_path(root, str(merged.get("contentDir") or "content"))]
    content_dirs = outermost(d for d in content if d and d.is_dir())
    statics = as_strings(merged.get("staticDir")) or ["static"]
    assets_dir = str(merged.get("assetDir") or "assets")
    layout = Layout(
        content_dirs=content_dirs,
        asset_roots=[
            *(d for d in (site_path(root, s) for s in statics) if d),
            *([site_path(root, assets_dir)] if site_path(root, assets_dir) else []),
            *content_dirs,
        ],
        skipped_names={
            **COMMON_SKIPS,
            "archetypes": "a template for new posts (archetypes/), not a post.",
            "resources": "Hugo's generated resources (resources/), not content.",
        },
    )
    publish = site_path(root, str(merged.get("publishDir") or "public"))
    if publish:
        layout.skipped_names[publish.name] = f"the built site ({publish.name}/), not a source."
    layout.post_folders = section_folders(content_dirs, main_sections)
    if main_sections:
        layout.hints.append(f"mainSections: {', '.join(main_sections)}")
    return layout


def zola_layout(root: Path, config: Path | None) -> Layout:
    """Zola: content/ and static/ (fixed names); sections have an _index.md."""
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


def section_folders(content_dirs: list[Path], main_sections: list[str]) -> list[Path]:
    """The top-level content sections that hold the posts."""
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


def jekyll_layout(root: Path, config: Path | None) -> Layout:
    """Jekyll: `source` (default the root); posts in every _posts folder (also under
    collections_dir and category folders), drafts in _drafts; every file not starting with _
    is copied to the site, so the source is the asset root."""
    data = read_yaml(config) if config else {}
    source = site_path(root, str(data.get("source") or ".")) or root
    collections = site_path(source, str(data.get("collections_dir") or ".")) or source
    layout = Layout(
        content_dirs=[source],
        asset_roots=[source],
        skipped_names={
            **COMMON_SKIPS,
            "_sass": THEME,
            "_data": "site data (_data/), not posts.",
            ".jekyll-cache": "Jekyll's cache, not content.",
        },
    )
    for folder, dirs, _ in walk(collections, layout.skipped_names):
        if "_posts" in dirs:
            layout.post_folders.append(folder / "_posts")
        if "_drafts" in dirs:
            layout.draft_folders.append(folder / "_drafts")
    return layout


def hexo_layout(root: Path, config: Path | None) -> Layout:
    """Hexo: source_dir (default source/), posts in source/_posts, drafts in source/_drafts;
    other Markdown in source/ are pages. Files in source/ not starting with _ are served."""
    data = read_yaml(config) if config else {}
    source = site_path(root, str(data.get("source_dir") or "source")) or root / "source"
    public = site_path(root, str(data.get("public_dir") or "public"))
    layout = Layout(
        content_dirs=[source],
        post_folders=[source / "_posts"],
        draft_folders=[source / "_drafts"],
        asset_roots=[source],
        skipped_names={
            **COMMON_SKIPS,
            "scaffolds": "a template for new posts (scaffolds/), not a post.",
            "_data": "site data (_data/), not posts.",
        },
    )
    if public:
        layout.skipped_names[public.name] = f"the built site ({public.name}/), not a source."
    if data.get("post_asset_folder") is True:
        layout.hints.append("post_asset_folder: true (each post's images beside it)")
    return layout


ELEVENTY_INPUT = r"""(?:\bdir\s*:\s*\{[^{}]*?\binput\s*:|setInputDirectory\s*\()"""
PASSTHROUGH = re.compile(r"""addPassthroughCopy\(\s*(\{[^{}]*\}|(["'`])[^"'`$\n]+\2)""")
QUOTED_STRING = re.compile(r"""(["'`])([^"'`$\n]+)\1""")


def eleventy_layout(root: Path, config: Path | None) -> Layout:
    """Eleventy: `dir.input` when it is a plain string (default the root); posts are the files
    a directory data file or their own front matter tags into a post collection; images are
    served from the input folder and the passthrough-copied folders."""
    text = read_text(config) if config else ""
    source = site_path(root, js_string(text, ELEVENTY_INPUT)) or root
    includes = js_string(text, r"\bincludes\s*:") or "_includes"
    data = js_string(text, r"\bdata\s*:") or "_data"
    passthrough: list[Path] = []
    for argument, _ in PASSTHROUGH.findall(text):
        # Object form {"./public/": "/"}: the keys are the folders copied.
        values = QUOTED_STRING.findall(argument)
        names = values[::2] if argument.startswith("{") else values
        for _, name in names:
            folder = site_path(root, name.split("*", 1)[0])
            if folder and folder.is_file():
                folder = folder.parent
            if folder:
                passthrough.append(folder)
    layout = Layout(
        content_dirs=[source],
        asset_roots=[source, *passthrough],
        skipped_names={
            **COMMON_SKIPS,
            Path(includes).name: THEME,
            Path(data).name: "site data (_data/), not posts.",
        },
        section_pages=("index", "_index"),
        posts_by_tag=True,
    )
    for folder, _, names in walk(source, layout.skipped_names):
        if eleventy_folder_tags(folder, names) & POST_TAGS:
            layout.post_folders.append(folder)
    return layout


ELEVENTY_TAGS = re.compile(r"""\btags\s*:\s*(\[[^\]]*\]|(["'`])[^"'`\n]*\2)""")


def eleventy_folder_tags(folder: Path, names: list[str]) -> set[str]:
    """The tags a directory data file (folder/folder.json, .11tydata.json or .11tydata.js)
    gives every file under it."""
    tags: set[str] = set()
    for suffix in (".json", ".11tydata.json"):
        if f"{folder.name}{suffix}" in names:
            data = read_config(folder / f"{folder.name}{suffix}")
            tags |= {t.casefold() for t in as_strings(data.get("tags"))}
    for suffix in (".11tydata.js", ".11tydata.mjs", ".11tydata.cjs"):
        if f"{folder.name}{suffix}" in names:
            for argument, _ in ELEVENTY_TAGS.findall(read_text(folder / f"{folder.name}{suffix}")):
                tags |= {value.casefold() for _, value in QUOTED_STRING.findall(argument)}
    return tags


ASTRO_GLOB_BASE = re.compile(r"""\bbase\s*:\s*(["'`])([^"'`$\n]+)\1""")


def astro_layout(root: Path, config: Path | None) -> Layout:
    """Astro: content collections in src/content/<name>/ (or the folders a content config's
    glob() loaders name as `base`, relative to the root); src/pages/ Markdown are pages;
    public/ is served as is. `srcDir` and `publicDir` are followed when plain strings."""
    text = read_text(config) if config else ""
    src = site_path(root, js_string(text, r"\bsrcDir\s*:")) or root / "src"
    public = site_path(root, js_string(text, r"\bpublicDir\s*:")) or root / "public"
    content = src / "content"
    collections: list[Path] = []
    for name in ("content.config", "content/config"):
        for suffix in (".ts", ".mjs", ".js", ".mts"):
            for _, base in ASTRO_GLOB_BASE.findall(read_text(src / f"{name}{suffix}")):
                folder = site_path(root, base)
                if folder and folder.is_dir():
                    collections.append(folder)
    if content.is_dir():
        collections += [d for d in sorted(content.iterdir()) if d.is_dir()]
    collections = list(dict.fromkeys(collections))
    named = [d for d in collections if d.name.lower() in POST_FOLDER_NAMES]
    pages = src / "pages"
    if pages.is_dir():
        named += [d for d in sorted(pages.iterdir()) if d.is_dir() and d.name in POST_FOLDER_NAMES]
    return Layout(
        content_dirs=outermost([src, *collections]),
        post_folders=named,
        asset_roots=[public, src, *collections],
        skipped_names={**COMMON_SKIPS, "dist": "the built site (dist/), not a source."},
    )


GATSBY_SOURCE = re.compile(
    r"""\bpath\s*:\s*`\$\{__dirname\}/([^`$\n]+)`|\bpath\s*:\s*(["'])\.?/?([^"'\n]+)\2"""
)


def gatsby_layout(root: Path, config: Path | None) -> Layout:
    """Gatsby: the folders gatsby-source-filesystem reads (content/blog in the starter);
    static/ is served as is."""
    text = read_text(config) if config else ""
    sources = []
    for template, _, plain in GATSBY_SOURCE.findall(text):
        folder = site_path(root, template or plain)
        if folder and folder.is_dir():
            sources.append(folder)
    posts = [d for d in sources if d.name.lower() in POST_FOLDER_NAMES]
    if not posts:
        posts = [d for d in (root / "content" / "blog", root / "content" / "posts") if d.is_dir()]
    return Layout(
        content_dirs=outermost([root / "content", root / "src", *sources]),
        post_folders=posts,
        asset_roots=[root / "static", root / "content", *sources, root / "src" / "images"],
        skipped_names={
            **COMMON_SKIPS,
            "public": "the built site (public/), not a source.",
            ".cache": "Gatsby's cache, not content.",
        },
    )


LAYOUTS = {
    "eleventy": eleventy_layout,
    "jekyll": jekyll_layout,
    "hugo": hugo_layout,
    "hexo": hexo_layout,
    "zola": zola_layout,
    "astro": astro_layout,
    "gatsby": gatsby_layout,
}


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


def as_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []
