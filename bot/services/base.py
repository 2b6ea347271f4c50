"""What most services share: the session factory they open units of work with, and a clock."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.clock import Clock, utcnow


class DatabaseService:
    """Owns its transactions (one session per call); the bot passes its clock (tests move it)."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], *, clock: Clock = utcnow
    ) -> None:
        self._sessions = sessions
        self._clock = clock
