"""A server's Chinese script: stored, cached, and seen by other processes within the cache time."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.language.guild_scripts import CACHE_SECONDS, GuildScripts
from bot.translation.languages import Reader
from db.enums import Side

GUILD = 7


async def test_default_simplified_then_traditional_everywhere_after_the_cache_time(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    now = [1000.0]
    here = GuildScripts(session_factory, clock=lambda: now[0])
    other_process = GuildScripts(session_factory, clock=lambda: now[0])
    assert await here.reader_for(GUILD, Side.ZH) is Reader.ZH_CN
    assert await other_process.reader_for(GUILD, Side.ZH) is Reader.ZH_CN

    await here.set_prefers_traditional(GUILD, True)
    assert await here.reader_for(GUILD, Side.ZH) is Reader.ZH_TW
    assert await here.reader_for(GUILD, Side.EN) is Reader.EN
    # The other process keeps its cached answer for a while, then reads the new one.
    assert await other_process.reader_for(GUILD, Side.ZH) is Reader.ZH_CN
    now[0] += CACHE_SECONDS
    assert await other_process.reader_for(GUILD, Side.ZH) is Reader.ZH_TW
