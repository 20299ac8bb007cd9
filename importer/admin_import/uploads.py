"""Where uploads are unpacked (IMPORTER_UPLOAD_ROOT), and how long they stay there.

Each upload gets a private folder of its own (``new_folder``), deleted when its import ends
(``remove``) or, left behind by a preview nobody confirmed or a run whose worker died, once it is
older than IMPORTER_UPLOAD_MAX_AGE (``remove_stale``, on every new upload).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler

from importer.admin_import.models import ImportRun

ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".zip")


class UploadRootUnsafe(Exception):
    """IMPORTER_UPLOAD_ROOT is not a private folder of this process's user."""


def upload_root() -> Path:
    """IMPORTER_UPLOAD_ROOT, made if missing; refused unless it is a real folder of this user
    that nobody else can write to, as it may sit in a shared temporary folder."""
    root = Path(settings.IMPORTER_UPLOAD_ROOT)
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


def new_folder(upload_name: str) -> tuple[Path, Path]:
    """A new private folder for one upload, and inside it the folder to unpack into, named
    after the upload: posts are known across imports by their folder's name."""
    folder = Path(tempfile.mkdtemp(prefix="upload-", dir=upload_root()))
    inner = folder / folder_name(upload_name)
    inner.mkdir(mode=0o700)
    return folder, inner


def folder_name(upload_name: str) -> str:
    """``old-site.tar.gz`` -> ``old-site``: the name a posts folder had before it was packed."""
    name = Path(upload_name).name
    for suffix in ARCHIVE_SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    name = re.sub(r"[^\w.-]+", "-", name).strip(".-")
    return name or "posts"


def imported_folder(unpacked: Path) -> Path:
    """What to import from an unpacked upload: the one folder it holds (an archive of a
    folder, as GitHub's downloads are), else the upload itself."""
    entries = [entry for entry in unpacked.iterdir() if not entry.name.startswith(".")]
    if len(entries) == 1 and entries[0].is_dir() and not entries[0].is_symlink():
        return entries[0]
    return unpacked


def inside_root(folder: str | Path) -> bool:
    root = Path(settings.IMPORTER_UPLOAD_ROOT).resolve()
    return bool(str(folder)) and root in Path(folder).resolve().parents


def remove(run: ImportRun) -> None:
    """Delete a run's upload, and forget it."""
    if run.folder and inside_root(run.folder):
        shutil.rmtree(run.folder, ignore_errors=True)
    if run.folder:
        run.folder = ""
        ImportRun.objects.filter(pk=run.pk).update(folder="")


def remove_stale(now: float | None = None) -> int:
    """Delete uploads older than IMPORTER_UPLOAD_MAX_AGE that no preview or run is using;
    returns how many."""
    root = Path(settings.IMPORTER_UPLOAD_ROOT)
    if not root.is_dir():
        return 0
    cutoff = (now or time.time()) - settings.IMPORTER_UPLOAD_MAX_AGE.total_seconds()
    in_use = set(
        ImportRun.objects.filter(
            status__in=[ImportRun.Status.PREVIEWING, *ImportRun.ACTIVE]
        ).values_list("folder", flat=True)
    )
    removed = 0
    for folder in root.iterdir():
        if str(folder) in in_use or folder.is_symlink() or not folder.is_dir():
            continue
        if folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            ImportRun.objects.filter(folder=str(folder)).update(folder="")
            removed += 1
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
