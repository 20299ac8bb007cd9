"""The blog index a run imports under, or the export reads from."""

from __future__ import annotations

from blog.models import BlogIndexPage
from importer.common import ImporterError


def find_blog_index(parent: str) -> BlogIndexPage:
    """The blog index named by id, URL path or slug; or the only one there is."""
    indexes = BlogIndexPage.objects.all()
    if parent:
        if parent.isdigit():
            match = indexes.filter(pk=int(parent))
        else:
            match = indexes.filter(slug=parent.strip("/").rsplit("/", 1)[-1])
        if not match.exists():
            raise ImporterError(
                f"there is no blog index '{parent}'.",
                field="--parent",
                fix="give the blog index's page id or slug.",
            )
        return match.get() if match.count() == 1 else match.first()
    count = indexes.count()
    if count == 1:
        return indexes.get()
    raise ImporterError(
        "there is no blog index to import into."
        if count == 0
        else "there are several blog indexes.",
        field="--parent",
        fix="run 'manage.py setup_site' first." if count == 0 else "choose one with --parent ID.",
    )
