"""Stage 1, read: the bytes of a file become text without losing a character.

Old blogs were saved by many editors: UTF-8 with or without a byte-order mark, Windows line
endings, and now and then a file saved as Windows-1252 or Latin-1. Decoding never uses
``errors="replace"``: a character silently turned into "?" is a loss nobody would notice.
"""

from __future__ import annotations

import codecs

from importer.common import ImporterError

# The order matters: UTF-8 is strict and rarely decodes text that is not UTF-8, so it goes
# first; Windows-1252 leaves five bytes undefined, and Latin-1 (which defines all 256) is the
# last resort that always succeeds.
FALLBACK_ENCODINGS = ("cp1252", "latin-1")

# Bytes that never occur in text files but always occur in images, archives and executables.
BINARY_BYTES = b"\x00\x01\x02\x03\x04\x05\x06\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17"
# How much of a file's start is looked at for them.
BINARY_TEST_BYTES = 8192


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` for a post's bytes, with line endings normalised to ``\\n``.

    Raises ``ImporterError`` for empty and binary files.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return normalise_newlines(raw.decode("utf-16")), "utf-16"
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    if not raw.strip():
        raise ImporterError(
            "the file is empty.", fix="write the post, or remove the file from the import."
        )
    if is_binary(raw[:BINARY_TEST_BYTES]):
        raise ImporterError(
            "the file is binary, not text (it contains control bytes such as NUL).",
            fix="import only Markdown files; move images next to the post or into --assets.",
        )
    try:
        return normalise_newlines(raw.decode("utf-8")), encoding
    except UnicodeDecodeError:
        pass
    for fallback in FALLBACK_ENCODINGS:
        try:
            return normalise_newlines(raw.decode(fallback)), fallback
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def is_binary(head: bytes) -> bool:
    # Deleting the bytes and comparing lengths runs in C; a set of the bytes made an integer
    # of each one, and was most of the time a post took to read.
    return len(head.translate(None, BINARY_BYTES)) != len(head)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
