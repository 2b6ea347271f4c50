"""Bridges: linking channel pairs, one bridge per channel, unlinking keeps history."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.enums import ChannelKind, Side
from db.models import BridgeChannel, Question
from db.repositories import BridgeRepository, ChannelAlreadyBridgedError, GuildRepository

GUILD = 1


async def test_add_list_and_find_by_either_side(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        bridges = BridgeRepository(session)
        first = await bridges.add(
            GUILD,
            en_channel_id=100,
            en_kind=ChannelKind.FORUM,
            zh_channel_id=200,
            zh_kind=ChannelKind.TEXT,
            created_by_id=9,
        )
        await bridges.add(
            GUILD,
            en_channel_id=101,
            en_kind=ChannelKind.TEXT,
            zh_channel_id=201,
            zh_kind=ChannelKind.TEXT,
        )
        await bridges.add(
            2,
            en_channel_id=300,
            en_kind=ChannelKind.TEXT,
            zh_channel_id=400,
            zh_kind=ChannelKind.TEXT,
        )
        await session.commit()
        first_id = first.id

    async with session_factory() as session:
        bridges = BridgeRepository(session)
        listed = await bridges.list_for_guild(GUILD)
        assert [bridge.id for bridge in listed] == sorted(bridge.id for bridge in listed)
        assert [(b.side(Side.EN).channel_id, b.side(Side.ZH).channel_id) for b in listed] == [
            (100, 200),
            (101, 201),
        ]
        by_en = await bridges.find_by_channel(100)
        by_zh = await bridges.find_by_channel(200)
        assert by_en is not None
        assert by_en is by_zh
        assert by_en.id == first_id
        assert by_en.side(Side.EN).kind is ChannelKind.FORUM
        assert by_en.side(Side.ZH).kind is ChannelKind.TEXT
        assert by_en.created_by_id == 9
        assert await bridges.find_by_channel(999) is None


async def test_a_channel_belongs_to_one_bridge_and_the_transaction_survives(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        bridges = BridgeRepository(session)
        await bridges.add(
            GUILD,
            en_channel_id=100,
            en_kind=ChannelKind.TEXT,
            zh_channel_id=200,
            zh_kind=ChannelKind.TEXT,
        )
        # The Chinese channel of the first bridge, now as the English side of another.
        with pytest.raises(ChannelAlreadyBridgedError):
            await bridges.add(
                GUILD,
                en_channel_id=200,
                en_kind=ChannelKind.TEXT,
                zh_channel_id=300,
                zh_kind=ChannelKind.TEXT,
            )
        with pytest.raises(ValueError, match="two different channels"):
            await bridges.add(
                GUILD,
                en_channel_id=500,
                en_kind=ChannelKind.TEXT,
                zh_channel_id=500,
                zh_kind=ChannelKind.TEXT,
            )
        await bridges.add(
            GUILD,
            en_channel_id=101,
            en_kind=ChannelKind.TEXT,
            zh_channel_id=300,
            zh_kind=ChannelKind.TEXT,
        )
        await session.commit()

    async with session_factory() as session:
        channels = await session.scalars(select(BridgeChannel.channel_id).order_by("channel_id"))
        assert list(channels) == [100, 101, 200, 300]


async def test_remove_unlinks_channels_but_keeps_questions(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        await GuildRepository(session).get_or_create(GUILD)
        bridge = await BridgeRepository(session).add(
            GUILD,
            en_channel_id=100,
            en_kind=ChannelKind.TEXT,
            zh_channel_id=200,
            zh_kind=ChannelKind.FORUM,
        )
        session.add(
            Question(
                guild_id=GUILD,
                bridge_id=bridge.id,
                asker_id=5,
                origin_side=Side.EN,
                title="Does every Chinese person own a panda?",
                origin_channel_id=100,
            )
        )
        await session.commit()
        bridge_id = bridge.id

    async with session_factory() as session:
        bridges = BridgeRepository(session)
        assert await bridges.remove(bridge_id) is True
        assert await bridges.remove(bridge_id) is False
        await session.commit()

    async with session_factory() as session:
        assert await BridgeRepository(session).find_by_channel(100) is None
        assert await session.scalar(select(func.count()).select_from(BridgeChannel)) == 0
        question = await session.scalar(select(Question))
        assert question is not None
        assert question.bridge_id is None
