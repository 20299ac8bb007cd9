"""Heading ids as the old generator made them, so in-page links (``#code``) keep working.

Each generator slugs a heading's text its own way (``Generator.heading_slug``); the run's
``heading_ids`` option names the generator whose rule is followed. GitHub's rule (github-slugger)
is the common one, and the default: Gatsby, Astro, Docusaurus, Jekyll (kramdown's GFM parser)
and Hugo (Goldmark's default ``github`` ids) follow it; Eleventy's markdown-it-anchor does not.
"""

from __future__ import annotations

from importer.generators import generator_named


class HeadingIds:
    """The ids of one post's headings: an explicit id is kept, the others are slugged by the
    generator's rule, and a repeated slug gets ``-1``, ``-2``... as every one of these
    generators does."""

    def __init__(self, rule: str = "github"):
        self.slug = generator_named(rule).heading_slug
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
