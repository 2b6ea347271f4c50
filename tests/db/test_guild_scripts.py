"""A server's Chinese script: stored, cached, and seen by other processes within the cache time."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.caches import GUILD_CACHE_SECONDS
from bot.services.language.guild_scripts import GuildScripts
from bot.translation.languages import Reader
from db.enums import Side
from tests.support.clock import MovableClock

GUILD = 7


async def test_default_simplified_then_traditional_everywhere_after_the_cache_time(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    clock = MovableClock()
    here = GuildScripts(session_factory, monotonic=clock.monotonic)
    other_process = GuildScripts(session_factory, monotonic=clock.monotonic)
    assert await here.reader_for(GUILD, Side.ZH) is Reader.ZH_CN
    assert await other_process.reader_for(GUILD, Side.ZH) is Reader.ZH_CN

    await here.set_prefers_traditional(GUILD, True)
    assert await here.reader_for(GUILD, Side.ZH) is Reader.ZH_TW
    assert await here.reader_for(GUILD, Side.EN) is Reader.EN
    # The other process keeps its cached answer for a while, then reads the new one.
    assert await other_process.reader_for(GUILD, Side.ZH) is Reader.ZH_CN
    clock.advance(timedelta(seconds=GUILD_CACHE_SECONDS))
    assert await other_process.reader_for(GUILD, Side.ZH) is Reader.ZH_TW
