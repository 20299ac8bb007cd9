"""A post's authors as Author snippets: found by name (made when new), and given the link and
picture the old site showed when they have none yet; an editor's own never overwritten.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from blog.models import Author
from importer.common import PostAuthor, PostResult, WarningCode
from importer.wagtail_internals import model_field
from importer.write.assets import is_external
from importer.write.caches import RunCaches
from importer.write.images import PostImages

LINK_LENGTH = model_field(Author, "url").max_length
is_web_address = URLValidator(schemes=["http", "https"])


def author_rows(
    authors: tuple[PostAuthor, ...],
    post_path: Path,
    caches: RunCaches,
    images: PostImages,
    result: PostResult,
    files: list[str],
) -> list[Author]:
    """The snippets of `authors`, in order, each given its link and picture if it had none."""
    rows = []
    for author in authors:
        row = caches.author(author.name)
        if author.url:
            give_link(row, author, result)
        if author.picture:
            give_picture(row, author, post_path, images, result, files)
        rows.append(row)
    return rows


def give_link(row: Author, author: PostAuthor, result: PostResult) -> None:
    try:
        is_web_address(author.url)
    except ValidationError:
        result.warn(
            WarningCode.PARSE,
            f"Author {author.name}'s link '{author.url[:200]}' is not a web address; it was "
            "left out.",
        )
        return
    if len(author.url) <= LINK_LENGTH:
        Author.objects.filter(pk=row.pk, url="").update(url=author.url)


def give_picture(
    row: Author,
    author: PostAuthor,
    post_path: Path,
    images: PostImages,
    result: PostResult,
    files: list[str],
) -> None:
    """The author's picture, imported as any picture of the post is, for an author who has
    none yet (a picture on another site only with --fetch-images)."""
    if Author.objects.filter(pk=row.pk, photo__isnull=False).exists():
        return
    src = author.picture
    path = images.picture(src, post_path, result)
    if path is None:
        if src not in images.refused:
            where = (
                "is on another site (--fetch-images downloads it)"
                if is_external(src)
                else "was not found beside the post or under --assets"
            )
            result.warn(
                WarningCode.IMAGE, f"Author {author.name}'s picture {src} {where}; none was set."
            )
        return
    image_id = images.image(path, author.name, files)
    if image_id is not None:
        Author.objects.filter(pk=row.pk, photo__isnull=True).update(photo=image_id)
