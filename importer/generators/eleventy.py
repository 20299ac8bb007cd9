"""Eleventy (11ty): a JavaScript config (never run, searched for plain strings), posts gathered
into collections by tags, markdown-it-anchor's heading ids, Liquid or Nunjucks tags.

Read from Eleventy's documentation: the config file names and ``dir.input`` (11ty.dev/docs/
config), directory data files (11ty.dev/docs/data-template-dir), collections by tags
(11ty.dev/docs/collections). Its posts' addresses are computed as Eleventy computes them
(``importer.generators.eleventy_urls``); authors and covers get the shared reading
(``Generator``): the common field names.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from importer.generators import eleventy_urls
from importer.generators.base import (
    CALLOUTS,
    Generator,
    Layout,
    as_strings,
)
from importer.generators.config import js_string, read_config, read_text, site_path
from importer.generators.folders import COMMON_SKIPS, THEME, walk
from importer.generators.permalinks import PostFacts, Published, SiteRules
from importer.generators.tags import image_tag, video_tag

CONFIGS = (
    ".eleventy.js",
    ".eleventy.cjs",
    "eleventy.config.js",
    "eleventy.config.cjs",
    "eleventy.config.mjs",
    "eleventy.config.ts",
    "eleventy.config.cts",
    "eleventy.config.mts",
)
PACKAGES = ("@11ty/eleventy",)
# Collection tags that put a file among the blog's posts.
POST_TAGS = frozenset({"post", "posts", "blog", "blogpost", "blogposts", "article", "articles"})
INPUT_DIRECTORY = r"""(?:\bdir\s*:\s*\{[^{}]*?\binput\s*:|setInputDirectory\s*\()"""
PASSTHROUGH = re.compile(r"""addPassthroughCopy\(\s*(\{[^{}]*\}|(["'`])[^"'`$\n]+\2)""")
QUOTED_STRING = re.compile(r"""(["'`])([^"'`$\n]+)\1""")
DATA_FILE_TAGS = re.compile(r"""\btags\s*:\s*(\[[^\]]*\]|(["'`])[^"'`\n]*\2)""")


def indieweb_link(words: list[str], args: str) -> str | None:
    """11ty.dev's own ``{% indieweblink "name" "url" %}``."""
    if not words:
        return None
    return f"[{words[0]}]({words[1]})" if len(words) > 1 else words[0]


def markdown_it_anchor_slug(text: str) -> str:
    """markdown-it-anchor's default: runs of white space become one hyphen, and what a URL
    can't hold is percent-encoded (as JavaScript's encodeURIComponent)."""
    return quote(re.sub(r"\s+", "-", text.strip().lower()), safe="!*'()")


class Eleventy(Generator):
    name = "eleventy"
    label = "Eleventy"
    lenient_dates = False  # its build fails on a date it can't read
    configs = CONFIGS
    packages = PACKAGES
    syntax = "liquid"
    exports = True
    tags = {
        "youtube": video_tag("youtube"),
        "youtubeEmbed": video_tag("youtube"),  # 11ty.dev's own
        "image": image_tag,  # eleventy-img's
        "indieweblink": indieweb_link,  # 11ty.dev's own
    }
    callouts = CALLOUTS

    def layout(self, root: Path, config: Path | None) -> Layout:
        """``dir.input`` when it is a plain string (default the root); posts are the files a
        directory data file or their own front matter tags into a post collection; images are
        served from the input folder and the passthrough-copied folders."""
        text = read_text(config) if config else ""
        source = site_path(root, js_string(text, INPUT_DIRECTORY)) or root
        includes = js_string(text, r"\bincludes\s*:") or "_includes"
        data = js_string(text, r"\bdata\s*:") or "_data"
        layout = Layout(
            content_dirs=[source],
            asset_roots=[source, *passthrough_folders(root, text)],
            skipped_names={
                **COMMON_SKIPS,
                Path(includes).name: THEME,
                Path(data).name: "site data (_data/), not posts.",
            },
            section_pages=("index", "_index"),
            post_tags=POST_TAGS,
        )
        for folder, _, names in walk(source, layout.skipped_names):
            if folder_tags(folder, names) & POST_TAGS:
                layout.post_folders.append(folder)
        return layout

    def heading_slug(self, text: str) -> str:
        return markdown_it_anchor_slug(text)

    def published_url(self, post: PostFacts, rules: SiteRules) -> Published:
        """Its ``permalink`` (own or a directory data file's), else its path: see
        ``eleventy_urls``."""
        return eleventy_urls.published_url(post, rules)

    def post_path(self, slug: str, day: dt.date, bundle: bool) -> PurePosixPath:
        return PurePosixPath("posts", f"{slug}.md")

    # Eleventy's markdown-it has no footnotes without a plugin: they are written as HTML.
    footnote_references = False

    def export_fields(
        self,
        date: dt.date | dt.datetime,
        day: dt.date,
        address: str,
        aliases: list[str],
        *,
        draft: bool,
    ) -> dict[str, Any]:
        """A time as ISO text with its offset: the layout shows its first ten characters, the
        day where it was written (Eleventy's own date is a UTC instant). The file is Markdown
        only (``templateEngineOverride``): no Liquid runs over its text. A draft gets no page
        and stays out of the lists."""
        fields: dict[str, Any] = {
            "date": date.isoformat() if isinstance(date, dt.datetime) else date,
            "permalink": False if draft else address,
            "templateEngineOverride": "md",
        }
        if draft:
            fields["eleventyExcludeFromCollections"] = True
        return fields


def passthrough_folders(root: Path, config: str) -> list[Path]:
    """The folders ``addPassthroughCopy`` copies to the site as they are."""
    folders: list[Path] = []
    for argument, _ in PASSTHROUGH.findall(config):
        # Object form {"./public/": "/"}: the keys are the folders copied.
        values = QUOTED_STRING.findall(argument)
        names = values[::2] if argument.startswith("{") else values
        for _, name in names:
            folder = site_path(root, name.split("*", 1)[0])
            if folder and folder.is_file():
                folder = folder.parent
            if folder:
                folders.append(folder)
    return folders


def folder_tags(folder: Path, names: list[str]) -> set[str]:
    """The tags a directory data file (folder/folder.json, .11tydata.json or .11tydata.js)
    gives every file under it."""
    tags: set[str] = set()
    for suffix in (".json", ".11tydata.json"):
        if f"{folder.name}{suffix}" in names:
            data = read_config(folder / f"{folder.name}{suffix}")
            tags |= {t.casefold() for t in as_strings(data.get("tags"))}
    for suffix in (".11tydata.js", ".11tydata.mjs", ".11tydata.cjs"):
        if f"{folder.name}{suffix}" in names:
            for argument, _ in DATA_FILE_TAGS.findall(read_text(folder / f"{folder.name}{suffix}")):
                tags |= {value.casefold() for _, value in QUOTED_STRING.findall(argument)}
    return tags


GENERATOR = Eleventy()
