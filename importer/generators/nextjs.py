"""Next.js-style MDX blogs (``@next/mdx``, next-mdx-remote, react.dev): detected by the
package.json that installs ``next``. Its code says where its posts are, so the blog's folder is
found by its posts (``Layout.posts_by_content``: dated Markdown with front matter, never docs
or READMEs), and their old addresses are not known (``--old-url`` gives them). What is read of
them: a post's fields exported from its module instead of
front matter (``export const meta = {…}``, read with a JavaScript parser and never run:
``importer.stages.mdx.meta``), ``.md`` files written in MDX (``importer.stages.mdx``), and
react.dev's heading ids written as comments (``## Actions {/*actions*/}``). The rest is the
shared reading (``Generator``), with GitHub's slugs for other headings.

From the documentation of @next/mdx (nextjs.org/docs/app/guides/mdx) and next-mdx-remote.
"""

from __future__ import annotations

from pathlib import Path

from importer.generators.base import Generator, Layout


class NextJs(Generator):
    name = "nextjs"
    label = "Next.js (MDX)"
    packages = ("next",)

    def layout(self, root: Path, config: Path | None) -> Layout:
        layout = super().layout(root, config)
        layout.asset_roots = [root / "public", root]
        return layout


GENERATOR = NextJs()
