"""Where uploads are unpacked (IMPORTER_UPLOAD_ROOT), and how long they stay there.

Each upload gets a private folder of its own (``unpack_upload``), deleted when its import ends
(``remove``) or, left behind by a preview nobody confirmed or a run whose worker died, once it is
older than IMPORTER_UPLOAD_MAX_AGE (``remove_stale``, on every new upload). Every path here is
taken from the checked ``upload_root()``, and deleting never raises: a folder that can't be
deleted is logged, and must not stop the next upload.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import stat
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler

from importer.admin_import.archive import Limits, Unpacked, unpack
from importer.admin_import.models import ImportRun

logger = logging.getLogger(__name__)
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".zip")
# The unpacked folder's name, in UTF-8 bytes: well within a file system's 255.
MAX_FOLDER_NAME = 100
# A preview or run with one of these statuses may still read its folder.
USING_FOLDER = (
    ImportRun.Status.PREVIEWING,
    ImportRun.Status.PREVIEWED,
    ImportRun.Status.QUEUED,
    ImportRun.Status.RUNNING,
)


class UploadRootUnsafe(Exception):
    """IMPORTER_UPLOAD_ROOT is not a private folder of this process's user."""


def upload_root() -> Path:
    """IMPORTER_UPLOAD_ROOT, made if missing; refused unless it is a real folder of this user
    that nobody else can write to, as it may sit in a shared temporary folder."""
    root = Path(settings.IMPORTER_UPLOAD_ROOT).absolute()
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = root.lstat()
    if (
        not stat.S_ISDIR(info.st_mode)
        or info.st_uid != os.getuid()
        or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    ):
        raise UploadRootUnsafe(
            f"IMPORTER_UPLOAD_ROOT ({root}) must be a folder owned by the site's user that "
            "no one else can write to."
        )
    return root


def unpack_upload(upload) -> tuple[Path, Path, Unpacked]:
    """Unpack an uploaded archive into a new private folder, in a folder named after the upload
    (posts are known across imports by their folder's name): returns the private folder, what
    to import in it (see imported_folder) and what unpacking left out. Raises ArchiveRefused;
    on that or anything else, the folder is deleted before the error goes on."""
    waiting = waiting_bytes()
    folder = Path(tempfile.mkdtemp(prefix="upload-", dir=upload_root()))
    try:
        inner = folder / folder_name(upload.name)
        inner.mkdir(mode=0o700)
        with upload.open("rb") as file:
            unpacked = unpack(file, inner, Limits.from_settings(waiting))
        return folder, imported_folder(inner), unpacked
    except BaseException:
        delete(folder)
        raise


def waiting_bytes() -> int:
    """What the unpacked uploads under the upload root take, together (their files' sizes):
    the uploads waiting for their import, and any being imported. Folder by folder without
    recursion (a folder nested too deep for os.walk is still counted); links not followed."""
    total = 0
    folders = [str(upload_root())]
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                    else:
                        total += entry.stat(follow_symlinks=False).st_size
        except OSError:
            continue  # deleted meanwhile, or unreadable
    return total


def folder_name(upload_name: str) -> str:
    """``old-site.tar.gz`` -> ``old-site``: the name a posts folder had before it was packed."""
    name = Path(upload_name).name
    for suffix in ARCHIVE_SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    name = re.sub(r"[^\w.-]+", "-", name)
    name = name.encode()[:MAX_FOLDER_NAME].decode(errors="ignore").strip(".-")
    return name or "posts"


def imported_folder(unpacked: Path) -> Path:
    """What to import from an unpacked upload: the one folder it holds (an archive of a
    folder, as GitHub's downloads are), else the upload itself."""
    entries = [entry for entry in unpacked.iterdir() if not entry.name.startswith(".")]
    if len(entries) == 1 and entries[0].is_dir() and not entries[0].is_symlink():
        return entries[0]
    return unpacked


def delete(folder: str | Path) -> bool:
    """Delete one upload's folder, a folder right under the upload root; False (logged) when it
    can't be."""
    try:
        root = upload_root()
        if Path(folder).parent != root:
            logger.warning("Upload %s is not in IMPORTER_UPLOAD_ROOT: not deleted", folder)
            return False
        path = root / Path(folder).name
        if path.is_symlink() or not path.is_dir():
            return not path.exists()
        shutil.rmtree(path)
    except Exception:
        logger.exception("Upload %s could not be deleted", folder)
        return False
    return True


def remove(run: ImportRun) -> None:
    """Delete a run's upload, and forget it: only while the run's row still names it and no
    other preview or run uses it (a run marked failed while its worker went on may have been
    imported again from the same folder since). A folder that can't be deleted is logged, not
    raised."""
    folder, run.folder = run.folder, ""
    if not folder:
        return
    owned = ImportRun.objects.filter(pk=run.pk, folder=folder).update(folder="")
    shared = (
        ImportRun.objects.filter(folder=folder, status__in=USING_FOLDER).exclude(pk=run.pk).exists()
    )
    if owned and not shared:
        delete(folder)


def remove_stale(now: float | None = None) -> int:
    """Delete uploads older than IMPORTER_UPLOAD_MAX_AGE that no preview or run is using;
    returns how many. One that can't be deleted is logged and left."""
    root = upload_root()
    cutoff = (now or time.time()) - settings.IMPORTER_UPLOAD_MAX_AGE.total_seconds()
    in_use = set(
        ImportRun.objects.filter(
            status__in=[ImportRun.Status.PREVIEWING, *ImportRun.ACTIVE]
        ).values_list("folder", flat=True)
    )
    removed = 0
    for folder in root.iterdir():
        try:
            if str(folder) in in_use or folder.is_symlink() or not folder.is_dir():
                continue
            if folder.lstat().st_mtime < cutoff and delete(folder):
                ImportRun.objects.filter(folder=str(folder)).update(folder="")
                removed += 1
        except Exception:
            logger.exception("Upload %s could not be checked for deletion", folder)
    return removed


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """Receives the upload to a temporary file, and stops receiving it once it is bigger than
    IMPORTER_UPLOAD_MAX_BYTES (counting what arrives, not what the request claims)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0
        self.too_big = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.IMPORTER_UPLOAD_MAX_BYTES:
            self.too_big = True
            self.file.close()
            raise SkipFile
        return super().receive_data_chunk(raw_data, start)
