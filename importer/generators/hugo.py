"""Hugo: ``hugo.toml`` or ``config.*`` (or ``config/_default/``), content sections and page
bundles, shortcodes (``{{< name >}}`` and ``{{% name %}}``), Goldmark's GitHub heading ids.

Read from Hugo's documentation: configuration files and directories (gohugo.io/getting-started/
configuration), ``contentDir``, ``staticDir``, ``mainSections`` (gohugo.io/methods/site/
mainsections: the section with the most pages by default), page bundles (gohugo.io/content-
management/page-bundles), its own shortcodes (gohugo.io/content-management/shortcodes). Its
posts' addresses are computed as Hugo computes them (``importer.generators.hugo_urls``: ``url``,
``permalinks``, the content path); ``aliases`` get the shared reading, a relative alias read
in the post's content section.

Authors and covers (``author_data``, ``cover``): Hugo itself has no author field; themes read
``author``/``authors`` (or ``params.author``) and look keys up in the site's data files
(gohugo.io/content-management/data-sources: ``data/authors.yaml`` keyed by author, or one file
per author in ``data/authors/``). Covers as themes pick them: a ``cover`` (PaperMod: a mapping
with ``image``, ``alt``, ``hidden``/``hiddenInSingle``), ``image``, ``featured_image``
(Ananke), ``featureimage`` (Blowfish), ``images`` (Hugo's own social-card templates), else a
picture of the page bundle named as Hugo's own templates and Congo/Blowfish find it:
``*feature*``, then ``*cover*``, then ``*thumbnail*``. A cover the theme hides on the post's
page (``cover.hidden``, ``cover.hiddenInSingle``, ``showCover: false``) still showed in lists
and shared links, so it is still the feature image, and the report row says the page shows it.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path, PurePosixPath
from typing import Any

from importer.generators import covers, hugo_urls
from importer.generators.authors import AuthorMap, PostPlace, author_map
from importer.generators.base import (
    CALLOUTS,
    Detection,
    Evidence,
    Generator,
    Layout,
    as_strings,
)
from importer.generators.config import config_value, first_file, read_config, site_path
from importer.generators.config import version_hints as shared_version_hints
from importer.generators.fields import sources
from importer.generators.folders import COMMON_SKIPS, outermost, section_folders
from importer.generators.permalinks import PostFacts, Published, SiteRules
from importer.generators.slugs import hugo_slug
from importer.generators.tags import (
    figure,
    instagram_shortcode,
    post_link,
    shortcode_args,
    tweet_shortcode,
    video_embed,
)

CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")
# Names Hugo shares with other generators (Zola's config.toml): read by their keys.
SHARED_CONFIGS = ("config.toml", "config.yaml", "config.yml", "config.json")
# Keys of Hugo's config, named in camelCase (Zola's are snake_case: importer.generators.zola).
KEYS = frozenset(
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
# What Hugo reads in a page before Markdown: shortcodes and the summary divider.
HUGO_MARKUP = re.compile(r"\{\{[<%]|<!--more-->")
GITHUB_ISSUES = "https://github.com/gohugoio/hugo/issues/"
DATA_SUFFIXES = (".yaml", ".yml", ".toml", ".json")
HIDDEN_COVER = (
    "The old theme hid the cover '{src}' on the post's page (it showed in lists and shared "
    "links); it is the new page's feature image, shown above the post."
)


def hidden_on_page(front_matter: dict[str, Any]) -> bool:
    """Whether the front matter hides the cover on the post's own page (PaperMod's
    ``cover.hiddenInSingle``, else ``cover.hidden``; ``showCover: false``)."""
    found = sources(front_matter)
    in_single = covers.flag(found, "cover", "hiddenInSingle")
    if in_single is None:
        in_single = covers.flag(found, "cover", "hidden")
    return bool(in_single) or covers.flag(found, "showCover") is False


def figure_shortcode(attrs: dict[str, str], positional: list[str], args: str) -> str | None:
    caption = attrs.get("caption") or attrs.get("title", "")
    return figure(attrs.get("src", ""), attrs.get("alt", ""), caption, attrs.get("link", ""))


def video(provider: str):
    def shortcode(attrs: dict[str, str], positional: list[str], args: str) -> str | None:
        video_id = attrs.get("id") or (positional[0] if positional else "")
        return video_embed(provider, video_id) if video_id else None

    return shortcode


def imgproc(attrs: dict[str, str], positional: list[str], args: str) -> str | None:
    """Hugo's documentation site's image processing example: ``{{< imgproc name Resize … >}}``."""
    return figure(positional[0]) if positional else None


def github(attrs: dict[str, str], positional: list[str], args: str) -> str | None:
    """Hugo's documentation site's ``gh`` shortcode: links to issues and to GitHub users."""
    return ", ".join(github_link(arg) for arg in positional)


def github_link(arg: str) -> str:
    if arg.startswith("@"):
        return f"[{arg}](https://github.com/{arg[1:]})"
    if arg.isdigit():
        return f"[#{arg}]({GITHUB_ISSUES}{arg})"
    return arg


def ref(attrs: dict[str, str], positional: list[str], args: str) -> str | None:
    """``ref`` and ``relref``: a link to another page, by its file."""
    target = attrs.get("id") or (positional[0] if positional else "")
    return post_link(target) if target else None


def paired_imgproc(args: str, body: str) -> str | None:
    _, positional = shortcode_args(args)
    return figure(positional[0], caption=" ".join(body.split())) if positional else None


def paired_figure(args: str, body: str) -> str | None:
    attrs, _ = shortcode_args(args)
    return figure(attrs.get("src", ""), attrs.get("alt", ""), body.strip(), attrs.get("link", ""))


class Hugo(Generator):
    name = "hugo"
    label = "Hugo"
    lenient_dates = False  # its build fails on a date it can't read
    configs = CONFIGS
    syntax = "hugo"
    exports = True
    bundles = True
    shortcodes = {
        "figure": figure_shortcode,
        "youtube": video("youtube"),
        "vimeo": video("vimeo"),
        "imgproc": imgproc,
        "gh": github,
        "tweet": tweet_shortcode,
        "x": tweet_shortcode,
        "twitter": tweet_shortcode,
        "instagram": instagram_shortcode,
        "ref": ref,
        "relref": ref,
    }
    paired_shortcodes = {"imgproc": paired_imgproc, "figure": paired_figure}
    code_shortcodes = frozenset({"highlight", "code-toggle", "code"})
    callouts = CALLOUTS | {"admonition"}

    def heading_slug(self, text: str) -> str:
        return hugo_slug(text)

    def detect(self, folder: Path) -> Detection | None:
        """Its own config file; a config of a shared name with its keys; its config folder."""
        found = super().detect(folder)
        if found:
            return found
        for name in SHARED_CONFIGS:
            config = folder / name
            if config.is_file() and KEYS & read_config(config).keys():
                return Detection(Evidence.SHARED_CONFIG, config)
        config = first_file(folder / "config" / "_default", (*CONFIGS, *SHARED_CONFIGS))
        return Detection(Evidence.CONFIG_FOLDER, config) if config else None

    def layout(self, root: Path, config: Path | None) -> Layout:
        """contentDir (per language too), staticDir, assetDir; posts in params.mainSections,
        else a blog-named section, else, as Hugo itself does, the section with the most pages."""
        merged, languages, main_sections = merged_config(root)
        # A multilingual site keeps each language's content in its own contentDir.
        content = (
            [site_path(root, source) for source, _ in content_mounts(merged)]
            or [
                site_path(root, str(language["contentDir"]))
                for language in languages.values()
                if isinstance(language, dict) and isinstance(language.get("contentDir"), str)
            ]
            or [site_path(root, str(merged.get("contentDir") or "content"))]
        )
        content_dirs = outermost(d for d in content if d and d.is_dir())
        statics = as_strings(merged.get("staticDir")) or ["static"]
        assets_dir = site_path(root, str(merged.get("assetDir") or "assets"))
        layout = Layout(
            content_dirs=content_dirs,
            asset_roots=[
                *(d for d in (site_path(root, s) for s in statics) if d),
                *([assets_dir] if assets_dir else []),
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

    def version_hints(self, root: Path) -> list[str]:
        hints = shared_version_hints(root)
        for config in config_files(root):
            minimum = config_value(read_config(config), "module", "hugoVersion", "min")
            if isinstance(minimum, str):
                hints.append(f"Hugo {minimum} or later ({config.relative_to(root)})")
        return list(dict.fromkeys(hints))

    def address_rules(self, root: Path, config: Path | None, layout: Layout) -> SiteRules:
        """``permalinks`` by section, ``disablePathToLower``, ``uglyURLs``, ``baseURL``'s
        path, dates from file names (``[frontmatter]``): see ``hugo_urls``."""
        merged, languages, _ = merged_config(root)
        settings = hugo_urls.rules_settings(merged, languages, root, content_mounts(merged))
        return SiteRules(
            self.name, root, tuple(layout.content_dirs), settings, hugo_urls.notes(settings)
        )

    def published_url(self, post: PostFacts, rules: SiteRules) -> Published:
        return hugo_urls.published_url(post, rules)

    def author_data(self, place: PostPlace) -> AuthorMap:
        data = place.root / "data"
        return author_map((data / f"authors{s}" for s in DATA_SUFFIXES), [data / "authors"])

    def cover(self, front_matter: dict[str, Any], path: Path) -> covers.Cover:
        found = super().cover(front_matter, path)
        if not found.src or not hidden_on_page(front_matter):
            return found
        return covers.Cover(found.src, found.alt, HIDDEN_COVER.format(src=found.src))

    def post_path(self, slug: str, day: dt.date, bundle: bool) -> PurePosixPath:
        folder = PurePosixPath("content", "posts")
        return folder / slug / "index.md" if bundle else folder / f"{slug}.md"

    def image_folder(self, post_path: PurePosixPath) -> PurePosixPath:
        return post_path.parent  # the bundle's own folder

    def image_src(self, place: PurePosixPath, post_path: PurePosixPath) -> str:
        return posixpath.relpath(str(place), str(post_path.parent))  # beside it, in its bundle

    def export_fields(
        self,
        date: dt.date | dt.datetime,
        day: dt.date,
        address: str,
        aliases: list[str],
        *,
        draft: bool,
    ) -> dict[str, Any]:
        """Hugo keeps a written offset (the page shows the day where it was written), serves
        the post at ``url`` and makes a redirect page at each of ``aliases``."""
        fields: dict[str, Any] = {"date": date, "url": address}
        if aliases:
            fields["aliases"] = aliases
        return fields

    def heading(self, marks: str, text: str, html_text: str, anchor: str) -> str:
        return f"{marks} {text} {{#{anchor}}}"  # Goldmark's attribute, on in the site's config

    def video(self, provider: str, video_id: str) -> str:
        return f"{{{{< {provider} {video_id} >}}}}"

    def code_as_html(self, code: str) -> bool:
        # Hugo reads shortcodes and the summary divider before Markdown, inside code too.
        return bool(HUGO_MARKUP.search(code))


def merged_config(root: Path) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """The site's config files merged, its languages, and its main sections (``params``)."""
    merged: dict[str, Any] = {}
    languages: dict[str, Any] = {}
    main_sections: list[str] = []
    for path in config_files(root):
        data = read_config(path)
        if path.stem == "languages":
            languages.update(data)
        elif path.stem == "params":
            main_sections = as_strings(data.get("mainSections")) or main_sections
        elif path.stem in ("hugo", "config"):
            merged.update(data)
        else:
            # config/_default/permalinks.toml holds the `permalinks` table, and so on.
            merged.setdefault(path.stem, {}).update(data)
    languages.update(merged.get("languages") or {})
    main_sections = (
        as_strings(merged.get("mainSections"))
        or as_strings(config_value(merged, "params", "mainSections"))
        or main_sections
    )
    return merged, languages, main_sections


def content_mounts(config: dict[str, Any]) -> list[tuple[str, str]]:
    """(source folder, language) of each ``[[module.mounts]]`` whose target is ``content``:
    when a site mounts its content, that is where Hugo reads it."""
    mounts = config_value(config, "module", "mounts")
    return [
        (mount["source"], str(mount.get("lang") or ""))
        for mount in (mounts if isinstance(mounts, list) else [])
        if isinstance(mount, dict)
        and isinstance(mount.get("source"), str)
        and str(mount.get("target", "")).strip("/") == "content"
    ]


def config_files(root: Path) -> list[Path]:
    """The root's config file, then those of ``config/_default/``."""
    files = [first_file(root, (*CONFIGS, *SHARED_CONFIGS))]
    default = root / "config" / "_default"
    if default.is_dir():
        files += sorted(
            p for p in default.iterdir() if p.suffix in (".toml", ".yaml", ".yml", ".json")
        )
    return [f for f in files if f]


GENERATOR = Hugo()
