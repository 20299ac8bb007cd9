"""Stage 4 for MDX posts: JSX and JavaScript expressions become the Markdown they showed
(``expand``), found as MDX finds them (``scan``) and rewritten (``rewrite``); the fields an MDX
post exports instead of front matter (``meta``)."""

from importer.stages.mdx.expand import expand_mdx, image_imports, looks_like_mdx
from importer.stages.mdx.meta import exported_meta

__all__ = ["expand_mdx", "exported_meta", "image_imports", "looks_like_mdx"]
