"""Members' language: explicit setting, else their Discord locale (SPEC §1)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.translation.languages import Reader, reader_for_discord_locale
from db.enums import Script, Side
from db.repositories.member import MemberRepository


def _reader(side: Side | None, script: Script | None) -> Reader | None:
    if side is Side.EN:
        return Reader.EN
    if side is Side.ZH:
        return Reader.for_script(script) if script is not None else Reader.ZH_CN
    return None


class MemberService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def reader_for(
        self, guild_id: int | None, user_id: int, discord_locale: str | None
    ) -> Reader:
        """What this member reads: their own setting, else their Discord locale."""
        if guild_id is not None:
            async with self._sessions() as session:
                member = await MemberRepository(session).get(guild_id, user_id)
            if member is not None:
                chosen = _reader(member.side, member.script)
                if chosen is not None:
                    return chosen
        return reader_for_discord_locale(discord_locale)

    async def explicit_reader(self, guild_id: int, user_id: int) -> Reader | None:
        async with self._sessions() as session:
            member = await MemberRepository(session).get(guild_id, user_id)
        return _reader(member.side, member.script) if member else None

    async def set_reader(self, guild_id: int, user_id: int, reader: Reader) -> None:
        """Store the member's side and script."""
        async with self._sessions() as session, session.begin():
            await MemberRepository(session).set_language(
                guild_id, user_id, side=reader.side, script=reader.script
            )

    async def pinyin_in_translate(self, guild_id: int | None, user_id: int) -> bool:
        """Whether the member asked for pinyin with Chinese in their Translate results."""
        if guild_id is None:
            return False
        async with self._sessions() as session:
            member = await MemberRepository(session).get(guild_id, user_id)
        return member is not None and member.pinyin_in_translate

    async def set_pinyin_in_translate(self, guild_id: int, user_id: int, *, on: bool) -> None:
        """Store the member's pinyin-in-Translate choice."""
        async with self._sessions() as session, session.begin():
            await MemberRepository(session).set_pinyin_in_translate(guild_id, user_id, on=on)
