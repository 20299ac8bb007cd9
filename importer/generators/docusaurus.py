"""Docusaurus blogs: detected at the site's root by ``docusaurus.config.*`` (never run, searched
for plain strings), the blog's folders from the classic preset's ``blog`` options and each
``plugin-content-blog`` (``path``, default ``blog``; ``routeBasePath``, default ``blog``; ``blog:
false``: none). Its docs (``docs/``, ``versioned_docs/``), translations (``i18n/``) and pages
(``src/``) are not posts; neither is a file or folder whose name starts with ``_``, which the
blog plugin leaves out. A post's address is ``routeBasePath`` then its ``slug``, or the date in
its path as ``YYYY/MM/DD/`` and the rest of the path (``importer.generators.path_urls``).

What else is read of its posts is the shared reading (``Generator``): the date from the file
name, MDX (``importer.stages.mdx``), explicit heading ids (``## Title {#id}``) and otherwise
GitHub's slugs, which Docusaurus uses too. Admonitions (``:::note``) become callout blocks
(``importer.generators.callouts``).

From Docusaurus's documentation: the blog plugin (docusaurus.io/docs/blog, /api/plugins/
@docusaurus/plugin-content-blog: ``path``, ``routeBasePath``, ``exclude``), Markdown features
(docusaurus.io/docs/markdown-features/headings, /admonitions).

Authors and cover (``authors``, ``author_data``, ``cover``), from the blog plugin's
documentation (docusaurus.io/docs/blog#blog-post-authors, /api/plugins/
@docusaurus/plugin-content-blog#markdown-front-matter): ``authors`` is a key of the blog's
``authors.yml`` (its ``authorsMapPath``, beside the posts), an inline author
(``name``, ``title``, ``url``, ``image_url``) or a list of both; a key the file lacks fails
Docusaurus's build, so the importer shows the key and warns. The older single-author fields
(``author``, ``author_url``, ``author_image_url``) are read as well. ``image`` is the post's
picture for shared links only: the classic theme doesn't show it on the post's page, so a post
whose ``image`` becomes the page's feature image is told so in its report row.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from importer.generators import path_urls
from importer.generators.authors import (
    AuthorMap,
    Authors,
    PostPlace,
    author_map,
    place_author_data,
    read_authors,
    with_inline_facts,
)
from importer.generators.base import Generator, Layout
from importer.generators.config import js_string, read_text, site_path
from importer.generators.covers import Cover, from_fields
from importer.generators.folders import COMMON_SKIPS
from importer.generators.permalinks import PostFacts, Published, SiteRules

AUTHOR_FILES = ("authors.yml", "authors.yaml", "authors.json")
CONFIGS = tuple(f"docusaurus.config.{suffix}" for suffix in ("js", "ts", "mjs", "cjs", "mts"))
PACKAGES = ("@docusaurus/core",)
# Where a blog's options are written: the classic preset's `blog: {…}`, a blog plugin's.
BLOG_OPTIONS = re.compile(r"""\bblog\s*:\s*(\{|false)|plugin-content-blog["']\s*,\s*\{""")
NOT_BLOG = {
    "docs": "Docusaurus's docs (docs/), not blog posts.",
    "versioned_docs": "Docusaurus's docs of earlier versions (versioned_docs/), not blog posts.",
    "versioned_sidebars": "Docusaurus's docs sidebars (versioned_sidebars/), not blog posts.",
    "i18n": "translations (i18n/), not the blog's own posts.",
    "src": "the site's own pages and components (src/), not blog posts.",
    "build": "the built site (build/), not a source.",
    ".docusaurus": "Docusaurus's cache, not content.",
}
SHARE_ONLY = (
    "The old site used the picture '{src}' (its 'image') only for shared links, not on the "
    "post's page; it is the new page's feature image, shown above the post."
)


class Docusaurus(Generator):
    name = "docusaurus"
    label = "Docusaurus"
    configs = CONFIGS
    packages = PACKAGES

    def layout(self, root: Path, config: Path | None) -> Layout:
        """The blogs' folders (``blog/`` by default); docs, translations and pages are not
        posts; static/ is served as is."""
        blogs = [folder for folder, _ in blog_folders(root, config)]
        return Layout(
            content_dirs=[root],
            post_folders=[folder for folder in blogs if folder.is_dir()],
            asset_roots=[root / "static", *blogs],
            skipped_names={**COMMON_SKIPS, **NOT_BLOG},
            hints=[f"blog: {folder.relative_to(root)}/" for folder in blogs],
            section_pages=(),
            private_prefix="_",
        )

    def address_rules(self, root: Path, config: Path | None, layout: Layout) -> SiteRules:
        text = read_text(config) if config else ""
        base_url = js_string(text, r"\bbaseUrl\s*:").rstrip("/")
        slash = bool(re.search(r"\btrailingSlash\s*:\s*true", text))
        mounts = [(str(f.relative_to(root)), route) for f, route in blog_folders(root, config)]
        notes = tuple(f"{folder}/ -> /{route.strip('/')}/…" for folder, route in mounts)
        settings = {"mounts": mounts, "base_url": base_url, "trailing_slash": slash}
        return SiteRules(self.name, root, tuple(layout.content_dirs), settings, notes)

    def published_url(self, post: PostFacts, rules: SiteRules) -> Published:
        return path_urls.docusaurus_url(post, rules)

    def author_data(self, place: PostPlace) -> AuthorMap:
        """The blog's authors file: in the post's folder or the nearest one above it (a post
        may be a folder of its own), within the import folder."""
        for folder in place.folders_up():
            found = author_map(folder / name for name in AUTHOR_FILES)
            if found.files:
                return found
        return AuthorMap()

    def authors(self, front_matter: dict[str, Any], place: PostPlace) -> Authors:
        data = place_author_data(self.name, place, self.author_data)
        where = " or ".join(data.files) or "authors.yml (the blog has none)"
        keyed = front_matter.get("authors")
        if keyed not in (None, "", []):
            return read_authors([keyed], data, where, keys=True)
        legacy = front_matter.get("author")
        return with_inline_facts(
            read_authors([legacy] if legacy else [], data, where), front_matter
        )

    def cover(self, front_matter: dict[str, Any], path: Path) -> Cover:
        cover = from_fields([front_matter], ("image",))
        if not cover.src:
            return cover
        return Cover(cover.src, cover.alt, SHARE_ONLY.format(src=cover.src))


def blog_folders(root: Path, config: Path | None) -> list[tuple[Path, str]]:
    """(folder, route) of each blog the config sets up: its options' plain ``path`` and
    ``routeBasePath`` (``blog`` each by default); the preset's ``blog: false`` has none."""
    text = read_text(config) if config else ""
    found: list[tuple[Path, str]] = []
    preset_seen = False
    for match in BLOG_OPTIONS.finditer(text):
        if match.group(1) == "false":
            preset_seen = True
            continue
        preset_seen = preset_seen or match.group(1) == "{"
        options = braced(text, match.end() - 1)
        folder = site_path(root, js_string(options, r"\bpath\s*:") or "blog")
        has_route = "routeBasePath" in options
        route = js_string(options, r"\brouteBasePath\s*:") if has_route else "blog"
        if folder:
            found.append((folder, route))
    if not preset_seen and not found:
        found.append((root / "blog", "blog"))
    return list(dict.fromkeys(found))


def braced(text: str, start: int) -> str:
    """The ``{…}`` object starting at `start`, its nested braces matched."""
    depth = 0
    for index in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start : index + 1]
    return text[start:]


GENERATOR = Docusaurus()
