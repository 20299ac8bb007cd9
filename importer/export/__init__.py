"""The export: the blog's pages as the posts of a static site, in the form the chosen
generator reads (``importer.generators``: where it keeps a post, its pictures, its tags), which
``import_posts`` reads back to equal pages.

``read`` is its one look at the database; ``files`` plans each post's file and writes the files;
``markdown``, ``markdown_inline`` and ``booking`` write a body's blocks as Markdown.
"""

from importer.export.files import FORMATS, plan_export, site_files, write_export
from importer.export.read import Selection, read_image, read_posts

__all__ = [
    "FORMATS",
    "Selection",
    "plan_export",
    "read_image",
    "read_posts",
    "site_files",
    "write_export",
]
