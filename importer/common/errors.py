"""What stops one post: an error naming the file's problem, or a page that is not a post."""

from __future__ import annotations


class ImporterError(Exception):
    """A post cannot be imported; the message names the file, the field and the fix.

    Raised by any stage; the pipeline catches it, marks the post ``failed`` and carries on
    with the next post.
    """

    def __init__(self, message: str, *, field: str = "", line: int | None = None, fix: str = ""):
        self.message = message
        self.field = field
        self.line = line
        self.fix = fix
        super().__init__(self.describe())

    def describe(self) -> str:
        where = []
        if self.field:
            where.append(f"field '{self.field}'")
        if self.line is not None:
            where.append(f"line {self.line}")
        text = self.message
        if where:
            text = f"{', '.join(where)}: {text}"
        if self.fix:
            text = f"{text} Fix: {self.fix}"
        return text


class NotAPost(Exception):
    """The file sits among the posts but is a page of the old site (a listing, a template, an
    about page): it is ``skipped`` with the reason, not failed."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)
