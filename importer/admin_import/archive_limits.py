"""What an upload may unpack to, and the refusals that say which limit it went past."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings


class ArchiveRefused(Exception):
    """The upload can't be unpacked; the message says why, for the person who uploaded it."""


@dataclass(frozen=True, slots=True)
class Limits:
    """How much an upload may unpack to (settings IMPORTER_UNPACKED_MAX_BYTES,
    IMPORTER_UNPACKED_MAX_FILES, IMPORTER_MAX_COMPRESSION_RATIO), and the room left for it by
    the uploads already waiting (IMPORTER_UPLOADS_WAITING_MAX_BYTES; None: no such limit)."""

    unpacked_bytes: int
    files: int
    ratio: int
    room: int | None = None

    @classmethod
    def from_settings(cls, waiting: int = 0) -> Limits:
        """The limits, with `waiting` bytes already taken by other uploads."""
        return cls(
            unpacked_bytes=settings.IMPORTER_UNPACKED_MAX_BYTES,
            files=settings.IMPORTER_UNPACKED_MAX_FILES,
            ratio=settings.IMPORTER_MAX_COMPRESSION_RATIO,
            room=max(0, settings.IMPORTER_UPLOADS_WAITING_MAX_BYTES - waiting),
        )

    @property
    def bytes_allowed(self) -> int:
        return self.unpacked_bytes if self.room is None else min(self.unpacked_bytes, self.room)


def too_many_files(limits: Limits) -> ArchiveRefused:
    return ArchiveRefused(
        f"The archive holds more than {limits.files:,} files and folders "
        "(IMPORTER_UNPACKED_MAX_FILES). Nothing was imported."
    )


def too_big(limits: Limits) -> ArchiveRefused:
    if limits.room is not None and limits.room < limits.unpacked_bytes:
        return ArchiveRefused(
            "The uploads waiting for their import (previews not yet confirmed or cancelled) "
            f"already take most of the {describe(settings.IMPORTER_UPLOADS_WAITING_MAX_BYTES)} "
            "they may have together (IMPORTER_UPLOADS_WAITING_MAX_BYTES), and this archive "
            "unpacks to more than the rest. Nothing was imported. Fix: confirm or cancel the "
            "previews waiting (or wait for them to expire), then upload it again."
        )
    return ArchiveRefused(
        f"The archive unpacks to more than {describe(limits.unpacked_bytes)} "
        "(IMPORTER_UNPACKED_MAX_BYTES). Nothing was imported."
    )


def both_names(relative: PurePosixPath) -> ArchiveRefused:
    return ArchiveRefused(f"The archive has a file and a folder both named {relative}.")


def describe(size: int) -> str:
    if size >= 1024 * 1024 * 1024:
        return f"{size / (1024 * 1024 * 1024):g} GB"
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    return f"{size / 1024:g} KB"
