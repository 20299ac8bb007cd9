"""Objects kept in a file rather than in memory, each read back from where it starts."""

from __future__ import annotations

import os
import pickle
from typing import IO, Any


def append(file: IO[bytes], value: Any) -> int:
    """Add `value` at the end of `file`; returns the offset to load it from."""
    offset = file.seek(0, os.SEEK_END)
    # In one write, so an unbuffered file (a worker's) holds the whole value at once.
    file.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return offset


def load(file: IO[bytes], offset: int) -> Any:
    file.seek(offset)
    return pickle.load(file)
