"""Stage 3, parse: a post's front matter (``front_matter``) and file name become a
``SourcePost`` (``post``), dated as its author meant (``dates``)."""

from importer.stages.parse.post import outline_lines, parse_post

__all__ = ["outline_lines", "parse_post"]
