"""Finding an old site's posts and images from its repository root, before anything is read.

``detect_site(folder)`` looks at a folder as its generator would: which generator built it (from
its own config files), which folders its config names for content and static files, which
Markdown files are posts and which are not (pages, drafts, READMEs, theme files), each with the
reason, and where images are served from. Configs are read with safe parsers only: YAML with the
safe loader, TOML with ``tomllib``, JSON; JavaScript configs are never run, only searched for
plain string values.

Nothing here touches the database; it reads files under the folder and nothing outside it.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from importer.parse_dates import FILE_DATE
from importer.parse_fields import FIELD_NAMES
from importer.parse_front_matter import split_front_matter
from importer.types import ImporterError

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

GENERATORS = ("eleventy", "jekyll", "hugo", "hexo", "zola", "astro", "gatsby")
# A repository often keeps its site in one of these (GitHub Pages serves docs/).
SITE_SUBFOLDERS = ("docs", "site", "website", "blog", "www")
# Folder names that hold a blog's posts when the config does not say which folder does.
POST_FOLDER_NAMES = frozenset(
    {"posts", "post", "blog", "blogs", "news", "articles", "article", "writing", "journal"}
)
# Collection tags that put an Eleventy file among the blog's posts.
POST_TAGS = frozenset({"post", "posts", "blog", "blogpost", "blogposts", "article", "articles"})
FOLDER_NOTES = ("README", "CHANGELOG", "CHANGES", "LICENSE", "CONTRIBUTING", "SECURITY")

ELEVENTY_CONFIGS = (
    ".eleventy.js",
    ".eleventy.cjs",
    "eleventy.config.js",
    "eleventy.config.cjs",
    "eleventy.config.mjs",
    "eleventy.config.ts",
    "eleventy.config.cts",
    "eleventy.config.mts",
)
ASTRO_CONFIGS = ("astro.config.mjs", "astro.config.js", "astro.config.ts", "astro.config.mts")
GATSBY_CONFIGS = ("gatsby-config.js", "gatsby-config.ts", "gatsby-config.mjs", "gatsby-config.cjs")
HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")
GENERIC_CONFIGS = ("config.toml", "config.yaml", "config.yml", "config.json")

# Keys only one generator's _config.yml has (Hexo's defaults: hexo/lib/hexo/default_config.js).
HEXO_KEYS = frozenset(
    {
        "new_post_name",
        "source_dir",
        "public_dir",
        "post_asset_folder",
        "default_layout",
        "render_drafts",
        "tag_dir",
        "archive_dir",
        "category_dir",
        "code_dir",
        "i18n_dir",
        "titlecase",
        "filename_case",
        "external_link",
        "skip_render",
        "per_page",
        "pagination_dir",
    }
)
JEKYLL_KEYS = frozenset(
    {
        "markdown",
        "kramdown",
        "highlighter",
        "plugins",
        "gems",
        "collections",
        "collections_dir",
        "defaults",
        "exclude",
        "include",
        "source",
        "destination",
        "baseurl",
        "remote_theme",
        "paginate",
        "sass",
        "jekyll",
        "future",
        "show_drafts",
    }
)
# Zola's config.toml names its keys in snake_case (base_url); Hugo's in camelCase (baseURL).
ZOLA_KEYS = frozenset(
    {
        "base_url",
        "compile_sass",
        "build_search_index",
        "markdown",
        "generate_feed",
        "generate_feeds",
    }
)
HUGO_KEYS = frozenset(
    {
        "baseURL",
        "baseurl",
        "languageCode",
        "contentDir",
        "staticDir",
        "publishDir",
        "theme",
        "params",
        "menu",
        "menus",
        "permalinks",
        "taxonomies",
        "module",
        "markup",
        "paginate",
        "pagination",
    }
)

PACKAGES = {
    "eleventy": ("@11ty/eleventy",),
    "astro": ("astro",),
    "gatsby": ("gatsby",),
    "hexo": ("hexo",),
}


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


def detect_site(folder: Path) -> Site | None:
    """The old site in `folder` (or in its docs/, site/... subfolder); None when no generator's
    config is there, so the folder is taken as a plain folder of posts."""
    found = find_generator(folder)
    if found is None:
        return None
    root, generator, config = found
    layout = LAYOUTS[generator](root, config)
    hints = version_hints(root, generator) + (version_hints(folder, "") if folder != root else [])
    layout.hints = list(dict.fromkeys([*hints, *layout.hints]))
    posts, drafts, left_out = classify(folder, root, layout)
    return Site(
        folder=folder,
        root=root,
        generator=generator,
        config=config,
        hints=tuple(layout.hints),
        content_dirs=tuple(layout.content_dirs),
        post_folders=tuple(post_folders_of(posts + drafts, layout)),
        posts=tuple(sorted(posts)),
        drafts=tuple(sorted(drafts)),
        left_out=tuple(left_out),
        asset_roots=tuple(outermost(d for d in layout.asset_roots if d.is_dir())),
    )


# -- Which generator ---------------------------------------------------------------------------


def find_generator(folder: Path) -> tuple[Path, str, Path | None] | None:
    """(the site's root, its generator, its config file) for `folder` or a site subfolder."""
    if not folder.is_dir():
        return None
    found = generator_of(folder)
    if found:
        return (folder, *found)
    for name in SITE_SUBFOLDERS:
        sub = folder / name
        if sub.is_dir() and not sub.is_symlink():
            found = generator_of(sub)
            if found:
                return (sub, *found)
    return None


def generator_of(folder: Path) -> tuple[str, Path | None] | None:
    for names, generator in (
        (HUGO_CONFIGS, "hugo"),
        (ELEVENTY_CONFIGS, "eleventy"),
        (ASTRO_CONFIGS, "astro"),
        (GATSBY_CONFIGS, "gatsby"),
    ):
        config = first_file(folder, names)
        if config:
            return generator, config
    jekyll_or_hexo = folder / "_config.yml"
    if jekyll_or_hexo.is_file():
        data = read_yaml(jekyll_or_hexo)
        if HEXO_KEYS & data.keys() or "hexo" in package_json(folder):
            return "hexo", jekyll_or_hexo
        if JEKYLL_KEYS & data.keys() or "jekyll" in read_text(folder / "Gemfile").lower():
            return "jekyll", jekyll_or_hexo
        if (folder / "_posts").is_dir():
            return "jekyll", jekyll_or_hexo
    for name in GENERIC_CONFIGS:
        config = folder / name
        if config.is_file():
            data = read_config(config)
            if name == "config.toml" and ZOLA_KEYS & data.keys():
                return "zola", config
            if HUGO_KEYS & data.keys():
                return "hugo", config
    default_config = first_file(folder / "config" / "_default", (*HUGO_CONFIGS, *GENERIC_CONFIGS))
    if default_config:
        return "hugo", default_config
    package = package_json(folder)
    dependencies = {**package.get("dependencies", {}), **package.get("devDependencies", {})}
    for generator, names in PACKAGES.items():
        if any(name in dependencies for name in names):
            return generator, None
    return None


def first_file(folder: Path, names: Iterable[str]) -> Path | None:
    return next((folder / name for name in names if (folder / name).is_file()), None)


# -- Reading configs safely --------------------------------------------------------------------

MAX_CONFIG_BYTES = 1_000_000


def read_text(path: Path) -> str:
    """A config's text, or "" when it is missing, unreadable, too big to be a config, or a
    link to a file outside its folder (nothing outside the site is read)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_CONFIG_BYTES:
            return ""
        if path.is_symlink() and path.parent.resolve() not in path.resolve().parents:
            return ""
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(read_text(path), Loader=SAFE_LOADER)  # noqa: S506 - the safe loader
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def read_config(path: Path) -> dict[str, Any]:
    """A TOML, YAML or JSON config as a dict ({} when it cannot be read)."""
    text = read_text(path)
    try:
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - the safe loader
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, yaml.YAMLError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def package_json(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads(read_text(folder / "package.json") or "{}")
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def js_string(text: str, pattern: str) -> str:
    """The plain string literal `pattern` captures in a JavaScript config ("" for anything that
    would need the code to run: template literals with expressions, variables, calls)."""
    match = re.search(pattern + r"""\s*(["'`])([^"'`$\n]*)\1""", text)
    return match.group(2) if match else ""


def inside(root: Path, relative: str) -> Path | None:
    """`relative` (from a config) under `root`, or None when it leads outside the site."""
    if not relative:
        return None
    path = Path(os.path.normpath(root / relative.strip().rstrip("/")))
    return path if path == root or root in path.parents else None


# -- Version hints -----------------------------------------------------------------------------

GEM_VERSION = re.compile(
    r"""^\s*gem\s+["'](jekyll|github-pages)["']\s*(?:,\s*["']([^"']+)["'])?""", re.M
)
LOCKED_GEM = re.compile(r"^    (jekyll|github-pages) \(([^)]+)\)", re.MULTILINE)
ENV_VERSION = re.compile(r"""\b(HUGO_VERSION|ZOLA_VERSION|NODE_VERSION)\s*[=:]\s*["']?([\w.\-]+)""")


def version_hints(root: Path, generator: str) -> list[str]:
    hints: list[str] = []
    package = package_json(root)
    dependencies = {**package.get("devDependencies", {}), **package.get("dependencies", {})}
    for name in ("@11ty/eleventy", "astro", "gatsby", "hexo", "hugo-bin", "hugo-extended"):
        if isinstance(dependencies.get(name), str):
            hints.append(f"{name} {dependencies[name]} (package.json)")
    hexo = package.get("hexo")
    if isinstance(hexo, dict) and hexo.get("version"):
        hints.append(f"hexo {hexo['version']} last built it (package.json)")
    for name, version in GEM_VERSION.findall(read_text(root / "Gemfile")):
        hints.append(f"{name} {version or '(any version)'} (Gemfile)")
    for name, version in LOCKED_GEM.findall(read_text(root / "Gemfile.lock")):
        hints.append(f"{name} {version} (Gemfile.lock)")
    if (root / ".hugo_build.lock").exists():
        hints.append("Hugo 0.89 or later (.hugo_build.lock)")
    for name in ("netlify.toml", "vercel.json", ".tool-versions"):
        for key, version in ENV_VERSION.findall(read_text(root / name)):
            hints.append(f"{key} {version} ({name})")
    if generator == "hugo":
        for config in hugo_config_files(root):
            minimum = config_value(read_config(config), "module", "hugoVersion", "min")
            if isinstance(minimum, str):
                hints.append(f"Hugo {minimum} or later ({config.relative_to(root)})")
    return list(dict.fromkeys(hints))


def config_value(data: Any, *keys: str) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


# -- Each generator's folders ------------------------------------------------------------------


def hugo_config_files(root: Path) -> list[Path]:
    files = [first_file(root, (*HUGO_CONFIGS, *GENERIC_CONFIGS))]
    default = root / "config" / "_default"
    if default.is_dir():
        files += sorted(
            p for p in default.iterdir() if p.suffix in (".toml", ".yaml", ".yml", ".json")
        )
    return [f for f in files if f]


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
        inside(root, str(language["contentDir"]))
        for language in languages.values()
        if isinstance(language, dict) and isinstance(language.get("contentDir"), str)
    ] or [inside(root, str(merged.get("contentDir") or "content"))]
    content_dirs = outermost(d for d in content if d and d.is_dir())
    statics = as_strings(merged.get("staticDir")) or ["static"]
    assets_dir = str(merged.get("assetDir") or "assets")
    layout = Layout(
        content_dirs=content_dirs,
        asset_roots=[
            *(d for d in (inside(root, s) for s in statics) if d),
            *([inside(root, assets_dir)] if inside(root, assets_dir) else []),
            *content_dirs,
        ],
        skipped_names={
            **COMMON_SKIPS,
            "archetypes": "a template for new posts (archetypes/), not a post.",
            "resources": "Hugo's generated resources (resources/), not content.",
        },
    )
    publish = inside(root, str(merged.get("publishDir") or "public"))
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
    source = inside(root, str(data.get("source") or ".")) or root
    collections = inside(source, str(data.get("collections_dir") or ".")) or source
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
    source = inside(root, str(data.get("source_dir") or "source")) or root / "source"
    public = inside(root, str(data.get("public_dir") or "public"))
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
    source = inside(root, js_string(text, ELEVENTY_INPUT)) or root
    includes = js_string(text, r"\bincludes\s*:") or "_includes"
    data = js_string(text, r"\bdata\s*:") or "_data"
    passthrough: list[Path] = []
    for argument, _ in PASSTHROUGH.findall(text):
        # Object form {"./public/": "/"}: the keys are the folders copied.
        values = QUOTED_STRING.findall(argument)
        names = values[::2] if argument.startswith("{") else values
        for _, name in names:
            folder = inside(root, name.split("*", 1)[0])
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
    src = inside(root, js_string(text, r"\bsrcDir\s*:")) or root / "src"
    public = inside(root, js_string(text, r"\bpublicDir\s*:")) or root / "public"
    content = src / "content"
    collections: list[Path] = []
    for name in ("content.config", "content/config"):
        for suffix in (".ts", ".mjs", ".js", ".mts"):
            for _, base in ASTRO_GLOB_BASE.findall(read_text(src / f"{name}{suffix}")):
                folder = inside(root, base)
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
        folder = inside(root, template or plain)
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


# -- Which Markdown files are posts ------------------------------------------------------------


def walk(folder: Path, skipped: dict[str, str]) -> Iterable[tuple[Path, list[str], list[str]]]:
    """os.walk without hidden folders, skipped folders, or links to folders (which could lead
    out of the site)."""
    for path, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in skipped)
        yield Path(path), dirs, sorted(names)


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
        if layout.posts_by_tag and as_tags(front_matter(path).get("tags")) & POST_TAGS:
            return ""
        if without_post_folders and has_date_and_title(path):
            return ""
        where = ", ".join(relative(d, root) for d in layout.post_folders)
        return (
            f"a page, not a post: the posts are in {where}."
            if where
            else "a page, not a post: it has no date and title in its front matter."
        )
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
        if index and not (path.parent == folder and path.stem == "index"):
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
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
        data, _ = split_front_matter(text)
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


def outermost(folders: Iterable[Path]) -> list[Path]:
    """The folders, without those inside another of them (an asset root is searched whole)."""
    unique = list(dict.fromkeys(folders))
    return [f for f in unique if not any(other in f.parents for other in unique)]


def as_tags(value: Any) -> set[str]:
    """Front matter tags: a list, or one string (Eleventy reads a string as one tag)."""
    return {tag.casefold() for tag in as_strings(value)}


def as_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() or "."
    except ValueError:
        return path.as_posix()


# -- What a run imports ------------------------------------------------------------------------


@dataclass(slots=True)
class SourcePlan:
    """The files a run reads, from its SOURCE arguments, old sites' roots found out."""

    sources: list[Path] = field(default_factory=list)
    """Folders (and files) posts are known by across runs (``source_key``): each site root's
    post folders, and every other SOURCE as given."""
    paths: list[Path] = field(default_factory=list)
    """The Markdown files to import, in order."""
    assets: list[Path] = field(default_factory=list)
    """The --assets folders, then each site's asset roots."""
    drafts: frozenset[Path] = frozenset()
    """Drafts-folder posts the run was asked to import; they become drafts."""
    left_out: list[LeftOut] = field(default_factory=list)
    sites: list[Site] = field(default_factory=list)


def plan_sources(
    sources: list[Path], assets: list[Path], include_drafts: bool = False
) -> SourcePlan:
    """What to import from `sources`: a folder that is an old site's root gives the posts and
    asset roots detected in it; any other folder or file is searched as before."""
    from importer.pipeline import find_sources  # the pipeline needs Django; detection doesn't

    plan = SourcePlan(assets=list(assets))
    drafts: set[Path] = set()
    for source in sources:
        site = detect_site(source) if source.is_dir() else None
        if site is None:
            plan.sources.append(source)
            plan.paths.extend(find_sources([source]))
            continue
        plan.sites.append(site)
        plan.sources.extend(site.post_folders)
        plan.paths.extend(site.posts)
        plan.assets.extend(root for root in site.asset_roots if root not in plan.assets)
        if include_drafts:
            plan.paths.extend(site.drafts)
            drafts.update(site.drafts)
        plan.left_out.extend(row for row in site.left_out if row.path not in drafts)
    plan.drafts = frozenset(drafts)
    return plan
