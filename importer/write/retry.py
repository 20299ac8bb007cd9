"""Writing a post again when the database was busy.

On SQLite one writer holds the database at a time; another waits up to the connection's
``timeout`` and then gets "database is locked" (an editor's long save, a second import, the
task queue). That says nothing about the post, so its transaction is tried again a few times,
waiting longer each time, before the post fails with the error in its report row; the run, and
the worker running it, go on either way.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError

logger = logging.getLogger(__name__)
T = TypeVar("T")

ATTEMPTS = 4
FIRST_WAIT = 0.5
"""Seconds before the second attempt; each later wait is twice the one before."""


def is_locked(error: OperationalError) -> bool:
    """Whether `error` is the database being busy with another writer, not a fault of the
    write itself."""
    return "database is locked" in str(error) or "database table is locked" in str(error)


def retry_when_locked(
    write: Callable[[], T],
    *,
    before_retry: Callable[[], None] = lambda: None,
    attempts: int | None = None,
    first_wait: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """`write()`, tried up to `attempts` times (``ATTEMPTS``) while it fails on a locked
    database, waiting `first_wait` seconds (``FIRST_WAIT``), then twice as long each time;
    `before_retry` puts back what the failed attempt changed outside the database. Any other
    error, or the last attempt's, is raised."""
    attempts = ATTEMPTS if attempts is None else attempts
    first_wait = FIRST_WAIT if first_wait is None else first_wait
    for attempt in range(1, attempts + 1):
        try:
            return write()
        except OperationalError as error:
            if attempt == attempts or not is_locked(error):
                raise
            wait = first_wait * 2 ** (attempt - 1)
            logger.warning("The database is locked; writing again in %g s (%s)", wait, error)
            sleep(wait)
            before_retry()
    raise AssertionError("unreachable")  # pragma: no cover
