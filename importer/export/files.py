"""The blog as a static site's posts: each page a Markdown file with YAML front matter, its
pictures beside it, in the folders Eleventy, Hugo or Jekyll expect; ``import_posts`` reads the
folder back to equal pages.

``plan_export`` is pure (pages' data in, files' text out); ``read_posts`` (importer.export.read)
is the only part that reads the database, and ``write_export`` the only one that writes files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from django.utils.text import slugify

from importer.export.booking import BookingDefaults
from importer.export.markdown import PostTargets, body_markdown, footnote_form
from importer.export.markdown_inline import LinkTargets, collapse
from importer.generators import EXPORT_FORMATS, Generator, generator_named
from importer.generators.fields import COLLECTION_TAGS

FORMATS = EXPORT_FORMATS
PAGE_LINK = re.compile(r"<a\b[^<>]*?\blinktype=\"page\"[^<>]*+>")
LINK_ID = re.compile(r'\bid="(\d+)"')
STORAGE_SUFFIX = re.compile(r"_[A-Za-z0-9]{7}$")


@dataclass(frozen=True, slots=True)
class ExportImage:
    """A picture in the image library: its original file, not a rendition."""

    id: int
    name: str
    """The original file's name, without its folders."""
    storage_name: str
    """Where the original is in the media storage."""


@dataclass(frozen=True, slots=True)
class ExportPost:
    """What one page holds, as the export writes it."""

    page_id: int
    title: str
    slug: str
    date: dt.datetime
    date_utc_offset: int | None
    body: list[dict[str, Any]]
    author: str = ""
    co_authors: tuple[str, ...] = ()
    """The byline's other authors, in order (``BlogPage.co_authors``)."""
    description: str = ""
    search_description: str = ""
    tags: tuple[str, ...] = ()
    feature_image: int | None = None
    feature_image_alt: str = ""
    draft: bool = False
    url: str = ""
    """Its address on the Wagtail site, which the exported site redirects where it can."""

    def day(self, time_zone: str) -> dt.date:
        """The day the post shows (``BlogPage.publication_day``)."""
        if self.date_utc_offset is None:
            return self.date.astimezone(ZoneInfo(time_zone)).date()
        return self.date.astimezone(offset_zone(self.date_utc_offset)).date()


@dataclass(frozen=True, slots=True)
class SiteData:
    """What the posts point at beyond themselves, and how the importer will read them."""

    images: dict[int, ExportImage] = field(default_factory=dict)
    page_urls: dict[int, str] = field(default_factory=dict)
    """Pages linked to that are not exported: their address on the site."""
    document_urls: dict[int, str] = field(default_factory=dict)
    booking: BookingDefaults = field(default_factory=BookingDefaults)


@dataclass(slots=True)
class PostFile:
    """One post as it is written: its file, text and pictures."""

    page_id: int
    title: str
    path: PurePosixPath
    text: str = ""
    images: dict[PurePosixPath, int] = field(default_factory=dict)
    """Where each of its pictures is copied (under DEST) -> the image's id."""
    warnings: list[str] = field(default_factory=list)
    error: str = ""


def offset_zone(minutes: int) -> dt.timezone:
    return dt.timezone(dt.timedelta(minutes=minutes))


def post_path(post: ExportPost, generator: Generator, time_zone: str) -> PurePosixPath:
    """Where the generator keeps the post (``Generator.post_path``): Eleventy
    ``posts/slug.md``, Jekyll ``_posts/YYYY-MM-DD-slug.md``, Hugo ``content/posts/slug.md`` or,
    with pictures, the bundle ``content/posts/slug/index.md``."""
    bundle = generator.bundles and bool(post_images(post))
    return generator.post_path(post.slug, post.day(time_zone), bundle)


def post_images(post: ExportPost) -> list[int]:
    """The pictures a post shows: its feature image, then its body's, in order."""
    ids = [post.feature_image] if post.feature_image else []
    for block in post.body:
        if block.get("type") == "image" and isinstance(block.get("value"), dict):
            image = block["value"].get("image")
            if isinstance(image, int) and image not in ids:
                ids.append(image)
    return ids


def file_name(image: ExportImage) -> str:
    """A name every generator and the importer take as written. Hugo's bundles make a
    ``*featured*`` file the feature image, so that word is not kept."""
    stem, dot, suffix = image.name.rpartition(".")
    # Without the "_abc1234" Django's storage adds to a name already taken: the file's own name.
    stem = STORAGE_SUFFIX.sub("", stem if dot else image.name)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "image"
    stem = re.sub("featured", "feature", stem, flags=re.IGNORECASE)
    return f"{stem}.{suffix.lower()}" if dot else stem


class ImagePlaces:
    """Where each picture is copied: one file a picture in a folder, names made unique."""

    def __init__(self) -> None:
        self.by_folder: dict[PurePosixPath, dict[int, PurePosixPath]] = {}

    def place(self, folder: PurePosixPath, image: ExportImage) -> PurePosixPath:
        placed = self.by_folder.setdefault(folder, {})
        if image.id not in placed:
            taken = set(placed.values())
            name = file_name(image)
            stem, dot, suffix = name.rpartition(".")
            candidate, number = folder / name, 2
            while candidate in taken:
                candidate = folder / (f"{stem}-{number}.{suffix}" if dot else f"{name}-{number}")
                number += 1
            placed[image.id] = candidate
        return placed[image.id]


def plan_export(posts: list[ExportPost], site: SiteData, fmt: str) -> list[PostFile]:
    """Every post's file for the generator named `fmt`: its path, Markdown text and pictures.
    Links between exported posts lead to each other's addresses on the built site, which
    each post's front matter states, so the importer makes them page links again."""
    generator = generator_named(fmt)
    time_zone = site.booking.reading.time_zone
    paths = {post.page_id: post_path(post, generator, time_zone) for post in posts}
    addresses = {
        post.page_id: generator.post_address(post.slug, post.day(time_zone)) for post in posts
    }
    places = ImagePlaces()
    files = []
    for post in posts:
        path = paths[post.page_id]
        folder = generator.image_folder(path)
        post_file = PostFile(post.page_id, post.title, path)
        try:
            for image_id in post_images(post):
                if image_id in site.images:
                    post_file.images[places.place(folder, site.images[image_id])] = image_id
            post_file.text, post_file.warnings = post_markdown(
                post, post_file, addresses, site, generator
            )
        except Exception as error:  # noqa: BLE001 - one post must not stop the others
            post_file.error = f"{type(error).__name__}: {error}"
        files.append(post_file)
    return files


def post_markdown(
    post: ExportPost,
    post_file: PostFile,
    addresses: dict[int, str],
    site: SiteData,
    generator: Generator,
) -> tuple[str, list[str]]:
    """A post's whole file: front matter, then its body."""
    sources = {
        image: generator.image_src(place, post_file.path)
        for place, image in post_file.images.items()
    }
    links = LinkTargets(
        pages={**site.page_urls, **addresses},
        documents=site.document_urls,
        footnote_references=generator.footnote_references and footnote_form(post.body),
        code_as_html=generator.code_as_html,
    )
    targets = PostTargets(
        links=links,
        images=sources,
        generator=generator,
        booking=site.booking,
    )
    body, warnings = body_markdown(post.body, post.title, targets)
    warnings = front_matter_warnings(post) + link_warnings(post, addresses) + warnings
    if post.feature_image and post.feature_image not in sources:
        warnings.append("its feature image is no longer in the image library; none was written.")
    image = sources.get(post.feature_image or 0, "")
    address = addresses[post.page_id]
    matter = front_matter(post, image, site.booking.reading.time_zone, generator, address)
    return matter + "\n" + body, warnings


def front_matter(
    post: ExportPost, image: str, time_zone: str, generator: Generator, address: str
) -> str:
    """The keys the importer reads for every generator (importer.generators.fields.FIELD_NAMES),
    with the generator's own (``Generator.export_fields``): its date, address and drafts."""
    aliases = [post.url] if post.url and post.url.rstrip("/") != address.rstrip("/") else []
    data: dict[str, Any] = {"title": post.title}
    data.update(
        generator.export_fields(
            date_as_written(post, time_zone),
            post.day(time_zone),
            address,
            aliases,
            draft=post.draft,
        )
    )
    data["slug"] = post.slug
    if post.description:
        data["description"] = post.description
    if post.author and post.co_authors:
        data["authors"] = [post.author, *post.co_authors]
    elif post.author:
        data["author"] = post.author
    if post.tags:
        data["tags"] = list(post.tags)
    if image:
        data["image"] = image
        if post.feature_image_alt:
            data[generator.image_alt_field] = collapse(post.feature_image_alt)
    data["draft"] = post.draft
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{text}---\n"


def date_as_written(post: ExportPost, time_zone: str) -> dt.date | dt.datetime:
    """The date as the importer reads it back: a day (midnight in the site's time zone) as a
    date, another time in the site's zone without an offset, one written elsewhere with its
    offset."""
    if post.date_utc_offset is None:
        local = post.date.astimezone(ZoneInfo(time_zone))
        if local.time() == dt.time(0):
            return local.date()
        return local.replace(tzinfo=None)
    return post.date.astimezone(offset_zone(post.date_utc_offset))


def front_matter_warnings(post: ExportPost) -> list[str]:
    """What the importer will read back differently from the page's own fields."""
    warnings = []
    if any(tag.casefold() in COLLECTION_TAGS for tag in post.tags):
        warnings.append(
            "the tags 'post', 'posts' and 'all' name the old generator's collections; the "
            "importer leaves them out."
        )
    if slugify(post.slug.replace(".", "-"), allow_unicode=True)[:80] != post.slug:
        warnings.append(
            f"the slug '{post.slug}' is read back in lower case, at most 80 characters long."
        )
    if any(" ".join(text.split()) != text for text in (post.title, post.description)):
        warnings.append(
            "the title and intro are read back with runs of spaces and line breaks as one space."
        )
    if post.feature_image_alt and not post.feature_image:
        warnings.append("the importer keeps a feature image's alt text only with its picture.")
    if post.search_description and post.search_description != post.description:
        warnings.append("the search description is read back as the intro.")
    if post.date_utc_offset is not None and date_as_written(post, "UTC").time() == dt.time(0):
        warnings.append("a time at midnight is read back as the day, in the site's time zone.")
    return warnings


def link_warnings(post: ExportPost, paths: dict[int, str]) -> list[str]:
    """Page links to pages that are not exported are written as those pages' addresses."""
    linked = set()
    for block in post.body:
        text = str(block.get("value"))
        for tag in PAGE_LINK.findall(text):
            found = LINK_ID.search(tag)
            if found and int(found[1]) not in paths:
                linked.add(int(found[1]))
    if not linked:
        return []
    return [
        f"it links to {len(linked)} page(s) that are not in the export; those links are "
        "written as the pages' addresses."
    ]


@dataclass(slots=True)
class ExportResult:
    """What happened to one post."""

    page_id: int
    title: str
    path: str
    status: str
    """``exported``, or ``failed`` (``error`` says why)."""
    warnings: list[str] = field(default_factory=list)
    error: str = ""


def site_files(fmt: str) -> dict[PurePosixPath, str]:
    """The files besides the posts that the generator named `fmt` builds the site with: its
    config, manifest and layouts (``Generator.site_files``)."""
    return generator_named(fmt).site_files()


def write_export(
    files: list[PostFile],
    dest: Path,
    read_image: Callable[[int], bytes],
    *,
    dry_run: bool = False,
    progress: Callable[[int, int, ExportResult], None] | None = None,
    site: dict[PurePosixPath, str] | None = None,
) -> tuple[list[ExportResult], int]:
    """Write every post's file and pictures under `dest` (nothing with `dry_run`), and the
    `site` files (path under `dest` -> text); a post whose file or pictures can't be written
    fails alone. Returns the results and pictures copied."""
    if site and not dry_run:
        for path, text in site.items():
            write_bytes(dest / path, text.encode("utf-8"))
    copied: set[PurePosixPath] = set()
    results = []
    for number, post_file in enumerate(files, start=1):
        result = ExportResult(
            post_file.page_id, post_file.title, str(post_file.path), "exported", post_file.warnings
        )
        try:
            if post_file.error:
                raise ValueError(post_file.error)
            if not dry_run:
                for place, image_id in post_file.images.items():
                    if place not in copied:
                        write_bytes(dest / place, read_image(image_id))
                        copied.add(place)
                write_bytes(dest / post_file.path, post_file.text.encode("utf-8"))
            else:
                copied.update(post_file.images)
        except Exception as error:  # noqa: BLE001 - one post must not stop the others
            result.status, result.error = "failed", f"{type(error).__name__}: {error}"
        results.append(result)
        if progress:
            progress(number, len(files), result)
    return results, len(copied)


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
