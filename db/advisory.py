"""Turns taken one process at a time, spaced in time, through a PostgreSQL advisory lock.

Discord accepts one IDENTIFY per 5 seconds per bot (per ``max_concurrency`` bucket), whichever
process sends it: shard clusters take a turn before each IDENTIFY, and a turn stays held for
the spacing after it was taken, so the next cluster's IDENTIFY waits for it.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)
# "yiqiiden" as a BIGINT: the key every cluster of one bot shares.
IDENTIFY_LOCK_KEY = int.from_bytes(b"yiqiiden", "big")
_LOCK = text("SELECT pg_advisory_lock(:key)")
_UNLOCK = text("SELECT pg_advisory_unlock(:key)")


class SpacedTurns:
    """``take()`` returns once this process holds the turn; it passes on ``spacing`` later."""

    def __init__(self, engine: AsyncEngine, key: int, spacing: float) -> None:
        self._engine = engine
        self._key = key
        self._spacing = spacing
        self._holding: set[asyncio.Task[None]] = set()

    async def take(self) -> None:
        # Its own connection per turn: a session holding the lock could take it again at once.
        connection = await self._engine.connect()
        try:
            await connection.execute(_LOCK, {"key": self._key})
            await connection.commit()
        except BaseException:
            await connection.invalidate()  # never back to the pool possibly holding the lock
            await connection.close()
            raise
        task = asyncio.create_task(self._pass_on_later(connection))
        self._holding.add(task)
        task.add_done_callback(self._holding.discard)

    async def _pass_on_later(self, connection: AsyncConnection) -> None:
        try:
            await asyncio.sleep(self._spacing)
        finally:
            try:
                await connection.execute(_UNLOCK, {"key": self._key})
                await connection.commit()
            except Exception:
                log.warning("could not release a turn; closing its connection releases it")
                await connection.invalidate()
            await connection.close()

    async def close(self) -> None:
        """Pass on the turns still held now (the process stops)."""
        for task in list(self._holding):
            task.cancel()
        await asyncio.gather(*self._holding, return_exceptions=True)
