"""SQLite is set up so a server keeps serving while an import writes."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_sqlite_waits_for_the_write_lock_and_commits_without_a_flush():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings only")
    with connection.cursor() as cursor:
        synchronous = cursor.execute("PRAGMA synchronous").fetchone()[0]
        busy_timeout = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
    assert synchronous == 1  # NORMAL
    assert busy_timeout == 20_000
    assert connection.transaction_mode == "IMMEDIATE"
