"""Making two transactions really overlap, and knowing that they do, without sleeping.

SQLite: one process has one connection, so the second transaction comes from a second
engine on the same file (another process), and SQLite's own trace says when it starts to
queue for the write lock. PostgreSQL: the server lists a backend waiting on a lock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

# Only a guard against a hang if the property breaks; the passing path never waits on it.
DEADLINE_S = 30

_WAITING_ON_A_LOCK = text(
    "SELECT count(*) FROM pg_stat_activity"
    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
)


async def trace_statements_started(engine: AsyncEngine, on_start: Callable[[str], None]) -> None:
    """Call ``on_start(sql)`` from SQLite's own thread as each statement starts running.

    The pool holds one connection, so the traced one is the one later sessions use.
    """
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection  # aiosqlite's connection
        assert driver is not None
        await driver.set_trace_callback(on_start)


def on_begin_immediate(
    loop: asyncio.AbstractEventLoop, event: asyncio.Event
) -> Callable[[str], None]:
    """A trace callback that sets ``event`` once the connection starts BEGIN IMMEDIATE
    (from then on it queues for the write lock while another transaction holds it)."""

    def started(sql: str) -> None:  # runs in the connection's thread
        if sql.startswith("BEGIN IMMEDIATE"):
            loop.call_soon_threadsafe(event.set)

    return started


async def until_a_postgres_backend_waits_on_a_lock(engine: AsyncEngine) -> None:
    """Return once another session of this database is blocked on a lock."""
    async with engine.connect() as connection:
        while True:
            waiting = await connection.scalar(_WAITING_ON_A_LOCK)
            # pg_stat_activity is a snapshot kept for the transaction: end it to look again.
            await connection.rollback()
            if waiting:
                return
            await asyncio.sleep(0.005)  # polls a condition; the outcome never depends on it
