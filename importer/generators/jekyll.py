"""Jekyll: ``_config.yml`` (read with YAML's safe loader), posts in every ``_posts`` folder and
drafts in ``_drafts``, dates in the file names, Liquid tags.

Read from Jekyll's documentation: configuration keys and their defaults (jekyllrb.com/docs/
configuration/default), posts and drafts (jekyllrb.com/docs/posts, /docs/posts/#drafts),
collections_dir (jekyllrb.com/docs/collections), ``post_url`` (jekyllrb.com/docs/liquid/tags).
Its posts' addresses are computed as Jekyll computes them (``importer.generators.jekyll_urls``:
the permalink style or pattern, per-post and ``defaults`` permalinks, categories);
``redirect_from`` gets the shared reading; ``--old-url`` overrides them.

Authors (``author_data``): jekyll-seo-tag's convention (github.com/jekyll/jekyll-seo-tag,
docs/advanced-usage.md): ``author`` (or ``authors``) is a name, a mapping, or a key of
``_data/authors.yml`` whose entry gives the name, picture and link. Covers (``cover``):
jekyll-seo-tag's ``image`` (a path, or a mapping with ``path``), and Minimal Mistakes's
``header.image``, ``header.overlay_image`` and ``header.teaser`` (the picture of lists).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath
from typing import Any

from importer.generators import covers, jekyll_urls
from importer.generators.authors import AuthorMap, PostPlace, author_map
from importer.generators.base import (
    CALLOUTS,
    COVER_FIELDS,
    Detection,
    Evidence,
    Generator,
    Layout,
)
from importer.generators.config import read_text, read_yaml, site_path
from importer.generators.folders import COMMON_SKIPS, THEME, walk
from importer.generators.permalinks import PostFacts, Published, SiteRules
from importer.generators.tags import post_link_tag, tweet_tag

CONFIG = "_config.yml"
AUTHOR_FILES = ("authors.yml", "authors.yaml", "authors.json")
# Minimal Mistakes's header pictures that the post's page shows (``teaser``: lists only).
HEADER_PICTURES = ("image", "overlay_image")
# Keys only Jekyll's _config.yml has (Hexo's has the same name: importer.generators.hexo).
KEYS = frozenset(
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


class Jekyll(Generator):
    name = "jekyll"
    label = "Jekyll"
    syntax = "liquid"
    exports = True
    tags = {"post_url": post_link_tag, "twitter": tweet_tag, "tweet": tweet_tag}
    code_tags = frozenset({"highlight"})
    callouts = CALLOUTS

    def detect(self, folder: Path) -> Detection | None:
        """``_config.yml`` with Jekyll's own keys, a Gemfile naming it, or ``_posts`` beside;
        without a config, ``_posts`` and a Gemfile naming Jekyll or GitHub Pages."""
        config = folder / CONFIG
        gemfile = read_text(folder / "Gemfile").lower()
        if not config.is_file():
            # Jekyll builds without a config: GitHub Pages sites often have none.
            if (folder / "_posts").is_dir() and ("jekyll" in gemfile or "github-pages" in gemfile):
                return Detection(Evidence.CONFIG_KEYS)
            return None
        if KEYS & read_yaml(config).keys() or "jekyll" in gemfile:
            return Detection(Evidence.CONFIG_KEYS, config)
        if (folder / "_posts").is_dir():
            return Detection(Evidence.CONFIG_KEYS, config)
        return None

    def layout(self, root: Path, config: Path | None) -> Layout:
        """`source` (default the root); posts in every _posts folder (also under collections_dir
        and category folders), drafts in _drafts; every file not starting with _ is copied to
        the site, so the source is the asset root."""
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

    def address_rules(self, root: Path, config: Path | None, layout: Layout) -> SiteRules:
        """``permalink`` (a style or a pattern), ``defaults`` with a permalink, the posts
        collection's permalink, ``baseurl``, ``timezone``: see ``jekyll_urls``."""
        data = read_yaml(config) if config else {}
        source = layout.content_dirs[0] if layout.content_dirs else root
        settings = jekyll_urls.rules_settings(data)
        return SiteRules(self.name, root, (source,), settings, jekyll_urls.notes(settings))

    def published_url(self, post: PostFacts, rules: SiteRules) -> Published:
        return jekyll_urls.published_url(post, rules)

    def author_data(self, place: PostPlace) -> AuthorMap:
        data = place.root / "_data"
        return author_map(data / name for name in AUTHOR_FILES)

    def cover(self, front_matter: dict[str, Any], path: Path) -> covers.Cover:
        """The header picture the page shows, else ``image``, else the header's teaser."""
        header = front_matter.get("header")
        header = header if isinstance(header, dict) else {}
        alt = str(front_matter.get("image_alt") or header.get("image_alt") or "")
        for found in (
            covers.from_fields([header], HEADER_PICTURES, alt),
            covers.from_fields([front_matter], COVER_FIELDS, alt),
            covers.from_fields([header], ("teaser",), alt),
        ):
            if found.src:
                return found
        return covers.Cover()

    def post_path(self, slug: str, day: dt.date, bundle: bool) -> PurePosixPath:
        return PurePosixPath("_posts", f"{day:%Y-%m-%d}-{slug}.md")

    image_alt_field = "image_alt"  # jekyll-seo-tag's and Minimal Mistakes's, which ``cover`` reads

    def post_address(self, slug: str, day: dt.date) -> str:
        return f"/{day:%Y/%m/%d}/{slug}/"

    def image_folder(self, post_path: PurePosixPath) -> PurePosixPath:
        # Jekyll copies no file under _posts/ to the site: the pictures go where it does.
        return PurePosixPath("assets", "images")

    def export_fields(
        self,
        date: dt.date | dt.datetime,
        day: dt.date,
        address: str,
        aliases: list[str],
        *,
        draft: bool,
    ) -> dict[str, Any]:
        """No ``date``: Jekyll reads a written time in the machine's time zone, whatever its
        offset, and would show (and file) an evening post at -07:00 under the next day; from
        the file name it takes the day the page shows. ``pubDate`` keeps the time and offset
        for the importer. Liquid is off for the post: its text is shown as written."""
        fields: dict[str, Any] = {"pubDate": date, "permalink": address}
        fields["render_with_liquid"] = False
        if draft:
            fields["published"] = False
        return fields


GENERATOR = Jekyll()
