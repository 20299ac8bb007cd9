"""The contract every generator module fulfils (``Generator``), and the values it answers with.

A static-site generator turned a repository of Markdown into the pages a reader saw. What the
importer knows of one generator is in its own module, as a subclass of ``Generator``:

- finding its site: ``detect`` (from a folder's files), ``layout`` (the folders its config
  names: content, posts, drafts, pictures, and the folders that are never content) and
  ``version_hints``;
- which files are posts and why the others are not: the rules of its ``Layout``, which
  ``importer.sources`` applies to every file, and ``page_reason`` for a page's front matter;
- each post as it was published: ``slug``, ``old_urls`` and ``own_old_url`` (its address by
  the generator's permalink rules, and former ones), ``heading_slug`` (its heading ids),
  ``authors`` (with the site's author data: ``author_data``), ``cover`` and ``is_draft``;
- what its template tags become: ``tags``, ``paired_tags`` and ``code_tags`` (Liquid and
  Nunjucks syntax, ``{% name %}``), ``shortcodes``, ``paired_shortcodes`` and
  ``code_shortcodes`` (Hugo's ``{{< name >}}``), ``callouts`` (boxes whose content stays);
- for the export, when it ``exports``: ``post_path``, ``image_folder``, ``video`` and
  ``site_files`` (how it is given a post and the files a site of it needs).

Where the importer does not (yet) read a convention per generator, the method here gives the
reading every post gets whatever made it, which tries each generator's convention in turn (the
front matter names of ``importer.generators.fields``, the addresses of
``importer.generators.addresses``); a module overrides what its generator does differently.
Nothing here reads a file outside the folder it is given, or runs a site's code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

from importer.generators import addresses, covers, fields
from importer.generators.addresses import AddressValues
from importer.generators.authors import (
    AuthorMap,
    Authors,
    PostPlace,
    author_map,
    place_author_data,
    read_authors,
    with_inline_facts,
)
from importer.generators.callouts import CALLOUT_NAMES
from importer.generators.config import first_file, package_json, version_hints
from importer.generators.permalinks import PostFacts, Published, SiteRules
from importer.generators.slugs import github_slug

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
# Content pages some generators take in HTML; found to be reported, never imported.
HTML_SUFFIXES = (".html", ".htm")
# Files that describe a folder of the repository, never a page of the site.
FOLDER_NOTES = ("README", "CHANGELOG", "CHANGES", "LICENSE", "CONTRIBUTING", "SECURITY")
# Where old sites served site-absolute files (``/img/x.png``) from, under a repository or an
# --assets folder: the root (Jekyll, Eleventy), Astro's and Eleventy's src/ and public/,
# Hugo's and Gatsby's static/, Hexo's source/, Hugo's assets/ and content/ (bundles).
STATIC_ROOTS = ("", "src", "static", "public", "source", "assets", "content")
# Layout words: a layout that lists posts ("list", "blog-category", "archive.njk"), and a
# post's own layout ("blog-post" is a post's, though it says "blog").
LISTING_LAYOUT_WORDS = frozenset(
    {"list", "listing", "category", "categories", "tag", "tags", "taxonomy", "term", "terms"}
    | {"archive", "archives", "index", "home", "section", "paginated", "posts", "feed"}
)
POST_LAYOUT_WORDS = frozenset({"post", "article", "entry", "single"})
# Paired tags and shortcodes that themes give for a box (a note, a tip) around Markdown: a
# callout block (see importer.generators.callouts), but ``details``, whose content stays.
CALLOUTS = CALLOUT_NAMES | {"details"}


# The front matter fields a post's authors are in, tried in order (the first that has a value).
AUTHOR_FIELDS = fields.FIELD_NAMES["author"]
# Where each generator keeps its author data, which the shared reading tries in turn: under the
# site's root (Hugo's data/, Jekyll's _data/) and beside the posts (Docusaurus's blog/: the
# post's folder or one above it, within the import folder).
ROOT_AUTHOR_FILES = tuple(
    f"{folder}/authors{suffix}" for folder in ("data", "_data") for suffix in (".yaml", ".yml")
) + ("data/authors.toml", "data/authors.json")
FOLDER_AUTHOR_FILES = ("authors.yml", "authors.yaml", "authors.json")
# Front matter fields themes of every generator take a cover picture from, and the names a
# picture of a post's own folder has when it is the cover (Hugo's own templates' order).
COVER_FIELDS = (*fields.FIELD_NAMES["image"], *fields.FIELD_NAMES["fallback_image"])
BUNDLE_COVERS = ("*feature*", "*cover*", "*thumbnail*")


class Evidence(IntEnum):
    """How a folder shows it is a generator's site, the strongest first: when several
    generators' files are there, the strongest evidence wins, then the registry's order."""

    OWN_CONFIG = 1
    """A config file only this generator reads (``hugo.toml``, ``.eleventy.js``)."""
    CONFIG_KEYS = 2
    """A config file several generators read (``_config.yml``, ``config.toml``) holding keys
    only this one's has, or a folder only it uses beside it (Jekyll's ``_posts``)."""
    SHARED_CONFIG = 3
    """A config file of a shared name holding keys this generator reads."""
    CONFIG_FOLDER = 4
    """A config folder (Hugo's ``config/_default/``)."""
    PACKAGE = 5
    """``package.json`` installs it, and no config says more."""


@dataclass(frozen=True, slots=True)
class Detection:
    """Why a folder is this generator's site, and its config file (None: a package only)."""

    evidence: Evidence
    config: Path | None = None


@dataclass(slots=True)
class Layout:
    """A generator's reading of a site's folders, before any Markdown file is classified; its
    rules say which files are posts (``importer.sources`` applies them)."""

    content_dirs: list[Path]
    """Where the generator reads its Markdown."""
    post_folders: list[Path] = field(default_factory=list)
    """The folders holding the posts; without any, files with a date and a title are posts."""
    draft_folders: list[Path] = field(default_factory=list)
    asset_roots: list[Path] = field(default_factory=list)
    """The folders site-absolute pictures are served from."""
    skipped_names: dict[str, str] = field(default_factory=dict)
    """Folders that are not content, by name anywhere under the site, with the reason."""
    post_tags: frozenset[str] = frozenset()
    """Front matter tags that make a file a post wherever it is (Eleventy's collections)."""
    hints: list[str] = field(default_factory=list)
    """Settings found in the config that the analysis shows (``mainSections: blog``)."""
    section_pages: tuple[str, ...] = ("_index",)
    """File names that, directly in a posts folder and undated, are its list of posts."""
    posts_by_content: bool = False
    """No config names the posts folder: it is found by its posts (``sources.blog_folder``)."""
    private_prefix: str = ""
    """Names in a posts folder that start with it are no posts (Docusaurus's ``_partial.md``)."""


# What a tag becomes: Markdown or HTML, or None when these arguments are not the tag's
# (the next reading is tried). A Liquid-style tag gets its arguments as words and as written;
# a Hugo shortcode, as named attributes, positional arguments and as written.
TagRule = Callable[[list[str], str], str | None]
ShortcodeRule = Callable[[dict[str, str], list[str], str], str | None]
# A paired tag or shortcode gets its arguments as written and its content (a Liquid-style
# tag's stripped, a shortcode's as written).
PairedRule = Callable[[str, str], str | None]


class Generator:
    """The importer's knowledge of one static-site generator (see the module docstring).

    This class itself is the reading of a folder whose generator is unknown, and the defaults
    of every module."""

    name: ClassVar[str] = ""
    """The generator's name in the importer's options and reports (``hugo``)."""
    label: ClassVar[str] = "No known generator"
    exports: ClassVar[bool] = False
    """Whether ``export_posts --format NAME`` writes its sites."""
    bundles: ClassVar[bool] = False
    """Whether it keeps a post's pictures in the post's own folder (page bundles)."""
    configs: ClassVar[tuple[str, ...]] = ()
    """The names of the config files only this generator reads."""
    packages: ClassVar[tuple[str, ...]] = ()
    """The npm packages that install it."""
    syntax: ClassVar[str] = ""
    """How its template tags are written: ``liquid`` (``{% name %}``, Liquid and Nunjucks) or
    ``hugo`` (``{{< name >}}``); "" for none the importer reads."""
    tags: ClassVar[Mapping[str, TagRule]] = {}
    paired_tags: ClassVar[Mapping[str, PairedRule]] = {}
    code_tags: ClassVar[frozenset[str]] = frozenset()
    """Paired Liquid-style tags whose content is code (``{% highlight ruby %}``)."""
    shortcodes: ClassVar[Mapping[str, ShortcodeRule]] = {}
    paired_shortcodes: ClassVar[Mapping[str, PairedRule]] = {}
    code_shortcodes: ClassVar[frozenset[str]] = frozenset()
    callouts: ClassVar[frozenset[str]] = frozenset()
    """Paired tags (or shortcodes) that draw a box around Markdown: the content stays."""
    lenient_dates: ClassVar[bool] = True
    """Whether it reads a date written in a form of its own (Jekyll's Ruby ``Time.parse`` takes
    ``2023-01-29 18:30:22 2023 -0800``); one that refuses such a date failed the site's build,
    so the importer refuses it too (``importer.stages.parse.dates``)."""

    # -- Finding the site ---------------------------------------------------------------------

    def detect(self, folder: Path) -> Detection | None:
        """Whether `folder` is a site of this generator, and how sure that is: by default, a
        config file of its own, else a package.json that installs it."""
        config = first_file(folder, self.configs)
        if config:
            return Detection(Evidence.OWN_CONFIG, config)
        return installed(folder, self.packages)

    def layout(self, root: Path, config: Path | None) -> Layout:
        """The site's folders as its config names them (the generator's defaults otherwise);
        here, a site of no known generator's: its blog's folder is found by its posts."""
        from importer.generators.folders import COMMON_SKIPS, NOT_BLOG_FOLDERS

        return Layout(
            content_dirs=[root],
            asset_roots=[root, *(root / name for name in STATIC_ROOTS if name)],
            skipped_names={**COMMON_SKIPS, **NOT_BLOG_FOLDERS},
            posts_by_content=True,
        )

    def version_hints(self, root: Path) -> list[str]:
        """The versions and hosts its files mention (``@11ty/eleventy ^3 (package.json)``)."""
        return version_hints(root)

    # -- Which files are posts -----------------------------------------------------------------

    def page_reason(self, front_matter: dict[str, Any], *, dated: bool) -> str:
        """Why a Markdown file among the posts is a page of the site, not a post ("" for a
        post), from its front matter: a template that paginates (Eleventy), a listing layout,
        or a layout without a date (an about page). A post may name its own layout."""
        if "pagination" in front_matter:
            return "it has a 'pagination' key: it is a template for pages that list posts."
        layout = front_matter.get("layout")
        if not isinstance(layout, str) or not layout.strip():
            return ""
        words = set(re.split(r"[^a-z]+", layout.lower()))
        if words & POST_LAYOUT_WORDS:
            return ""
        if words & LISTING_LAYOUT_WORDS:
            return f"its layout '{layout}' is a page that lists posts."
        if not dated:
            return f"it has a layout ('{layout}') but no date: it is a page of the old site."
        return ""

    # -- A post as it was published ------------------------------------------------------------

    def slug(self, front_matter: dict[str, Any], stem: str) -> str:
        """The post's slug: its ``slug``, its permalink's last part, or its file's name."""
        return fields.post_slug(front_matter, stem)

    def old_urls(
        self,
        front_matter: dict[str, Any],
        template: str,
        values: AddressValues,
        computed: str = "",
    ) -> tuple[str, ...]:
        """Every address the post had: its own first (see ``own_old_url``), then former ones."""
        return addresses.old_urls(front_matter, template, values, computed)

    def own_old_url(
        self,
        front_matter: dict[str, Any],
        template: str,
        values: AddressValues,
        computed: str = "",
    ) -> str:
        """Where the post was published: `computed` (``published_url``, when no `template`
        was given), else what its front matter says, else `template` (the ``--old-url``
        option) filled in from `values`; "" when nothing says."""
        return addresses.own_old_url(front_matter, template, values, computed)

    def address_rules(self, root: Path, config: Path | None, layout: Layout) -> SiteRules:
        """What the site's addresses are computed from, read once per run from its config
        (see ``published_url``); here none: its code made them, so --old-url gives them."""
        note = "not known (no config says how the site made them): give them with --old-url"
        return SiteRules(self.name, root, tuple(layout.content_dirs), notes=(note,))

    def published_url(self, post: PostFacts, rules: SiteRules) -> Published:
        """The post's address as the generator computed it from its config and rules (its
        front matter's own address included), and the post's name in it; none when the
        importer does not know its rules (the shared reading of ``own_old_url`` answers)."""
        return Published()

    def heading_slug(self, text: str) -> str:
        """The id the generator gave a heading of this text (before making it unique)."""
        return github_slug(text)

    def author_data(self, place: PostPlace) -> AuthorMap:
        """The site's author data files its posts' author keys are looked up in: by default,
        every generator's convention in turn."""
        return author_map(
            [
                *(place.root / name for name in ROOT_AUTHOR_FILES),
                *(folder / name for folder in place.folders_up() for name in FOLDER_AUTHOR_FILES),
            ]
        )

    def authors(self, front_matter: dict[str, Any], place: PostPlace) -> Authors:
        """The post's authors as the old site showed them: the first of ``AUTHOR_FIELDS`` (in
        the front matter, then its ``params``), each a name, a key of ``author_data`` or the
        author's facts; a lone name with ``author_url``/``author_image_url`` beside it (the
        older Docusaurus fields) takes them."""
        data = place_author_data(self.name, place, self.author_data)
        values = fields.first_field(front_matter, AUTHOR_FIELDS)
        found = read_authors(values, data, " or ".join(data.files) or "the site's author data")
        return with_inline_facts(found, front_matter)

    def cover(self, front_matter: dict[str, Any], path: Path) -> covers.Cover:
        """The post's cover picture as written (or a file of its bundle), and its alt text:
        the first of ``COVER_FIELDS`` (in the front matter, then its ``params`` or Zola's
        ``extra``), else, for a generator with page bundles (and a folder of no known one), a
        picture of the post's folder named as a cover."""
        _, alt = fields.first_value(front_matter, "image_alt")
        cover = covers.from_fields(fields.sources(front_matter), COVER_FIELDS, str(alt or ""))
        if cover.src or not (self.bundles or not self.name):
            return cover  # a picture is taken by its name only where themes do (Hugo's)
        return covers.Cover(covers.bundle_picture(path, BUNDLE_COVERS), cover.alt)

    def is_draft(self, front_matter: dict[str, Any]) -> bool:
        return fields.is_draft(front_matter)

    # -- The export ----------------------------------------------------------------------------

    image_alt_field: ClassVar[str] = "imageAlt"
    """The front matter key the export writes a feature image's alt text in."""
    footnote_references: ClassVar[bool] = True
    """Whether its Markdown renderer reads ``[^1]`` footnotes as it is installed by the
    exported site; if not, footnotes are written as the HTML they render to."""

    def post_path(self, slug: str, day: dt.date, bundle: bool) -> PurePosixPath:
        """Where the generator reads a post written on `day`; `bundle`: the post has pictures
        (a generator with page bundles keeps them in the post's folder)."""
        raise NotImplementedError(f"{self.label} sites are not exported")

    def post_address(self, slug: str, day: dt.date) -> str:
        """The address the exported site serves the post at (written in its front matter,
        ``export_fields``, so links between posts lead there)."""
        return f"/posts/{slug}/"

    def image_folder(self, post_path: PurePosixPath) -> PurePosixPath:
        """Where a post's pictures go."""
        return post_path.parent / "images"

    def image_src(self, place: PurePosixPath, post_path: PurePosixPath) -> str:
        """How the post links a picture copied to `place`: from the site's root, as the
        built page finds it wherever the page's address puts it."""
        return "/" + place.as_posix()

    def export_fields(
        self,
        date: dt.date | dt.datetime,
        day: dt.date,
        address: str,
        aliases: list[str],
        *,
        draft: bool,
    ) -> dict[str, Any]:
        """Front matter only this generator needs: the date as it shows `day` (the page's
        calendar day), the address, former addresses it redirects, and a draft kept
        unpublished."""
        return {"date": date, "permalink": address}

    def heading(self, marks: str, text: str, html_text: str, anchor: str) -> str:
        """A heading with its id, in the form the generator's Markdown reads: ``marks`` is
        ``##``..., `text` its Markdown and `html_text` its HTML."""
        level = len(marks)
        return f'<h{level} id="{anchor}">{html_text}</h{level}>'

    def video(self, provider: str, video_id: str) -> str:
        """A YouTube or Vimeo player: the iframe every Markdown renderer passes through."""
        src = {
            "youtube": f"https://www.youtube.com/embed/{video_id}",
            "vimeo": f"https://player.vimeo.com/video/{video_id}",
        }[provider]
        return (
            f'<iframe src="{src}" width="560" height="315" title="{provider.capitalize()} video" '
            "allowfullscreen></iframe>"
        )

    def code_as_html(self, code: str) -> bool:
        """Whether code must be written as escaped HTML, because the generator reads what it
        holds even inside Markdown code (Hugo's shortcodes and summary divider)."""
        return False

    def site_files(self) -> dict[PurePosixPath, str]:
        """The files besides the posts that a site of this generator needs to build as it is
        (config, manifest, layouts): ``site_templates/NAME/`` beside this module."""
        folder = Path(__file__).parent / "site_templates" / self.name
        if not self.name or not folder.is_dir():
            return {}
        return {
            PurePosixPath(path.relative_to(folder).as_posix()): path.read_text(encoding="utf-8")
            for path in sorted(folder.rglob("*"))
            if path.is_file()
        }


def installed(folder: Path, packages: tuple[str, ...]) -> Detection | None:
    """A site whose package.json installs one of `packages` (and no config says more)."""
    package = package_json(folder)
    dependencies = {**package.get("dependencies", {}), **package.get("devDependencies", {})}
    if any(name in dependencies for name in packages):
        return Detection(Evidence.PACKAGE)
    return None


def as_strings(value: Any) -> list[str]:
    """A config or front matter value that may be one string or a list of them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []
