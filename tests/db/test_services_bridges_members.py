"""BridgeService and MemberService on each backend."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.exchange.bridges import BridgeConflictError, BridgeService, SameChannelError
from bot.services.language.members import MemberService
from bot.translation.languages import Reader
from db.enums import ChannelKind, Side

GUILD = 1_000_000_000_000_001
OTHER_GUILD = 1_000_000_000_000_002


async def test_link_find_and_unlink(session_factory: async_sessionmaker[AsyncSession]) -> None:
    service = BridgeService(session_factory)
    bridge = await service.link(GUILD, (11, ChannelKind.TEXT), (12, ChannelKind.FORUM), by=7)
    assert (bridge.en.channel_id, bridge.zh.channel_id) == (11, 12)
    assert bridge.zh.kind is ChannelKind.FORUM

    found = await service.find_by_channel(12)
    assert found == bridge
    side = found.side_of(12) if found else None
    assert side is not None and side.side is Side.ZH
    assert found is not None and found.opposite(Side.ZH).channel_id == 11

    assert await service.unlink(OTHER_GUILD, 11) is None  # another server can't remove it
    assert await service.unlink(GUILD, 11) == bridge
    assert await service.find_by_channel(11) is None


async def test_a_channel_belongs_to_one_bridge(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    service = BridgeService(session_factory)
    await service.link(GUILD, (21, ChannelKind.TEXT), (22, ChannelKind.TEXT), by=7)
    with pytest.raises(BridgeConflictError) as raised:
        await service.link(GUILD, (23, ChannelKind.TEXT), (21, ChannelKind.TEXT), by=7)
    assert raised.value.channel_id == 21
    with pytest.raises(SameChannelError):
        await service.link(GUILD, (24, ChannelKind.TEXT), (24, ChannelKind.TEXT), by=7)
    await service.link(GUILD, (25, ChannelKind.TEXT), (26, ChannelKind.TEXT), by=7)
    assert len(await service.list_for_guild(GUILD)) == 2


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("zh-CN", Reader.ZH_CN), ("zh-TW", Reader.ZH_TW), ("en-US", Reader.EN), ("ja", Reader.EN)],
)
async def test_reader_defaults_to_the_discord_locale(
    session_factory: async_sessionmaker[AsyncSession], locale: str, expected: Reader
) -> None:
    assert await MemberService(session_factory).reader_for(GUILD, 5, locale) is expected


async def test_explicit_language_wins_over_locale(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    members = MemberService(session_factory)
    await members.set_reader(GUILD, 5, Reader.ZH_TW)
    assert await members.reader_for(GUILD, 5, "en-US") is Reader.ZH_TW
    assert await members.explicit_reader(GUILD, 5) is Reader.ZH_TW
    await members.set_reader(GUILD, 5, Reader.EN)
    assert await members.reader_for(GUILD, 5, "zh-CN") is Reader.EN
    # The setting is per server.
    assert await members.reader_for(OTHER_GUILD, 5, "zh-CN") is Reader.ZH_CN
