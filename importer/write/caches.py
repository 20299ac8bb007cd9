"""What a run looks up once and keeps for every post after it: the slugs in use under the blog,
tags, authors, and library images by content hash.

A post that fails takes its rows with its transaction, and so does every post of a dry run.
What the post added to these caches must go with them, or a later post would point at a row
that is gone (SQLite even gives a rolled-back page's id to the next page made). So the caches
are changed only through ``RunCaches``, which notes how to undo each change as it makes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from taggit.models import Tag
from wagtail.images import get_image_model

from blog.models import Author, BlogIndexPage
from importer.wagtail_internals import model_field

TAG_LENGTH = model_field(Tag, "name").max_length
FORGOTTEN = object()  # a cache had no entry for the key


@dataclass(slots=True)
class Change:
    """How to undo one change to a cache."""

    undo: Callable[[], None]
    row: bool
    """Whether the entry stands for a database row (a tag, an author, an image); a slug is
    only the run's note of an address it has given out."""


@dataclass(slots=True)
class RunCaches:
    """The run's caches, and the changes the post being written made to them."""

    slugs: set[str] = field(default_factory=set)
    tags: dict[str, Tag] = field(default_factory=dict)
    """By lower-cased name: tags match without regard to case here (TAGGIT_CASE_INSENSITIVE)."""
    authors: dict[str, Author] = field(default_factory=dict)
    image_ids: dict[str, int] = field(default_factory=dict)
    """Library image ids by the SHA-1 of their file (Wagtail's own ``file_hash``)."""
    changes: list[Change] = field(default_factory=list)
    """What the post being written changed, oldest first."""

    @classmethod
    def load(cls, parent: BlogIndexPage) -> RunCaches:
        return cls(
            slugs=set(parent.get_children().values_list("slug", flat=True)),
            authors={author.name: author for author in Author.objects.all()},
            tags={tag.name.lower(): tag for tag in Tag.objects.all()},
        )

    def begin_post(self) -> None:
        """The post before this one was kept: its changes stay."""
        self.changes.clear()

    def undo_post(self) -> None:
        """The post failed: everything it changed goes, its slugs too (nothing lives there)."""
        for change in reversed(self.changes):
            change.undo()
        self.changes.clear()

    def undo_rows(self) -> None:
        """A dry run's post was rolled back: the rows it made or found go, but the slugs it
        took stay taken, so the next post's address is the one a real run would give it."""
        for change in reversed(self.changes):
            if change.row:
                change.undo()
        self.changes = [change for change in self.changes if not change.row]

    def unique_slug(self, slug: str) -> str:
        candidate, number = slug or "post", 2
        while candidate in self.slugs:
            candidate = f"{slug}-{number}"
            number += 1
        self.slugs.add(candidate)
        self.changes.append(Change(lambda: self.slugs.discard(candidate), row=False))
        return candidate

    def tags_named(self, names: tuple[str, ...] | list[str]) -> list[Tag]:
        tags = []
        for name in names:
            key = name.lower()
            if key not in self.tags:
                self.set_row(self.tags, key, existing_tag(name))
            tags.append(self.tags[key])
        return tags

    def author(self, name: str) -> Author:
        """The author snippet of this name, made if there is none."""
        name = name[:255]
        if name not in self.authors:
            self.set_row(self.authors, name, Author.objects.get_or_create(name=name)[0])
        return self.authors[name]

    def image_id(self, digest: str) -> int | None:
        """The library image whose file has this SHA-1, if there is one."""
        if digest not in self.image_ids:
            Image = get_image_model()
            found = Image.objects.filter(file_hash=digest).values_list("pk", flat=True).first()
            if found is None:
                return None
            self.set_row(self.image_ids, digest, found)
        return self.image_ids[digest]

    def add_image(self, digest: str, image_id: int) -> None:
        self.set_row(self.image_ids, digest, image_id)

    def set_row(self, cache: dict, key: Any, value: Any) -> None:
        previous = cache.get(key, FORGOTTEN)

        def undo() -> None:
            if previous is FORGOTTEN:
                del cache[key]
            else:
                cache[key] = previous

        cache[key] = value
        self.changes.append(Change(undo, row=True))


def existing_tag(name: str) -> Tag:
    """The tag by this name, made if there is none (another run or an editor may have made it
    since this run read the tags)."""
    found = Tag.objects.filter(name__iexact=name).first()
    return found or Tag.objects.create(name=name[:TAG_LENGTH])
