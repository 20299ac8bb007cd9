"""Heading ids as the old generator made them, so in-page links (``#code``) keep working.

Each generator slugs a heading's text its own way; ``SLUG_RULES`` names them. GitHub's rule
(github-slugger) is the common one: Gatsby and Astro use it, and Jekyll (kramdown's GFM parser)
and Hugo (Goldmark's default ``github`` ids) follow it, so it is the default.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote


def github_slug(text: str) -> str:
    """github-slugger: lower case, punctuation and symbols removed, each space a hyphen."""
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def markdown_it_anchor_slug(text: str) -> str:
    """markdown-it-anchor's default, as on Eleventy sites: runs of white space become one
    hyphen, and what a URL can't hold is percent-encoded (as JavaScript's encodeURIComponent)."""
    return quote(re.sub(r"\s+", "-", text.strip().lower()), safe="!*'()")


SLUG_RULES: dict[str, Callable[[str], str]] = {
    "github": github_slug,
    "gatsby": github_slug,
    "astro": github_slug,
    "jekyll": github_slug,
    "hugo": github_slug,
    "eleventy": markdown_it_anchor_slug,
}


class HeadingIds:
    """The ids of one post's headings: an explicit id is kept, the others are slugged, and a
    repeated slug gets ``-1``, ``-2``... as every one of these generators does."""

    def __init__(self, rule: str = "github"):
        self.slug = SLUG_RULES.get(rule, github_slug)
        self.taken: set[str] = set()

    def explicit(self, anchor: str) -> str:
        self.taken.add(anchor)
        return anchor

    def generated(self, text: str) -> str:
        slug = self.slug(text)
        if not slug:
            return ""
        unique, number = slug, 1
        while unique in self.taken:
            unique = f"{slug}-{number}"
            number += 1
        self.taken.add(unique)
        return unique
