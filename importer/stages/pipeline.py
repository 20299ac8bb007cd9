"""The import pipeline: the pure stages of one post, named and in order, top to bottom.

``STAGES`` runs read, repair, parse, expand, render and convert (stages 1 to 6); write
(``importer.write.writer``, stage 7) and report (``importer.run.report``, stage 8) follow. Each
stage takes the ``PostDraft`` and the per-run ``RunContext`` and returns the draft with its own
field filled in; none of them touches the database. A post nested too deeply for a stage fails
with a message naming the stage (``run_stage``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from markdown_it import MarkdownIt

from importer.common import ImporterError, PostDraft, PostWarning, RunOptions, WarningCode
from importer.generators import generator_named
from importer.stages.convert import RichTextNormaliser, convert_html
from importer.stages.convert.state import Normaliser
from importer.stages.expand import expand_templates
from importer.stages.mdx import expand_mdx, image_imports, looks_like_mdx
from importer.stages.parse import outline_lines, parse_post
from importer.stages.read import decode_bytes
from importer.stages.render import build_parser, render_markdown
from importer.stages.repair import repair_text


@dataclass(slots=True)
class RunContext:
    """What every post of a run shares, built once: options, parser, rich text normaliser."""

    options: RunOptions
    parser: MarkdownIt
    normalise: Normaliser


def build_context(options: RunOptions) -> RunContext:
    return RunContext(
        options=options,
        parser=build_parser(),
        normalise=RichTextNormaliser(options.paragraph_features, options.quote_features),
    )


def noted(draft: PostDraft, code: WarningCode, messages: list[str]) -> list[PostWarning]:
    """The draft's warnings and the stage's new ones."""
    return [*draft.warnings, *(PostWarning(message, code, str(draft.path)) for message in messages)]


def read(draft: PostDraft, ctx: RunContext) -> PostDraft:
    text, _encoding = decode_bytes(draft.raw)
    return replace(draft, text=text, content_hash=hashlib.sha256(draft.raw).hexdigest())


def repair(draft: PostDraft, ctx: RunContext) -> PostDraft:
    text, repairs = repair_text(draft.text)
    return replace(draft, text=text, repairs=repairs)


def repair_outline(draft: PostDraft, ctx: RunContext) -> PostDraft:
    """The repair stage for the lines an outline reads only (see OUTLINE_STAGES)."""
    text, repairs = repair_text(draft.text, only=outline_lines(draft.text))
    return replace(draft, text=text, repairs=repairs)


def parse(draft: PostDraft, ctx: RunContext) -> PostDraft:
    generator = generator_named(draft.generator)
    modified = file_modified(draft.path)
    post = parse_post(draft.text, draft.path, ctx.options, modified, generator)
    return replace(draft, post=post, warnings=noted(draft, WarningCode.PARSE, list(post.warnings)))


def file_modified(path: Path) -> dt.datetime | None:
    """When the file was last changed, which dates a post that has no date of its own, as
    Eleventy does; None when the file can't be asked."""
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
    except OSError:
        return None


def expand(draft: PostDraft, ctx: RunContext) -> PostDraft:
    assert draft.post is not None
    if looks_like_mdx(draft.path, draft.post.body):
        markdown, warnings = expand_mdx(draft.post.body, image_imports(draft.text))
    else:
        markdown, warnings = expand_templates(draft.post.body, draft.post.variables)
    return replace(draft, markdown=markdown, warnings=noted(draft, WarningCode.EXPAND, warnings))


def render(draft: PostDraft, ctx: RunContext) -> PostDraft:
    return replace(draft, html=render_markdown(draft.markdown, ctx.parser))


def convert(draft: PostDraft, ctx: RunContext) -> PostDraft:
    assert draft.post is not None
    blocks, images, warnings = convert_html(
        draft.html,
        ctx.options,
        ctx.normalise,
        title=draft.post.title,
        intro=draft.post.description,
        date=draft.post.date,
        authors=tuple(author.name for author in draft.post.authors),
    )
    warnings = noted(draft, WarningCode.CONVERT, warnings)
    return replace(draft, blocks=blocks, images=images, warnings=warnings)


Stage = Callable[[PostDraft, RunContext], PostDraft]

STAGES: list[tuple[str, Stage]] = [
    ("read", read),
    ("repair", repair),
    ("parse", parse),
    ("expand", expand),
    ("render", render),
    ("convert", convert),
]
# A run first reads every post's outline, to plan links between posts and write the oldest first:
# its fields but the body, parsed with only the lines they come from repaired, which gives them
# as STAGES does for far less work. Each post then goes through STAGES as the writer reaches it.
OUTLINE_STAGES: list[tuple[str, Stage]] = [
    ("read", read),
    ("repair", repair_outline),
    ("parse", parse),
]


def run_stages(draft: PostDraft, ctx: RunContext, stages: list[tuple[str, Stage]]) -> PostDraft:
    """Run `stages` in order; raises ``ImporterError`` naming what is wrong with the post."""
    for name, stage in stages:
        draft = run_stage(name, stage, draft, ctx)
    return draft


def run_stage(name: str, stage: Stage, draft: PostDraft, ctx: RunContext) -> PostDraft:
    """One stage; a post nested too deeply for it (thousands of elements, lists or brackets
    inside one another) fails with a message saying so, not Python's RecursionError."""
    try:
        return stage(draft, ctx)
    except RecursionError as error:
        raise ImporterError(
            f"the post is nested too deeply to {name} (its HTML elements, lists, quotes or "
            "front matter values sit inside one another hundreds of levels deep).",
            field="front matter" if name == "parse" else "body",
            fix="flatten the deepest nesting (a page cannot show it either) and import again.",
        ) from error
