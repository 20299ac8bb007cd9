"""Heading ids as the generators make them from a heading's text (``Generator.heading_slug``)."""

from __future__ import annotations

import re
import unicodedata

# The Unicode categories github-slugger keeps: letters, marks, decimal and letter numbers,
# connector punctuation (``_``).
GITHUB_SLUG_KEPT = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "Pc"})


def github_slug(text: str) -> str:
    """github-slugger, GitHub's heading ids, which Gatsby, Astro, Docusaurus and Jekyll
    (kramdown's GFM parser) follow: lower case, each space a hyphen, and of the rest only
    letters, marks, digits and ``_`` kept: an emoji goes, but the variation selector after it
    (``⚠️``, a mark) stays, as github-slugger keeps it."""
    text = text.lower()
    if text.isascii():
        return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")
    return "".join(
        "-" if char == " " else char
        for char in text
        if char in "- " or unicodedata.category(char) in GITHUB_SLUG_KEPT
    )


def hugo_slug(text: str) -> str:
    """Hugo's ``github`` heading ids (its own code, not github-slugger's): lower case, each
    space and hyphen a hyphen, and of the rest only letters, decimal digits and ``_`` kept; a
    variation selector goes with its emoji."""
    text = text.lower()
    if text.isascii():
        return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")
    return "".join(
        "-" if char in "- " else char
        for char in text
        if char in "-_ " or char.isalpha() or unicodedata.category(char) == "Nd"
    )
