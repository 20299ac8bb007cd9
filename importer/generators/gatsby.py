"""Gatsby: ``gatsby-config.*`` (never run, searched for gatsby-source-filesystem's folders),
posts in ``content/blog`` as the blog starter keeps them, MDX or Markdown.

Read from Gatsby's documentation: gatsby-config (gatsbyjs.com/docs/reference/config-files/
gatsby-config), gatsby-source-filesystem's ``path`` option, the static folder
(gatsbyjs.com/docs/how-to/images-and-media/static-folder). Its heading ids are
gatsby-remark-autolink-headers', GitHub's slugs; its posts' addresses are the blog starter's
(``importer.generators.path_urls``); the rest gets the shared reading.
"""

from __future__ import annotations

import re
from pathlib import Path

from importer.generators import path_urls
from importer.generators.base import Generator, Layout
from importer.generators.config import read_text, site_path
from importer.generators.folders import COMMON_SKIPS, POST_FOLDER_NAMES, outermost
from importer.generators.permalinks import PostFacts, Published, SiteRules

CONFIGS = ("gatsby-config.js", "gatsby-config.ts", "gatsby-config.mjs", "gatsby-config.cjs")
PACKAGES = ("gatsby",)
SOURCE_PATH = re.compile(
    r"""\bpath\s*:\s*`\$\{__dirname\}/([^`$\n]+)`|\bpath\s*:\s*(["'])\.?/?([^"'\n]+)\2"""
)


class Gatsby(Generator):
    name = "gatsby"
    label = "Gatsby"
    configs = CONFIGS
    packages = PACKAGES

    def layout(self, root: Path, config: Path | None) -> Layout:
        """The folders gatsby-source-filesystem reads (content/blog in the starter); static/
        is served as is."""
        text = read_text(config) if config else ""
        sources = []
        for template, _, plain in SOURCE_PATH.findall(text):
            folder = site_path(root, template or plain)
            if folder and folder.is_dir():
                sources.append(folder)
        posts = [d for d in sources if d.name.lower() in POST_FOLDER_NAMES]
        if not posts:
            posts = [
                d for d in (root / "content" / "blog", root / "content" / "posts") if d.is_dir()
            ]
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

    def address_rules(self, root: Path, config: Path | None, layout: Layout) -> SiteRules:
        """The blog starter's: each post at its path under its posts folder."""
        mounts = [(str(folder.relative_to(root)), "") for folder in layout.post_folders]
        note = "addresses: each post's path under its posts folder (the blog starter's)"
        return SiteRules(self.name, root, tuple(layout.content_dirs), {"mounts": mounts}, (note,))

    def published_url(self, post: PostFacts, rules: SiteRules) -> Published:
        return path_urls.file_path_url(post, rules)


GENERATOR = Gatsby()
