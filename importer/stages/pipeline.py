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
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from importer.common.post import ImporterError, PostDraft, RunOptions
from importer.stages.convert.document import Normaliser, convert_html
from importer.stages.expand import expand_templates
from importer.stages.mdx.expand import expand_mdx, image_imports, looks_like_mdx
from importer.stages.parse.post import outline_lines, parse_post
from importer.stages.read import decode_bytes
from importer.stages.render import build_parser, render_markdown
from importer.stages.repair import repair_text
from importer.wagtail_internals import editor_round_trip
from importer.write.assets import AssetIndex, inside, real_path


@dataclass(slots=True)
class RunContext:
    """What every post of a run shares, built once: options, parser, converter, assets."""

    options: RunOptions
    parser: MarkdownIt
    normalise: Normaliser
    assets: AssetIndex


class RichTextNormaliser:
    """Pass rich text through Wagtail's own editor converter (HTML -> Draftail -> HTML).

    The admin does exactly this when an editor opens and saves a page, so text that has been
    through it once comes back unchanged.
    """

    def __init__(self, paragraph_features: list[str], quote_features: list[str]):
        self.converters = {
            "paragraph": ContentstateConverter(paragraph_features),
            "quote": ContentstateConverter(quote_features),
        }

    def __call__(self, html: str, kind: str) -> str:
        return editor_round_trip(self.converters[kind], html)


def build_context(
    options: RunOptions,
    asset_dirs: list[Path] | None = None,
    source_dirs: list[Path] | None = None,
) -> RunContext:
    return RunContext(
        options=options,
        parser=build_parser(),
        normalise=RichTextNormaliser(
            list(options.paragraph_features), list(options.quote_features)
        ),
        assets=AssetIndex.build(asset_dirs or [], source_dirs),
    )


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
    post = parse_post(draft.text, draft.path, ctx.options, modified=file_modified(draft.path))
    return replace(draft, post=post, warnings=draft.warnings + list(post.warnings))


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
    return replace(draft, markdown=markdown, warnings=draft.warnings + warnings)


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
    )
    return replace(draft, blocks=blocks, images=images, warnings=draft.warnings + warnings)


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


def read_file(path: Path, max_size: int | None = None) -> bytes:
    """The file's bytes; a file over `max_size` fails before more than that is read."""
    try:
        with path.open("rb") as file:
            raw = file.read() if max_size is None else file.read(max_size + 1)
    except OSError as error:
        raise ImporterError(f"the file cannot be read ({error.strerror}).") from error
    if max_size is not None and len(raw) > max_size:
        raise ImporterError(
            f"the file is larger than the {describe_size(max_size)} a post may have "
            f"({describe_size(path.stat().st_size)}).",
            fix="split the post, or raise the limit with --max-size if it really is one post.",
        )
    return raw


def describe_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"


def run_stages(draft: PostDraft, ctx: RunContext, stages: list[tuple[str, Stage]]) -> PostDraft:
    """Run `stages` in order; raises ``ImporterError`` naming what is wrong with the post."""
    for name, stage in stages:
        draft = run_stage(name, stage, draft, ctx)
    return draft


class OutOfTime(Exception):
    """A post used up its CPU budget (see ``cpu_budget``)."""


@contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Raise ``ImporterError`` in the work inside once it has used `seconds` of this process's
    CPU time, so that no post can hold a run for long, whatever a library does with it.

    A CPU-time timer (``ITIMER_VIRTUAL``) only counts the time this process runs, so a busy
    machine doesn't fail posts. Signals reach the main thread only: elsewhere, no limit."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def out_of_time(signum: int, frame: Any) -> None:
        raise OutOfTime

    previous = signal.signal(signal.SIGVTALRM, out_of_time)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    except OutOfTime as error:
        raise ImporterError(
            f"the post took more than {seconds:g} seconds of CPU to convert, far longer than a "
            "post of its size should; something in it makes the conversion's work grow out of "
            "proportion (such as tens of thousands of line breaks or unclosed comments in one "
            "paragraph).",
            field="body",
            fix="split or simplify the post's longest paragraph or HTML, and import it again.",
        ) from error
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


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


def source_key(path: Path, sources: Sequence[Path]) -> str:
    """A post's identity across runs: its path inside the folder it was imported from, led by
    that folder's name ("posts/2024/stretching.md").

    A file given on its own counts as inside its folder, so importing the folder later finds the
    same pages. Absolute paths would make a moved or freshly cloned copy of the old site import
    every post a second time."""
    path = path.resolve()
    for source in sources:
        root = source.resolve()
        folder = root if root.is_dir() else root.parent
        if path == root or folder in path.parents:
            return f"{folder.name}/{path.relative_to(folder).as_posix()}"
    return path.as_posix()


def outside_sources(path: Path, sources: list[Path]) -> str:
    """Why a post file found under `sources` is not read, or "": it is a link to a file
    outside them (a post must not bring a file from elsewhere on the machine onto a page).
    A file named as a source itself is what the run was asked to import."""
    if path in sources:
        return ""
    real = real_path(path)
    folders = [real_path(source if source.is_dir() else source.parent) for source in sources]
    if inside(real, folders):
        return ""
    return f"{path.name} is a link to {real}, outside the folders being imported; it was not read."
