"""Hexo: ``_config.yml`` (read with YAML's safe loader), posts in ``source/_posts`` and drafts in
``source/_drafts``, its tag plugins (``{% asset_img %}``, ``{% codeblock %}``...).

Read from Hexo's documentation and defaults: hexo/lib/hexo/default_config.js (the keys only its
config has, ``source_dir``, ``public_dir``, ``post_asset_folder``), hexo.io/docs/writing
(``_posts``, ``_drafts``), hexo.io/docs/tag-plugins (its tags). Its posts' addresses are
computed from its ``permalink`` config (``importer.generators.path_urls``); ``--old-url``
overrides them.
"""

from __future__ import annotations

from pathlib import Path

from importer.generators import path_urls
from importer.generators.base import (
    CALLOUTS,
    Detection,
    Evidence,
    Generator,
    Layout,
    installed,
)
from importer.generators.config import package_json, read_yaml, site_path
from importer.generators.folders import COMMON_SKIPS
from importer.generators.permalinks import PostFacts, Published, SiteRules
from importer.generators.tags import image_tag, post_link_tag, video_tag

CONFIG = "_config.yml"
PACKAGES = ("hexo",)
# Keys only Hexo's _config.yml has (its defaults: hexo/lib/hexo/default_config.js).
KEYS = frozenset(
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


def asset_path(words: list[str], args: str) -> str | None:
    """``{% asset_path name %}``: the file's own address, beside the post."""
    return words[0] if words and words[0] else None


def quote(args: str, body: str) -> str:
    """``{% blockquote %}`` (or ``quote``): its content as a block quote."""
    return "\n\n" + "\n".join(f"> {line}" for line in body.split("\n")) + "\n\n"


class Hexo(Generator):
    name = "hexo"
    label = "Hexo"
    packages = PACKAGES
    syntax = "liquid"
    tags = {
        "youtube": video_tag("youtube"),
        "vimeo": video_tag("vimeo"),
        "post_link": post_link_tag,
        "link": post_link_tag,
        "asset_img": image_tag,
        "img": image_tag,
        "asset_path": asset_path,
        "asset_link": asset_path,
    }
    paired_tags = {"blockquote": quote, "quote": quote}
    code_tags = frozenset({"codeblock", "code"})
    callouts = CALLOUTS

    def detect(self, folder: Path) -> Detection | None:
        """``_config.yml`` with Hexo's own keys (or beside a package.json installing it), else
        a package.json installing it."""
        config = folder / CONFIG
        if config.is_file() and (KEYS & read_yaml(config).keys() or "hexo" in package_json(folder)):
            return Detection(Evidence.CONFIG_KEYS, config)
        return installed(folder, self.packages)

    def layout(self, root: Path, config: Path | None) -> Layout:
        """source_dir (default source/), posts in source/_posts, drafts in source/_drafts;
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

    def address_rules(self, root: Path, config: Path | None, layout: Layout) -> SiteRules:
        """``permalink`` (default ``:year/:month/:day/:title/``), ``root``, ``new_post_name``,
        ``default_category``: see ``path_urls``."""
        settings = path_urls.hexo_settings(read_yaml(config) if config else {})
        note = f"permalink: {settings['permalink']}"
        return SiteRules(self.name, root, tuple(layout.content_dirs), settings, (note,))

    def published_url(self, post: PostFacts, rules: SiteRules) -> Published:
        return path_urls.hexo_url(post, rules)


GENERATOR = Hexo()
