"""The pure stages of one post, each a small function over typed values; none of them touches
the database (stage 7, ``importer.write``, does).

1. ``read``: bytes to text. 2. ``repair``: mojibake undone with ftfy. 3. ``parse``: front
matter to a ``SourcePost``. 4. ``expand``: template tags (``expand``, ``tags``) or MDX (``mdx``)
to Markdown. 5. ``render``: Markdown to HTML. 6. ``convert``: HTML to StreamField blocks.

``STAGES`` names them in order (``pipeline``); ``OUTLINE_STAGES`` reads a post's fields only.
``limits`` bounds what one post may cost.
"""

from importer.stages.convert.state import RichTextNormaliser
from importer.stages.limits import cpu_budget, read_file
from importer.stages.pipeline import (
    OUTLINE_STAGES,
    STAGES,
    RunContext,
    Stage,
    build_context,
    run_stage,
    run_stages,
)

__all__ = [
    "OUTLINE_STAGES",
    "STAGES",
    "RichTextNormaliser",
    "RunContext",
    "Stage",
    "build_context",
    "cpu_budget",
    "read_file",
    "run_stage",
    "run_stages",
]
