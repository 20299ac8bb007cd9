"""What a run's state means to the person following it: its badge, a sentence saying what
happened or is happening and what to do next, and which actions its page offers.

Every run page and the listing take the state from ``state_of``, so a run reads the same
wherever it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from importer.admin_import.models import ImportRun
from importer.admin_import.wording import readable

Status = ImportRun.Status


def importable(summary: dict) -> int:
    """How many posts a summary says the run would create or update (or did)."""
    return summary.get("created", 0) + summary.get("updated", 0)


@dataclass(frozen=True, slots=True)
class RunState:
    """How a run is shown: ``tone`` styles its badge (critical, warning, positive or plain)."""

    label: str
    tone: str = ""
    heading: str = ""
    message: str = ""
    can_confirm: bool = False
    can_cancel: bool = False
    can_stop: bool = False
    can_import_again: bool = False
    conflicts: int = 0
    """Posts left alone for their editors' changes, which the page offers to overwrite."""

    @property
    def classname(self) -> str:
        return f"import-posts__status import-posts__status--{self.tone}" if self.tone else ""

    @property
    def help_status(self) -> str:
        """The status of the admin's help block that carries `message`."""
        return {"critical": "critical", "warning": "warning"}.get(self.tone, "info")


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def state_of(run: ImportRun, summary: dict | None = None) -> RunState:
    """The state of `run`; `summary` is the counts its page shows (its preview's, then its
    own), read from the run when not given."""
    if summary is None:
        summary = run.summary or run.preview_summary or {}
    status = run.status
    if status == Status.PREVIEWING:
        return RunState(
            "Preparing the preview",
            heading="Preparing the preview",
            message="Reading the upload and trying every post; nothing is saved.",
            can_cancel=True,
        )
    if status == Status.PREVIEWED:
        return preview_state(summary)
    if status == Status.QUEUED:
        return RunState(
            "Waiting for the worker",
            heading="Waiting for the worker",
            message="The import starts as soon as the background worker takes it up.",
            can_cancel=True,
        )
    if status == Status.RUNNING:
        if run.stop_requested:
            return RunState(
                "Stopping",
                tone="warning",
                heading="Stopping",
                message="The import stops once the post it is writing is saved; the posts "
                "imported until then stay, and are listed here.",
            )
        return RunState("Importing", heading="Importing", can_stop=True)
    if status == Status.CANCELLED:
        return RunState(
            "Cancelled",
            heading="Cancelled",
            message="This import was cancelled before it started: nothing was imported. "
            "Upload the site again to import it.",
        )
    if status == Status.STOPPED:
        written = importable(summary)
        return RunState(
            "Stopped",
            tone="warning",
            heading="Stopped",
            message=f"This import was stopped on request, after {plural(run.done, 'file')} of "
            f"{run.total or '?'}: {plural(written, 'post')} created or updated stay as they "
            "are, and are listed below."
            + (" Import again to go on where it stopped." if run.folder else ""),
            can_import_again=bool(run.folder and run.started_at),
        )
    if status == Status.FAILED:
        return RunState(
            "Failed",
            tone="critical",
            heading="Failed",
            message=readable(run.error),
            can_import_again=bool(run.folder and run.started_at),
        )
    return finished_state(summary, conflicts_open=bool(run.folder))


def preview_state(summary: dict) -> RunState:
    found = sum(summary.get(key, 0) for key in ("created", "updated", "unchanged", "conflict"))
    found += summary.get("failed", 0)
    failed, conflicts = summary.get("failed", 0), summary.get("conflict", 0)
    to_import = importable(summary)
    if to_import:
        problems = []
        if failed:
            problems.append(f"{plural(failed, 'post')} would fail and be left out (see why below)")
        if conflicts:
            problems.append(
                f"{plural(conflicts, 'post')} changed by editors would be kept as they are"
            )
        return RunState(
            "Ready to import",
            tone="positive",
            heading="What the import would do",
            message=f"{plural(to_import, 'post')} would be created or updated. Nothing is "
            "saved until you import them."
            + (f" {'; '.join(problems).capitalize()}." if problems else ""),
            can_confirm=True,
            can_cancel=True,
            conflicts=conflicts,
        )
    if not found:
        return RunState(
            "Nothing to import",
            heading="Nothing to import",
            message="The upload holds no posts. Check that it is the old site's repository "
            "or its posts folder (the files left out are listed with why), then upload it again.",
            can_cancel=True,
        )
    if failed and failed == found:
        return RunState(
            "Nothing can be imported",
            tone="critical",
            heading="Nothing can be imported",
            message=f"All {plural(failed, 'post')} would fail; each one's reason and how to "
            "fix it is below. Fix them on the old site, then upload it again.",
            can_cancel=True,
        )
    if conflicts:
        return RunState(
            "Editors' changes in the way",
            tone="warning",
            heading="Nothing to import unless you overwrite editors' changes",
            message=f"{plural(conflicts, 'post')} changed on the old site, but editors have "
            "changed their pages since they were imported. Overwrite the editors' changes with "
            "the old site's posts (their versions stay in the page history), or keep the "
            "editors' versions.",
            conflicts=conflicts,
        )
    return RunState(
        "Nothing to import",
        heading="Nothing to import",
        message="Every post is as it was when it was last imported"
        + (f", and {plural(failed, 'post')} would fail (see why below)" if failed else "")
        + ". Upload the site again once it has changed.",
        can_cancel=True,
    )


def finished_state(summary: dict, *, conflicts_open: bool = False) -> RunState:
    """A finished run's state; `conflicts_open` when its upload is kept to overwrite the posts
    it left alone for their editors' changes."""
    written, failed = importable(summary), summary.get("failed", 0)
    conflicts = summary.get("conflict", 0) if conflicts_open else 0
    if conflicts:
        return RunState(
            "Finished: editors' changes kept",
            tone="warning",
            heading="What the import did",
            message=f"{plural(written, 'post')} created or updated"
            + (f", {plural(failed, 'post')} failed (see why below)" if failed else "")
            + f". {plural(conflicts, 'post')} changed on the old site "
            + ("was" if conflicts == 1 else "were")
            + " left alone because "
            "editors have changed their pages since: overwrite them with the old site's posts "
            "(the editors' versions stay in the page history), or keep the editors' versions.",
            conflicts=conflicts,
        )
    if failed and not written:
        return RunState(
            "Nothing imported",
            tone="critical",
            heading="What the import did",
            message=f"{plural(failed, 'post')} failed and nothing was imported; each one's "
            "reason and how to fix it is below.",
        )
    if failed:
        return RunState(
            "Finished with failures",
            tone="warning",
            heading="What the import did",
            message=f"{plural(written, 'post')} created or updated; {plural(failed, 'post')} "
            "failed (see why below). Fix them on the old site and upload it again: the posts "
            "imported now are then left as they are.",
        )
    return RunState(
        "Finished",
        tone="positive",
        heading="What the import did",
        message=f"{plural(written, 'post')} created or updated.",
    )
