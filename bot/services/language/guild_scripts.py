"""Which Chinese script a server's shared posts use (mirrors are read by everyone on a side).

A member's own choice applies to what only they see (Translate, replies to them); a mirror in
a channel is read by the whole Chinese side, so the server decides: Simplified by default,
Traditional for servers whose members mostly read zh-TW.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.caches import (
    GUILD_CACHE_SECONDS,
    GUILD_CACHE_SIZE,
    MISSING,
    BoundedCache,
    Monotonic,
)
from bot.translation.languages import Reader
from db.enums import Side
from db.repositories import GuildRepository


class GuildScripts:
    """Cached per guild (policy: ``bot.services.caches``); one instance per process."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        monotonic: Monotonic,
    ) -> None:
        self._sessions = sessions
        self._cached: BoundedCache[int, bool] = BoundedCache(
            GUILD_CACHE_SIZE, ttl_seconds=GUILD_CACHE_SECONDS, monotonic=monotonic
        )

    async def prefers_traditional(self, guild_id: int) -> bool:
        """Whether the server shows Chinese in Traditional script."""
        hit = self._cached.get(guild_id)
        if hit is not MISSING:
            return hit
        async with self._sessions() as session:
            guild = await GuildRepository(session).get(guild_id)
            traditional = guild is not None and guild.prefer_traditional
        self._cached.put(guild_id, traditional)
        return traditional

    async def set_prefers_traditional(self, guild_id: int, traditional: bool) -> None:
        """Choose the server's script; takes effect at once in this process."""
        async with self._sessions() as session, session.begin():
            guild = await GuildRepository(session).get_or_create(guild_id)
            guild.prefer_traditional = traditional
        self._cached.put(guild_id, traditional)

    async def reader_for(self, guild_id: int, side: Side) -> Reader:
        """The reader a post shared with ``side`` of this server is written for."""
        if side is Side.EN:
            return Reader.EN
        return Reader.ZH_TW if await self.prefers_traditional(guild_id) else Reader.ZH_CN
