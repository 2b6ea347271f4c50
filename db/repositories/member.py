"""Members: per-guild language preferences."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import Script, Side
from db.models import Member
from db.repositories.guild import ensure_guild_exists
from db.repositories.insert_ignore import insert_ignoring_conflicts


class MemberRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, guild_id: int, user_id: int) -> Member | None:
        """The member's stored preferences, or None if they never set or triggered any."""
        return await self._session.get(Member, (guild_id, user_id))

    async def get_or_create(self, guild_id: int, user_id: int) -> Member:
        """The member's row, created with no explicit choices (and the guild's row if needed)."""
        member = await self.get(guild_id, user_id)
        if member is not None:
            return member
        await ensure_guild_exists(self._session, guild_id)
        await insert_ignoring_conflicts(
            self._session,
            Member,
            [{"guild_id": guild_id, "user_id": user_id}],
            ["guild_id", "user_id"],
        )
        member = await self.get(guild_id, user_id)
        assert member is not None
        return member

    async def set_language(
        self, guild_id: int, user_id: int, *, side: Side | None, script: Script | None
    ) -> Member:
        """Store the member's explicit side and script; None means "derive it again"."""
        member = await self.get_or_create(guild_id, user_id)
        member.side = side
        member.script = script
        await self._session.flush()
        return member

    async def set_pinyin_in_translate(self, guild_id: int, user_id: int, *, on: bool) -> Member:
        """Whether the member's Translate results show pinyin with Chinese."""
        member = await self.get_or_create(guild_id, user_id)
        member.pinyin_in_translate = on
        await self._session.flush()
        return member

    async def record_locale(self, guild_id: int, user_id: int, locale: str | None) -> Member:
        """Remember the Discord locale last seen for the member (the fallback for side/script)."""
        member = await self.get_or_create(guild_id, user_id)
        if member.locale != locale:
            member.locale = locale
            await self._session.flush()
        return member

    async def set_digest_opt_out(
        self, guild_id: int, user_id: int, *, opted_out: bool, now: datetime
    ) -> Member:
        """Record the member's own digest choice (it overrides the guild's default)."""
        member = await self.get_or_create(guild_id, user_id)
        member.digest_opt_out = opted_out
        member.digest_choice_at = now
        await self._session.flush()
        return member
