"""Guilds: the row every other per-server table hangs from."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Guild
from db.repositories.insert_ignore import insert_ignoring_conflicts


async def ensure_guild_exists(session: AsyncSession, guild_id: int) -> None:
    """Insert the guild row with default settings unless it exists (safe under concurrency)."""
    await insert_ignoring_conflicts(session, Guild, [{"id": guild_id}], ["id"])


class GuildRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, guild_id: int) -> Guild | None:
        """The guild's settings, or None if Yiqi has not stored this guild yet."""
        return await self._session.get(Guild, guild_id)

    async def lock(self, guild_id: int) -> Guild | None:
        """The guild's row, locked until the transaction ends (PostgreSQL ``FOR UPDATE``).

        Serializes per-guild jobs across processes. SQLite needs no row lock: Yiqi's
        transactions there start with ``BEGIN IMMEDIATE`` and so run one at a time.
        """
        return await self._session.get(
            Guild, guild_id, with_for_update=True, populate_existing=True
        )

    async def get_or_create(self, guild_id: int) -> Guild:
        """The guild's settings, creating the row with defaults on first sight."""
        guild = await self._session.get(Guild, guild_id)
        if guild is not None:
            return guild
        await ensure_guild_exists(self._session, guild_id)
        guild = await self._session.get(Guild, guild_id)
        assert guild is not None  # just inserted, or inserted concurrently and committed
        return guild
