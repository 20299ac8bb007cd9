"""Unpacking an uploaded old site (.zip or .tar.gz) into a folder nothing in it can get out of.

Every member's name is checked before anything is written: absolute names, drive letters and
``..`` refuse the whole archive, as only a crafted archive has them. Links (tar's symbolic and
hard links, zip's symbolic links) and device files are left out, with a note: a link could
point anywhere on the server. Files are created new (never through an existing path), and
every limit is checked on the bytes as they are unpacked, since an archive's own sizes can lie.
"""

from __future__ import annotations

import gzip
import lzma
import os
import re
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.conf import settings

CHUNK = 64 * 1024
# Small files may compress far better than the ratio allows (a page of spaces, an empty
# JSON list repeated): files past the ratio may unpack to this much, all of them together. (An
# allowance per file let a zip of a thousand small ones unpack to a GB.)
RATIO_FREE_BYTES = 1024 * 1024
# A zip's table of contents is read whole before any member is: each entry takes 46 bytes and
# its name, so a table far bigger than the allowed files would need is refused unread.
TABLE_BYTES_PER_FILE = 1024
# Mac's archiver adds these beside every file: metadata, not part of the site.
MAC_METADATA = "__MACOSX"
MAC_NOTE = "Mac metadata files (__MACOSX)"
LINK_NOTE = "links (a link could point outside the upload)"
SPECIAL_NOTE = "special files (devices, pipes)"
# Real sites nest a dozen folders at most; thousands would make the walks and deletes of the
# folder (os.walk, shutil.rmtree) recurse past Python's limit, and leave it undeletable.
MAX_DEPTH = 32
# The longest name a member may have, in UTF-8 bytes (Linux allows 4,096 for a whole path).
MAX_NAME_BYTES = 1024
# A zip's local file header is at least this long, before the member's name and data.
ZIP_LOCAL_HEADER = 30


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


@dataclass(slots=True)
class Unpacked:
    """What unpacking wrote, and what it left out (one note per kind)."""

    files: int = 0
    bytes: int = 0
    left_out: dict[str, list[str]] = field(default_factory=dict)

    def leave_out(self, why: str, name: str) -> None:
        self.left_out.setdefault(why, []).append(name)

    def notes(self) -> list[str]:
        notes = []
        for why, names in self.left_out.items():
            shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
            notes.append(f"Left out {len(names)} {why}: {shown}.")
        return notes


def unpack(archive: BinaryIO, destination: Path, limits: Limits) -> Unpacked:
    """Unpack `archive` (a .zip, or a .tar.gz, known by its first bytes) into the empty folder
    `destination`; raises ArchiveRefused, leaving what was written for the caller to delete."""
    head = archive.read(4)
    archive.seek(0)
    writer = Writer(destination, limits)
    try:
        if head[:2] == b"PK":
            unpack_zip(archive, writer)
        elif head[:2] == b"\x1f\x8b":
            unpack_tar(archive, writer)
        else:
            raise ArchiveRefused("The file is not a .zip or .tar.gz archive.")
    except (zipfile.BadZipFile, tarfile.TarError, gzip.BadGzipFile, zlib.error, EOFError) as error:
        raise ArchiveRefused(f"The archive is damaged or incomplete ({error}).") from error
    except lzma.LZMAError as error:
        raise ArchiveRefused(f"The archive is damaged or incomplete ({error}).") from error
    except UnicodeDecodeError as error:
        raise ArchiveRefused(
            "The archive says its file names are UTF-8 text, and one is not. Nothing was imported."
        ) from error
    except RecursionError as error:
        raise ArchiveRefused("The archive's folders are nested too deeply to unpack.") from error
    except NotImplementedError as error:
        raise ArchiveRefused(f"The archive can't be read here ({error}).") from error
    except OSError as error:
        raise ArchiveRefused(f"The archive could not be unpacked ({error.strerror}).") from error
    return writer.unpacked


def member_path(name: str) -> PurePosixPath | None:
    """Where a member named `name` goes, relative to the folder; None for the folder itself.
    A name that would land anywhere else refuses the archive."""
    cleaned = name.replace("\\", "/")
    if "\x00" in cleaned:
        raise ArchiveRefused(f"The archive has a file name with a NUL character: {name!r}.")
    try:
        encoded = cleaned.encode("utf-8")
    except UnicodeEncodeError as error:
        # tarfile keeps the bytes of a name that isn't UTF-8 as lone surrogates, which nothing
        # after this (the database, the run's page) can store or show.
        shown = cleaned.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        raise ArchiveRefused(
            f"The archive has a file name that is not UTF-8 text: {shown} (the characters "
            "shown as �). Rename it, or pack the site again with UTF-8 names. Nothing was "
            "imported."
        ) from error
    if cleaned.startswith("/") or re.match(r"[A-Za-z]:", cleaned):
        raise ArchiveRefused(
            f"The archive names a file by an absolute path ({name}); an archive of a site "
            "names its files inside it. Nothing was imported."
        )
    parts = [part for part in cleaned.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise ArchiveRefused(
            f"The archive names a file outside itself ({name}). Nothing was imported."
        )
    if len(parts) > MAX_DEPTH:
        raise ArchiveRefused(
            f"The archive has folders more than {MAX_DEPTH} deep ({'/'.join(parts[:3])}/…); "
            "a site's are a dozen at most. Nothing was imported."
        )
    if len(encoded) > MAX_NAME_BYTES:
        raise ArchiveRefused(
            f"The archive has a file name longer than {MAX_NAME_BYTES:,} bytes "
            f"({cleaned[:80]}…). Nothing was imported."
        )
    return PurePosixPath(*parts) if parts else None


class Writer:
    """Writes members under one folder, counting what is written against the limits.

    The folder is new and private (see uploads.unpack_upload) and nothing here makes a link, so
    the only paths under it are the files and folders written here."""

    def __init__(self, root: Path, limits: Limits):
        self.root = root
        self.limits = limits
        self.unpacked = Unpacked()
        self.entries = 0
        self.folders: set[PurePosixPath] = set()
        # What files past the compression ratio may still unpack to (see RATIO_FREE_BYTES).
        self.ratio_free = RATIO_FREE_BYTES

    def count_entry(self) -> None:
        self.entries += 1
        if self.entries > self.limits.files:
            raise too_many_files(self.limits)

    def count_bytes(self, size: int) -> None:
        self.unpacked.bytes += size
        if self.unpacked.bytes > self.limits.bytes_allowed:
            raise too_big(self.limits)

    def past_ratio(self, unpacked: int, compressed: int) -> bool:
        return unpacked > self.limits.ratio * max(compressed, 1)

    def check_ratio(self, unpacked: int, compressed: int, name: str) -> None:
        if self.past_ratio(unpacked, compressed) and unpacked > self.ratio_free:
            raise ArchiveRefused(
                f"{name} unpacks to more than {self.limits.ratio} times its compressed size "
                "(IMPORTER_MAX_COMPRESSION_RATIO): the archive looks built to fill the disk. "
                "Nothing was imported."
            )

    def spend_ratio_allowance(self, unpacked: int, compressed: int) -> None:
        """A file, once written, that went past the ratio takes its size from the allowance."""
        if self.past_ratio(unpacked, compressed):
            self.ratio_free -= unpacked

    def directory(self, relative: PurePosixPath) -> None:
        """Make the folder `relative` and those it is in, each counted once as an entry: the
        folders a file's name implies take room too, listed or not."""
        folders = [*reversed(relative.parents[:-1]), relative]
        new = [folder for folder in folders if folder not in self.folders]
        for folder in new:
            self.count_entry()
            self.folders.add(folder)
        if not new:
            return
        path = self.root.joinpath(*relative.parts)
        try:
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError) as error:
            raise both_names(relative) from error

    def file(self, relative: PurePosixPath, chunks: Iterator[bytes]) -> None:
        """Write a member's bytes, as they come, to a file that must not exist yet."""
        self.count_entry()
        if len(relative.parts) > 1:
            self.directory(relative.parent)
        path = self.root.joinpath(*relative.parts)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            descriptor = os.open(path, flags, 0o600)
        except (FileExistsError, NotADirectoryError, IsADirectoryError) as error:
            if path.is_file():
                raise ArchiveRefused(f"The archive lists {relative} more than once.") from error
            raise both_names(relative) from error
        with os.fdopen(descriptor, "wb") as file:
            for chunk in chunks:
                self.count_bytes(len(chunk))
                file.write(chunk)
        self.unpacked.files += 1


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


def unpack_zip(archive: BinaryIO, writer: Writer) -> None:
    limits = writer.limits
    if central_directory_size(archive) > limits.files * TABLE_BYTES_PER_FILE:
        raise too_many_files(limits)
    archive_size = archive.seek(0, os.SEEK_END)
    archive.seek(0)
    with zipfile.ZipFile(archive) as zipped:
        members = zipped.infolist()
        if len(members) > limits.files:
            raise too_many_files(limits)
        refuse_overlaps(members)
        for info in members:
            relative = member_path(info.filename)
            if relative is None:
                continue
            kind = stat.S_IFMT(info.external_attr >> 16)
            if relative.parts[0] == MAC_METADATA:
                writer.unpacked.leave_out(MAC_NOTE, info.filename)
            elif kind == stat.S_IFLNK:
                writer.unpacked.leave_out(LINK_NOTE, info.filename)
            elif info.is_dir() or kind == stat.S_IFDIR:
                writer.directory(relative)
            elif kind not in (0, stat.S_IFREG):
                writer.unpacked.leave_out(SPECIAL_NOTE, info.filename)
            elif info.flag_bits & 0x1:
                raise ArchiveRefused("The archive is encrypted: upload one without a password.")
            else:
                # A member's compressed bytes are at most the whole archive, whatever its
                # header says.
                compressed = min(info.compress_size, archive_size)
                writer.file(relative, zip_chunks(zipped, info, compressed, writer))


def refuse_overlaps(members: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip whose members share bytes: one kernel of compressed data named by many
    entries unpacks to far more than the archive holds. (CPython checks this itself from 3.12.)"""
    starts = sorted(members, key=lambda info: info.header_offset)
    for info, following in zip(starts, starts[1:], strict=False):
        end = info.header_offset + ZIP_LOCAL_HEADER + info.compress_size
        if end > following.header_offset:
            raise ArchiveRefused(
                f"The archive's files {info.filename} and {following.filename} overlap: only an "
                "archive built to unpack to far more than it holds does that. Nothing was "
                "imported."
            )


def zip_chunks(
    zipped: zipfile.ZipFile, info: zipfile.ZipInfo, compressed: int, writer: Writer
) -> Iterator[bytes]:
    unpacked = 0
    with zipped.open(info) as member:
        while chunk := member.read(CHUNK):
            unpacked += len(chunk)
            writer.check_ratio(unpacked, compressed, info.filename)
            yield chunk
    writer.spend_ratio_allowance(unpacked, compressed)


def central_directory_size(archive: BinaryIO) -> int:
    """The size of a zip's table of contents, from its end record (zip64 too): ZipFile reads
    that many bytes into memory, and makes an object per entry, before any member is read."""
    # zipfile's own reader of the end record: the format's corner cases (zip64, comments) are
    # all in it, and ZipFile goes by the same figure.
    end = zipfile._EndRecData(archive)  # noqa: SLF001
    archive.seek(0)
    if end is None:
        raise ArchiveRefused("The archive is damaged or incomplete (it has no zip end record).")
    return end[zipfile._ECD_SIZE]  # noqa: SLF001


def unpack_tar(archive: BinaryIO, writer: Writer) -> None:
    # Decompressed here rather than by tarfile, so that every byte tarfile reads, headers
    # included, is counted against the limits as it is read.
    stream = CountingStream(gzip.GzipFile(fileobj=archive, mode="rb"), archive, writer)
    with tarfile.open(fileobj=stream, mode="r|", tarinfo=BoundedTarInfo) as tar:
        for member in tar:
            relative = member_path(member.name)
            if relative is None:
                continue
            if relative.parts[0] == MAC_METADATA:
                writer.unpacked.leave_out(MAC_NOTE, member.name)
            elif member.issym() or member.islnk():
                writer.unpacked.leave_out(LINK_NOTE, member.name)
            elif member.isdir():
                writer.directory(relative)
            elif member.issparse():
                # A sparse member's holes are made by tarfile, not read from the archive, so
                # they would pass the byte counts unseen.
                raise ArchiveRefused(
                    f"The archive has a sparse file ({member.name}); pack the site without "
                    "--sparse. Nothing was imported."
                )
            elif member.isreg():
                source = tar.extractfile(member)
                assert source is not None
                writer.file(relative, iter(lambda source=source: source.read(CHUNK), b""))
            else:
                writer.unpacked.leave_out(SPECIAL_NOTE, member.name)


# A long file name or extended header is read whole into memory by tarfile; real ones are a
# few hundred bytes.
MAX_TAR_HEADER = 64 * 1024
LONG_HEADERS = (
    tarfile.GNUTYPE_LONGNAME,
    tarfile.GNUTYPE_LONGLINK,
    tarfile.XHDTYPE,
    tarfile.XGLTYPE,
    tarfile.SOLARIS_XHDTYPE,
)


class BoundedTarInfo(tarfile.TarInfo):
    """A tar member whose extended headers are refused past MAX_TAR_HEADER, before tarfile
    reads them into memory."""

    @classmethod
    def frombuf(cls, buf, encoding, errors):
        member = super().frombuf(buf, encoding, errors)
        if member.type in LONG_HEADERS and member.size > MAX_TAR_HEADER:
            raise ArchiveRefused(
                f"The archive has a header of {describe(member.size)}; real ones are a few "
                "hundred bytes. Nothing was imported."
            )
        return member


class CountingStream:
    """The decompressed archive, for tarfile: refuses to go past the unpacked limit (tar's own
    headers count too), or past the compression ratio of the compressed bytes read so far (a
    .tar.gz's files are compressed together, so the ratio is the whole archive's)."""

    def __init__(self, unzipped: gzip.GzipFile, compressed: BinaryIO, writer: Writer):
        self.unzipped = unzipped
        self.compressed = compressed
        self.writer = writer
        self.read_bytes = 0
        # Tar pads every file to 512 bytes and adds a header to each: room for those.
        self.cap = writer.limits.bytes_allowed + 1024 * (writer.limits.files + 10)

    def read(self, size: int = -1) -> bytes:
        room = self.cap - self.read_bytes
        data = self.unzipped.read(room + 1 if size < 0 else min(size, room + 1))
        self.read_bytes += len(data)
        if self.read_bytes > self.cap:
            raise too_big(self.writer.limits)
        self.writer.check_ratio(self.read_bytes, self.compressed.tell(), "The archive")
        return data


def describe(size: int) -> str:
    if size >= 1024 * 1024 * 1024:
        return f"{size / (1024 * 1024 * 1024):g} GB"
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    return f"{size / 1024:g} KB"
