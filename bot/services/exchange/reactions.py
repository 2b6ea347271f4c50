"""Reactions on relayed messages, counted per copy: the digest's cross-side engagement."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.repositories.reactions import ReactionCountRepository


class ReactionCounter:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def reaction_added(self, message_id: int) -> bool:
        """Count a reaction on an original or a mirror; False if Yiqi did not relay that message."""
        return await self._bump(message_id, 1)

    async def reaction_removed(self, message_id: int) -> bool:
        """Uncount a removed reaction (never below zero)."""
        return await self._bump(message_id, -1)

    async def _bump(self, message_id: int, delta: int) -> bool:
        async with self._sessions() as session, session.begin():
            return await ReactionCountRepository(session).bump(message_id, delta)
