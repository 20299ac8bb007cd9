"""A post's outline (its fields, not yet its body), read alike by ``--analyze`` and the import,
and the report rows of posts that go no further."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from importer.common import (
    ImporterError,
    NotAPost,
    PostDraft,
    PostResult,
    PostStatus,
    PostWarning,
    RunOptions,
    WarningCode,
)
from importer.sources import SourcePlan
from importer.sources.posts import not_a_post_message
from importer.stages import OUTLINE_STAGES, RunContext, read_file, run_stages


@dataclass(frozen=True, slots=True)
class Outline:
    """What reading a file's outline gave: the draft (None when there is none), or the error
    that failed it, or why it is not a post after all (its front matter says it is a page)."""

    draft: PostDraft | None = None
    error: str = ""
    not_a_post: str = ""


def outline_post(path: Path, generator: str, ctx: RunContext, max_size: int) -> Outline:
    """The outline stages over the file at `path`, a post of `generator`'s site ("" for none
    known); a file over `max_size` bytes fails unread."""
    try:
        raw = read_file(path, max_size)
        return Outline(run_stages(PostDraft(path, generator, raw), ctx, OUTLINE_STAGES))
    except NotAPost as not_a_post:
        return Outline(not_a_post=not_a_post.reason)
    except Exception as error:  # noqa: BLE001 - one bad post must not stop the others
        return Outline(error=describe(error))


def describe(error: Exception) -> str:
    if isinstance(error, ImporterError):
        return error.describe()
    return f"{type(error).__name__}: {error}"


def left_out(path: Path, outline: Outline) -> PostResult | None:
    """The report row of a file whose outline says it goes no further, else None."""
    if outline.not_a_post:
        message = not_a_post_message(path, outline.not_a_post)
        return PostResult(str(path), PostStatus.SKIPPED, error=message)
    if outline.error:
        return PostResult(str(path), PostStatus.FAILED, error=outline.error)
    return None


DRAFT_LEFT_OUT = "a draft on the old site; left out, as asked."


def left_out_draft(
    path: Path, outline: Outline, plan: SourcePlan, options: RunOptions
) -> PostResult | None:
    """The report row of a draft (marked so in its front matter, or in a drafts folder) when
    the run leaves drafts out, else None."""
    if not options.leave_out_drafts or outline.draft is None or outline.draft.post is None:
        return None
    if not (outline.draft.post.draft or path in plan.drafts):
        return None
    return PostResult(
        str(path), PostStatus.SKIPPED, error=DRAFT_LEFT_OUT, title=outline.draft.post.title
    )


def from_drafts_folder(draft: PostDraft, drafts: frozenset[Path]) -> PostDraft:
    """A post from a drafts folder (imported only when asked) stays a draft on the new site."""
    if draft.path not in drafts or draft.post is None or draft.post.draft:
        return draft
    message = "from a drafts folder: imported as a draft, not published."
    warning = PostWarning(message, WarningCode.DRAFT, str(draft.path))
    return replace(draft, post=replace(draft.post, draft=True), warnings=[*draft.warnings, warning])


def failed(draft: PostDraft, message: str) -> PostResult:
    return PostResult(
        source=str(draft.path),
        status=PostStatus.FAILED,
        repairs=[repair.as_dict() for repair in draft.repairs],
        warnings=list(draft.warnings),
        error=message,
    )
