"""A post's pictures in the image library: its image blocks and its feature image, each file
added once however many posts use it, SVGs cleaned and sized; what a failed post added goes.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from importer.common import PostDraft, PostResult, WarningCode
from importer.wagtail_internals import model_field
from importer.write.assets import (
    Lookup,
    Picture,
    bundle_feature_image,
    is_external,
    locate,
    picture_from,
)
from importer.write.caches import RunCaches
from importer.write.context import WriteContext
from importer.write.fetch import ImageFetcher


@dataclass(slots=True)
class PostImages:
    """Finds the pictures posts refer to and puts them in the library."""

    ctx: WriteContext
    caches: RunCaches
    fetcher: ImageFetcher | None = None
    """With --fetch-images, the run's downloads (each address tried once)."""
    refused: set[str] = field(default_factory=set)
    """The post's image references whose warning says why they were left out, so the usual
    "not found" warning doesn't follow."""
    verdicts: dict[Path, tuple[str, bytes | None, str]] = field(default_factory=dict)
    """The picture gate's verdict on each file the run used, so a picture many posts show (an
    author's photo, a logo) is decoded once: (name to store it under, "" when refused; its
    bytes when the gate changed them; the note for the report)."""

    @classmethod
    def for_run(cls, ctx: WriteContext, caches: RunCaches):
        fetcher = None
        if ctx.options.fetch_images:
            # Tests (and intranet blogs) serve pictures from this machine or a private network.
            allow_private = getattr(settings, "IMPORTER_FETCH_PRIVATE_ADDRESSES", False)
            fetcher = ImageFetcher(allow_private=allow_private)
        return cls(ctx, caches, fetcher)

    @property
    def dry_run(self) -> bool:
        return self.ctx.options.dry_run

    def begin_post(self) -> None:
        self.refused.clear()

    def image_block(
        self, post_path: Path, value: dict[str, Any], result: PostResult, files: list[str]
    ) -> list[dict[str, Any]]:
        """The blocks an image block becomes: itself with its library image, or when the
        picture can't be had, a paragraph of its words (none if it has none)."""
        src = value["src"]
        path = self.picture(src, post_path, result)
        image_id = self.image(path, value["alt_text"] or Path(src).stem, files) if path else None
        if image_id is not None:
            return [
                {
                    "type": "image",
                    "value": {
                        "image": image_id,
                        "alt_text": value["alt_text"],
                        "caption": value["caption"],
                        **({"link": value["link"]} if value.get("link") else {}),
                    },
                }
            ]
        self.explain_missing(src, path, result)
        return self.words_of(value)

    def explain_missing(self, src: str, path: Picture | None, result: PostResult) -> None:
        if src in self.refused:
            pass  # already explained by safe()
        elif self.dry_run and path:
            result.notes.append(f"Image {src} would be imported (dry run).")
        elif is_external(src):
            result.warn(
                WarningCode.IMAGE,
                f"Image {src} is on another site; kept as a link (--fetch-images downloads it).",
            )
        else:
            result.warn(
                WarningCode.IMAGE,
                f"Image {src} was not found next to the post or under --assets; "
                "its alt text and caption are kept as text.",
            )

    def words_of(self, value: dict[str, Any]) -> list[dict[str, Any]]:
        """A missing picture's words (and where it lived, when on another site), kept in the
        text."""
        src = value["src"]
        words = " ".join(part for part in (value["alt_text"], value["caption"]) if part)
        if value.get("link") and words:  # the picture's own link, on its words
            text = f'<a href="{html.escape(value["link"])}">{html.escape(words)}</a>'
        elif is_external(src):
            label = html.escape(words or src)
            text = f'<a href="{html.escape(src)}">{label}</a>'
        else:
            text = html.escape(words)
        if not words and not is_external(src):
            return []
        return [
            {
                "type": "paragraph",
                "value": self.ctx.normalise(f"<p>{text}</p>", "paragraph"),
            }
        ]

    def feature_image(self, draft: PostDraft, result: PostResult, files: list[str]) -> int | None:
        post = draft.post
        assert post is not None
        path = self.picture(post.image, draft.path, result) if post.image else None
        if post.image and path is None and post.image not in self.refused:
            result.warn(
                WarningCode.IMAGE,
                f"Feature image {post.image} is on another site; none was set (--fetch-images "
                "downloads it)."
                if is_external(post.image)
                else f"Feature image {post.image} was not found; none was set.",
            )
        if path is None and not post.image:
            bundle = bundle_feature_image(draft.path, self.ctx.assets)
            path = self.safe(bundle, "the bundle's featured image", result)
        if path is None:
            return None
        image_id = self.image(path, post.image_alt or post.title, files)
        if image_id is None and self.dry_run:
            result.notes.append(
                f"Feature image {post.image or path.name} would be imported (dry run)."
            )
        return image_id

    def picture(self, src: str, post_path: Path, result: PostResult) -> Picture | None:
        """The picture an image reference names: a file inside the import's folders, or with
        --fetch-images a download; None (with a warning when it is more than not found)."""
        if not is_external(src):
            return self.safe(locate(src, post_path, self.ctx.assets), src, result)
        if self.fetcher is None:
            return None
        fetched = self.fetcher.fetch(src)
        if fetched.note:
            result.warn(WarningCode.IMAGE, f"Image {src} {fetched.note}.")
        if fetched.picture is None:
            self.refused.add(src)
        return fetched.picture

    def safe(self, found: Lookup, src: str, result: PostResult) -> Picture | None:
        """The picture at `found`, an SVG cleaned of anything that could run script (with a
        warning naming what was removed). A file outside the import's folders, or an SVG that
        can't be cleaned, is left out with a warning, and `src` remembered so the usual "not
        found" warning doesn't follow."""
        picture, note = self.checked(found.path) if found.path else (None, found.refused)
        if note:
            result.warn(WarningCode.IMAGE, f"Image {src} {note}.")
            if picture is None:
                self.refused.add(src)
        return picture

    def checked(self, path: Path) -> tuple[Picture | None, str]:
        """The file at `path` through the picture gate (see `picture_from`), once per run."""
        data = path.read_bytes()
        if path not in self.verdicts:
            picture, note = picture_from(path.name, data)
            changed = picture.data if picture and picture.data != data else None
            self.verdicts[path] = (picture.name if picture else "", changed, note)
        name, changed, note = self.verdicts[path]
        return (Picture(name, changed or data) if name else None), note

    def image(self, picture: Picture, title: str, files: list[str]) -> int | None:
        """The library image with this content, added once however often it is used; None on
        a dry run for a picture the library doesn't have yet. `files` gets the name of each
        file stored, for `delete_files` should the post fail."""
        data = picture.data
        digest = hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's own file_hash is SHA-1
        existing = self.caches.image_id(digest)
        if existing is not None or self.dry_run:
            return existing
        name = Path(picture.name)
        Image = get_image_model()
        image = Image(title=title[:255] or name.stem, file_size=len(data), file_hash=digest)
        image.file = ImageFile(io.BytesIO(data), name=name.name)
        if name.suffix.lower() == ".svg":
            image.width, image.height = svg_size(data)
        image.save()
        files.append(image.file.name)
        self.caches.add_image(digest, image.pk)
        return image.pk


def delete_files(names: list[str]) -> None:
    """A failed post leaves no image files behind (the rows went with the transaction)."""
    storage = model_field(get_image_model(), "file").storage
    for name in names:
        storage.delete(name)


def svg_size(data: bytes) -> tuple[int, int]:
    """Width and height of an SVG from its attributes or viewBox (Pillow cannot read SVG)."""
    head = data[:4096].decode("utf-8", "ignore")
    width = re.search(r'<svg[^>]*\swidth="([\d.]+)', head)
    height = re.search(r'<svg[^>]*\sheight="([\d.]+)', head)
    if width and height:
        return round(float(width.group(1))), round(float(height.group(1)))
    box = re.search(r'viewBox="[\d.\s-]+?\s([\d.]+)\s+([\d.]+)"', head)
    if box:
        return round(float(box.group(1))), round(float(box.group(2)))
    return 300, 150  # the browser default size of a replaced element
