"""Posts imported before from the site an upload holds, which the upload no longer has: listed
on the run's page with their pages, which may be unpublished from there (never deleted).

Posts are known across imports by their import record's key (``ImportedPost.source_path``,
the file's path under its posts folder: ``blog/regular-massage.md``), which is the end of the
file's path in the upload (``old-site/src/blog/regular-massage.md``). The upload's site is the
posts folders of the records its files match; a record in one of those folders that no file of
the upload matches is missing from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.actions.unpublish_page import UnpublishPageAction

from blog.models import BlogPage
from importer.admin_import.models import ImportRun
from importer.models import ImportedPost


@dataclass(frozen=True, slots=True)
class MissingPost:
    source_path: str
    page: BlogPage


def missing_posts(run: ImportRun, *, dry_run: bool) -> list[MissingPost]:
    """The posts imported before from the site `run` uploaded that it no longer holds, by
    their key; none when the upload matches no post imported before."""
    keys = dict(ImportedPost.objects.values_list("source_path", "page_id"))
    held: set[str] = set()
    for source in run.posts.filter(dry_run=dry_run).values_list("source", flat=True):
        parts = source.split("/")
        held.update(key for key in ("/".join(parts[i:]) for i in range(len(parts))) if key in keys)
    folders = {folder_of(key) for key in held}
    missing = sorted(key for key in keys if key not in held and folder_of(key) in folders)
    pages = BlogPage.objects.in_bulk([keys[key] for key in missing])
    return [MissingPost(key, pages[keys[key]]) for key in missing if keys[key] in pages]


def folder_of(key: str) -> str:
    return key.rsplit("/", 1)[0] if "/" in key else ""


def unpublish(run: ImportRun, page_ids: list[int], user) -> list[BlogPage]:
    """Unpublish the live pages among `page_ids` that `run`'s upload no longer holds (any other
    id is ignored), as `user`; the pages unpublished. The import's permission, not the user's
    page permissions, allows it, as it allowed their import."""
    dry_run = not run.posts.filter(dry_run=False).exists()
    chosen = set(page_ids)
    done = []
    for post in missing_posts(run, dry_run=dry_run):
        if post.page.pk in chosen and post.page.live:
            UnpublishPageAction(post.page, user=user).execute(skip_permission_checks=True)
            done.append(post.page)
    return done
