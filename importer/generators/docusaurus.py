"""Docusaurus blogs: what the importer knows of them so far.

Not detected from a site's root yet (``detect`` finds nothing): a Docusaurus blog is imported
from its ``blog/`` folder, whose posts (``2019-05-28-first-post.md``, or a folder with an
``index.md``) are read as any folder of posts. What is read of them is the shared reading
(``Generator``): the date from the file name, ``slug``, ``authors`` given inline (a key into
``authors.yml`` is shown as written), MDX (``importer.stages.mdx``), explicit heading ids
(``## Title {#id}``) and otherwise GitHub's slugs, which Docusaurus uses too. Admonitions
(``:::note``) are not read as callouts yet.

From Docusaurus's documentation: the blog plugin (docusaurus.io/docs/blog), Markdown features
(docusaurus.io/docs/markdown-features/headings, /admonitions).
"""

from __future__ import annotations

from importer.generators.base import Generator


class Docusaurus(Generator):
    name = "docusaurus"
    label = "Docusaurus"


GENERATOR = Docusaurus()
