"""Guild and member rows: created on first sight, updated in place."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.enums import Script, Side
from db.models import Guild, Member
from db.repositories import GuildRepository, MemberRepository


async def test_guild_get_or_create_is_idempotent(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        assert await GuildRepository(session).get(10) is None
        created = await GuildRepository(session).get_or_create(10)
        assert created.ui_locale == "en"
        assert created.prefer_traditional is False
        created.prefer_traditional = True
        await session.commit()

    async with session_factory() as session:
        again = await GuildRepository(session).get_or_create(10)
        assert again.prefer_traditional is True
        assert await session.scalar(select(func.count()).select_from(Guild)) == 1


async def test_member_get_or_create_also_creates_the_guild(session: AsyncSession) -> None:
    member = await MemberRepository(session).get_or_create(guild_id=7, user_id=42)
    assert (member.guild_id, member.user_id, member.side, member.script) == (7, 42, None, None)
    assert await GuildRepository(session).get(7) is not None
    same = await MemberRepository(session).get_or_create(guild_id=7, user_id=42)
    assert same is member


async def test_member_language_and_locale_are_stored_per_guild(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        members = MemberRepository(session)
        await members.set_language(1, 42, side=Side.ZH, script=Script.TRADITIONAL)
        await members.record_locale(1, 42, "zh-TW")
        await members.record_locale(2, 42, "en-US")
        await session.commit()

    async with session_factory() as session:
        members = MemberRepository(session)
        first = await members.get(1, 42)
        second = await members.get(2, 42)
        assert first is not None
        assert second is not None
        assert (first.side, first.script, first.locale) == (Side.ZH, Script.TRADITIONAL, "zh-TW")
        assert (second.side, second.script, second.locale) == (None, None, "en-US")

        await members.set_language(1, 42, side=None, script=None)
        await session.commit()
    async with session_factory() as session:
        raw = await session.execute(
            select(Member.side, Member.script).where(Member.guild_id == 1, Member.user_id == 42)
        )
        assert raw.one() == (None, None)
