"""What most services share: the session factory they open units of work with, and a clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


def utc_now() -> datetime:
    return datetime.now(UTC)


class DatabaseService:
    """Owns its transactions (one session per call); tests pass a clock to control time."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
