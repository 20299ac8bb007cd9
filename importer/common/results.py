"""What happened to each post: its status, its warnings and its report row.

A warning is a structured value (``PostWarning``: which part of the import gave it, the post,
the message) that is also the message itself, so the JSON report, the admin and an import's
record, which keep messages, hold the same strings as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class PostStatus(StrEnum):
    """What became of one file; the report says the value (``"created"``)."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    """Its file is as it was imported: nothing was done."""
    CONFLICT = "conflict"
    """Its file changed, and so did its page, by an editor: the editor's work was kept."""
    SKIPPED = "skipped"
    """Not a post (a page, a README, a file listed twice...): ``error`` says why."""
    FAILED = "failed"


class WarningCode(StrEnum):
    """Which part of the import gave a warning."""

    PARSE = "parse"
    EXPAND = "expand"
    CONVERT = "convert"
    DRAFT = "draft"
    IMAGE = "image"
    LINK = "link"
    REDIRECT = "redirect"
    INDEX = "index"
    EARLIER = "earlier"
    """Said when the post was imported before, or read back from a stored report row."""


class PostWarning(str):
    """One thing the import had to leave out, replace or guess in a post: the message, which
    this is, with the part of the import that found it (``code``) and the post's source
    (``post``)."""

    code: WarningCode
    post: str

    def __new__(cls, message: str, code: str, post: str = "") -> PostWarning:
        warning = super().__new__(cls, message)
        warning.code = WarningCode(code)
        warning.post = post
        return warning

    def __reduce__(self) -> tuple[Any, ...]:
        return PostWarning, (str(self), self.code.value, self.post)

    @property
    def message(self) -> str:
        return str(self)


def as_warning(message: str, post: str) -> PostWarning:
    """`message` as a warning of `post`; one without a code was said before (``EARLIER``)."""
    if isinstance(message, PostWarning):
        return message
    return PostWarning(message, WarningCode.EARLIER, post)


@dataclass(slots=True)
class PostResult:
    """One report row: what happened to one source file."""

    source: str
    status: PostStatus
    page_id: int | None = None
    url: str = ""
    live: bool = False
    repairs: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[PostWarning] = field(default_factory=list)
    error: str = ""
    title: str = ""
    notes: list[str] = field(default_factory=list)
    """What a dry run would have done (images it would import): information, not warnings."""
    coverage: float | None = None
    """The share of the source's words on the page; None when the post was not converted."""
    unresolved_links: list[str] = field(default_factory=list)
    """Links to this site that go nowhere on it (not a post, a file or a page), as written."""
    verified: dict[str, Any] | None = None
    """The page against the old site's built page (``--verify-against``, importer.verify);
    None when not verified."""

    def __post_init__(self) -> None:
        # Rows read back from JSON (the admin's) and import records give plain strings.
        self.status = PostStatus(self.status)
        self.warnings = [as_warning(warning, self.source) for warning in self.warnings]

    def warn(self, code: WarningCode, message: str) -> None:
        self.warnings.append(PostWarning(message, code, self.source))

    def warn_once(self, code: WarningCode, message: str) -> None:
        if message not in self.warnings:
            self.warn(code, message)

    def as_dict(self) -> dict[str, Any]:
        verified = {} if self.verified is None else {"verified": self.verified}
        return {
            "source": self.source,
            "status": self.status.value,
            "page_id": self.page_id,
            "url": self.url,
            "live": self.live,
            "repairs": self.repairs,
            "warnings": [warning.message for warning in self.warnings],
            "error": self.error,
            "notes": self.notes,
            "coverage": None if self.coverage is None else round(self.coverage, 4),
            "unresolved_links": self.unresolved_links,
        } | verified
