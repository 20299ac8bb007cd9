"""Files of the old site that a post links to and that are not pictures (a PDF, a price list):
Wagtail documents, so the link still leads to the file.

Only a file the old site served from the imported folders is taken (next to the post, or under
a source or ``--assets`` folder; see ``importer.write.link_index.file_under_roots``), of a kind
the site takes as a document (``WAGTAILDOCS_EXTENSIONS``) and no larger than
``MAX_DOCUMENT_SIZE``; the same content is stored once. A linked file of such a kind that isn't
there, or is too large, is named in a warning and its link kept as written.
"""

from __future__ import annotations

import hashlib
import html
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from importer.common import PostResult, WarningCode

MAX_DOCUMENT_SIZE = 20 * 1024 * 1024
"""Bytes a linked file may have to become a document: a brochure, not a video archive."""


def document_suffix(written: str) -> str:
    """The file kind a link's path names, when the site takes it as a document ("" if not)."""
    suffix = PurePosixPath(written).suffix.lower().lstrip(".")
    return suffix if suffix in getattr(settings, "WAGTAILDOCS_EXTENSIONS", ()) else ""


def document_link(path: Path, text: str, dry_run: bool, result: PostResult, files: list[str]):
    """A rich text link to the document holding the file at `path`, added to the library
    once; None when it can't be (too large, unreadable, or a dry run's new document)."""
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_SIZE:
            result.warn(
                WarningCode.LINK,
                f"The linked file {path.name} is {megabytes(size)}, more than the "
                f"{megabytes(MAX_DOCUMENT_SIZE)} a document may have; its link was kept as "
                "written (upload it to Documents and link to it).",
            )
            return None
        data = path.read_bytes()
    except OSError as error:
        result.warn(WarningCode.LINK, f"The linked file {path.name} could not be read: {error}.")
        return None
    digest = hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's own file_hash is SHA-1
    Document = get_document_model()
    document_id = Document.objects.filter(file_hash=digest).values_list("pk", flat=True).first()
    if document_id is None:
        if dry_run:
            result.notes.append(f"The linked file {path.name} would become a document.")
            return None
        document = Document(title=path.stem[:255], file_size=len(data), file_hash=digest)
        document.file = ContentFile(data, name=path.name)
        document.save()
        files.append(document.file.name)
        document_id = document.pk
    return f'<a linktype="document" id="{document_id}">{text}</a>'


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 100 * 1024 else f"{size / 1024:.1f} KB"


def missing_document(href: str, result: PostResult) -> None:
    result.warn_once(
        WarningCode.LINK,
        f"The linked file {html.unescape(href)[:200]} was not found next to the post or under "
        "the imported folders; its link was kept as written.",
    )
