"""Docusaurus blogs: what the importer knows of them so far.

Not detected from a site's root yet (``detect`` finds nothing): a Docusaurus blog is imported
from its ``blog/`` folder, whose posts (``2019-05-28-first-post.md``, or a folder with an
``index.md``) are read as any folder of posts. What is read of them is the shared reading
(``Generator``): the date from the file name, ``slug``, MDX (``importer.stages.mdx``),
explicit heading ids (``## Title {#id}``) and otherwise GitHub's slugs, which Docusaurus uses
too. Admonitions (``:::note``) become callout blocks (``importer.generators.callouts``).

From Docusaurus's documentation: the blog plugin (docusaurus.io/docs/blog), Markdown features
(docusaurus.io/docs/markdown-features/headings, /admonitions).

Authors and cover (``authors``, ``author_data``, ``cover``), from the blog plugin's
documentation (docusaurus.io/docs/blog#blog-post-authors, /api/plugins/
@docusaurus/plugin-content-blog#markdown-front-matter): ``authors`` is a key of the blog's
``authors.yml`` (its ``authorsMapPath``, beside the posts), an inline author
(``name``, ``title``, ``url``, ``image_url``) or a list of both; a key the file lacks fails
Docusaurus's build, so the importer shows the key and warns. The older single-author fields
(``author``, ``author_url``, ``author_image_url``) are read as well. ``image`` is the post's
picture for shared links only: the classic theme doesn't show it on the post's page, so a post
whose ``image`` becomes the page's feature image is told so in its report row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from importer.generators.authors import (
    AuthorMap,
    Authors,
    PostPlace,
    author_map,
    read_authors,
    with_inline_facts,
)
from importer.generators.base import Generator
from importer.generators.covers import Cover, from_fields

AUTHOR_FILES = ("authors.yml", "authors.yaml", "authors.json")
SHARE_ONLY = (
    "The old site used the picture '{src}' (its 'image') only for shared links, not on the "
    "post's page; it is the new page's feature image, shown above the post."
)


class Docusaurus(Generator):
    name = "docusaurus"
    label = "Docusaurus"

    def author_data(self, place: PostPlace) -> AuthorMap:
        """The blog's authors file: in the post's folder or the nearest one above it (a post
        may be a folder of its own), within the import folder."""
        for folder in place.folders_up():
            found = author_map(folder / name for name in AUTHOR_FILES)
            if found.files:
                return found
        return AuthorMap()

    def authors(self, front_matter: dict[str, Any], place: PostPlace) -> Authors:
        data = self.author_data(place)
        where = " or ".join(data.files) or "authors.yml (the blog has none)"
        keyed = front_matter.get("authors")
        if keyed not in (None, "", []):
            return read_authors([keyed], data, where, keys=True)
        legacy = front_matter.get("author")
        return with_inline_facts(
            read_authors([legacy] if legacy else [], data, where), front_matter
        )

    def cover(self, front_matter: dict[str, Any], path: Path) -> Cover:
        cover = from_fields([front_matter], ("image",))
        if not cover.src:
            return cover
        return Cover(cover.src, cover.alt, SHARE_ONLY.format(src=cover.src))


GENERATOR = Docusaurus()
