"""Next.js-style MDX blogs (``@next/mdx``, next-mdx-remote, react.dev): what the importer knows
of them so far.

Not detected from a site's root yet (``detect`` finds nothing): such a blog is imported from the
folder of its posts. What is read of them: a post's fields exported from its module instead of
front matter (``export const meta = {…}``, read with a JavaScript parser and never run:
``importer.stages.mdx.meta``), ``.md`` files written in MDX (``importer.stages.mdx``), and
react.dev's heading ids written as comments (``## Actions {/*actions*/}``). The rest is the
shared reading (``Generator``), with GitHub's slugs for other headings.

From the documentation of @next/mdx (nextjs.org/docs/app/guides/mdx) and next-mdx-remote.
"""

from __future__ import annotations

from importer.generators.base import Generator


class NextJs(Generator):
    name = "nextjs"
    label = "Next.js (MDX)"


GENERATOR = NextJs()
