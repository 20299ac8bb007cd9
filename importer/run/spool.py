"""Objects kept in a file rather than in memory, each read back from where it starts."""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import IO, Any

from importer.common import PostDraft


def append(file: IO[bytes], value: Any) -> int:
    """Add `value` at the end of `file`; returns the offset to load it from."""
    offset = file.seek(0, os.SEEK_END)
    # In one write, so an unbuffered file (a worker's) holds the whole value at once.
    file.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return offset


def load(file: IO[bytes], offset: int) -> Any:
    file.seek(offset)
    return pickle.load(file)


Location = tuple[str, int]
"""Where a draft is kept in a DraftStore: a file name and an offset."""


class DraftStore:
    """Prepared posts kept in temporary files until they are written, so a run holds one
    post's blocks at a time however many posts it imports (10,000 posts' drafts would take
    about a GB). What stays in memory is each post's outline: its front matter without the
    body, enough to plan links between posts and to sort them by date.

    Worker processes store the drafts they prepare themselves, each in its own file, so only
    outlines and locations travel between processes."""

    def __enter__(self) -> DraftStore:
        self.folder = tempfile.TemporaryDirectory(prefix="import-drafts-")
        self.files: dict[str, Any] = {}
        self.writer: tuple[int, Any] | None = None
        return self

    def __exit__(self, *exc_info) -> None:
        for file in self.files.values():
            file.close()
        if self.writer:
            self.writer[1].close()
        self.folder.cleanup()

    def put(self, draft: PostDraft) -> Location:
        """Store `draft` (in this process or a worker); returns where it is."""
        if self.writer is None or self.writer[0] != os.getpid():
            name = Path(self.folder.name) / f"{os.getpid()}.pickle"
            # Unbuffered: a worker process ends without flushing Python's buffers.
            self.writer = (os.getpid(), open(name, "ab", buffering=0))  # noqa: SIM115
        file = self.writer[1]
        return file.name, append(file, draft)

    def get(self, location: Location) -> PostDraft:
        name, offset = location
        if name not in self.files:
            self.files[name] = open(name, "rb")  # noqa: SIM115
        return load(self.files[name], offset)
