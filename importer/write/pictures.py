"""The one gate every picture passes on its way into the image library, whether it was found in
the imported site's folders (an upload's included) or downloaded with ``--fetch-images``.

A picture is judged by its bytes, never by its name: Pillow must decode it as a format the
library serves (its stored name then gets that format's extension), or the SVG cleaner must
make a safe drawing of it (stored as ``.svg``). Anything else (a web page, a PDF, a picture
too large to render) is refused, with the reason in words for the post's report. A file the
library stored under the wrong name would make every page that shows it fail to render.
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from pathlib import PurePosixPath

from PIL import Image as PILImage

from importer.write.svg import UnusableSvg, clean_svg

MAX_PIXELS = 50_000_000
"""Larger pictures (a 7,000 x 7,000 photo) would take hundreds of MB to decode and render."""
# What Wagtail's image library serves, by Pillow's format name, with the extension to store.
# MPO is how Pillow names the JPEG files many cameras write (a JPEG with a preview inside).
FORMATS = {
    "PNG": ".png",
    "JPEG": ".jpg",
    "MPO": ".jpg",
    "GIF": ".gif",
    "WEBP": ".webp",
    "AVIF": ".avif",
}
SAME_FORMAT = {".jpeg": ".jpg"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# How each format the library serves begins, to tell a damaged picture from something else.
SIGNATURES = {
    PNG_SIGNATURE: "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
}
SVG_REFUSAL = "is an SVG that cannot be made safe: "
NOT_A_PICTURE = "is not a PNG, JPEG, GIF, WebP, AVIF or usable SVG picture"


class RefusedPicture(Exception):
    """Why a file is not a picture the library can store, as the end of a sentence that starts
    with the picture's name ("has more than 50 million pixels")."""


def checked_picture(name: str, data: bytes, *, decode: bool = True) -> tuple[str, bytes, str]:
    """`data` as the library stores it: (file name, bytes, note). The name keeps `name`'s stem
    with the extension of what the bytes are; the note, for the report, says what was changed
    to make it safe or readable ("" when nothing was). Raises ``RefusedPicture``.

    Without `decode`, a raster picture is judged by its header alone (format and size), as
    ``--analyze`` does to predict what the import will refuse without its cost."""
    stem = PurePosixPath(name).stem or "image"
    extension = PurePosixPath(name).suffix.lower()
    data, found, note = raster(data, decode)
    if found:
        if SAME_FORMAT.get(extension) == found:
            found = extension  # .jpeg stays .jpeg
        return stem + found, data, note
    if extension != ".svg" and not looks_like_markup(data):
        raise RefusedPicture(f"{NOT_A_PICTURE} (its content is none of them)")
    try:
        cleaned = clean_svg(data)
    except UnusableSvg as error:
        if extension == ".svg":
            raise RefusedPicture(f"{SVG_REFUSAL}{error}") from error
        raise RefusedPicture(f"{NOT_A_PICTURE} ({error})") from error
    if not cleaned.removed:
        return stem + ".svg", cleaned.data, ""
    shown = ", ".join(cleaned.removed[:6])
    more = f" and {len(cleaned.removed) - 6} more" if len(cleaned.removed) > 6 else ""
    return (
        stem + ".svg",
        cleaned.data,
        (
            f"is an SVG with parts not known to only draw, removed for safety: {shown}{more}. "
            "The rest of the drawing was kept"
        ),
    )


def raster(data: bytes, decode: bool = True) -> tuple[bytes, str, str]:
    """(bytes, extension, note) for a picture Pillow decodes in full as a format the library
    serves; extension "" when `data` is not such a picture at all. A PNG whose only fault is a
    wrong checksum (browsers show those) comes back with its checksums corrected, and a note.
    Raises ``RefusedPicture`` for one too large, damaged, or in a format not served."""
    try:
        return data, decoded_extension(data, decode), ""
    except RefusedPicture:
        if not data.startswith(PNG_SIGNATURE):
            raise
        repaired = with_png_checksums_corrected(data)
        if repaired == data:
            raise
        extension = decoded_extension(repaired, decode)
        return (
            repaired,
            extension,
            ("is a PNG with wrong checksums, which browsers ignore; they were corrected"),
        )


def decoded_extension(data: bytes, decode: bool = True) -> str:
    """The extension of the format Pillow decodes `data` as; "" when it isn't a picture Pillow
    knows. Raises ``RefusedPicture`` for a picture too large, damaged, or not served."""
    signature = next((kind for start, kind in SIGNATURES.items() if data.startswith(start)), "")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as image:
                extension = FORMATS.get(image.format or "", "")
                if not extension:
                    raise RefusedPicture(
                        f"is a {image.format} picture, a format the site doesn't show"
                    )
                if image.width * image.height > MAX_PIXELS:
                    raise too_large()
                if decode:
                    image.load()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as error:
        raise too_large() from error
    except PILImage.UnidentifiedImageError as error:
        if signature:
            raise RefusedPicture(f"is a damaged {signature} picture") from error
        return ""
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
        kind = f"{signature} picture" if signature else "picture"
        raise RefusedPicture(f"is a damaged {kind} ({error})") from error
    return extension


def too_large() -> RefusedPicture:
    return RefusedPicture(f"has more than {MAX_PIXELS // 1_000_000} million pixels")


def with_png_checksums_corrected(data: bytes) -> bytes:
    """`data`, a PNG, with each chunk's CRC recomputed; `data` itself when its chunks can't be
    walked (a truncated file). Only the checksums change: what is drawn is what the file says."""
    out = bytearray(data[:8])
    position = 8
    while position + 8 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        end = position + 8 + length
        if end + 4 > len(data):
            return data
        chunk = data[position + 4 : end]  # type and content
        out += data[position : position + 4] + chunk
        out += struct.pack(">I", zlib.crc32(chunk) & 0xFFFFFFFF)
        position = end + 4
        if chunk[:4] == b"IEND":
            return bytes(out + data[position:])
    return data


def looks_like_markup(data: bytes) -> bool:
    """Whether `data` starts as an XML document would (after a byte-order mark and spaces)."""
    head = data[:512]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # UTF-16, which only a text file would be in
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")
