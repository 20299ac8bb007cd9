"""What one post may cost: bytes read and CPU time spent on it. A post past either fails alone,
with a message saying what to change; the run goes on."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from importer.common import ImporterError


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
