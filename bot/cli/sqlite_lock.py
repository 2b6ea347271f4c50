"""SQLite serves one ``yiqi run`` at a time: a second one on the same file stops at once.

Two bots on one SQLite file would both sweep (no row locks to share the work) and wait on each
other's writes; several processes need PostgreSQL (issue 13). The lock is ``flock`` on a file
beside the database, released by the kernel when the process ends, however it ends.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.errors import OperatorError
from db.urls import sqlite_file


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


@contextmanager
def sole_sqlite_process(url: str) -> Iterator[None]:
    """Hold the database's lock for the block when ``url`` is a SQLite file; else nothing."""
    database = sqlite_file(url)
    if database is None:
        yield
        return
    path = lock_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise OperatorError(
                f"another yiqi run (pid {holder}) uses {database}: SQLite serves one process; "
                "stop it, or set YIQI_DATABASE_URL to PostgreSQL to run several"
            ) from None
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        yield
