"""``/learning``: a member's corrections switch and the server's practice channels."""

from __future__ import annotations

from bot.services.base import DatabaseService
from db.repositories.corrections import PracticeChannelRepository
from db.repositories.member import MemberRepository


class LearningSettings(DatabaseService):
    async def set_corrections_wanted(self, guild_id: int, user_id: int, wanted: bool) -> None:
        """The member's own choice, everywhere in this server (practice channels included)."""
        async with self._sessions() as session, session.begin():
            member = await MemberRepository(session).get_or_create(guild_id, user_id)
            member.corrections_wanted = wanted

    async def add_practice_channel(self, guild_id: int, channel_id: int, added_by: int) -> bool:
        """Mark a channel for practice (its threads inherit it); False if it was already."""
        async with self._sessions() as session, session.begin():
            return await PracticeChannelRepository(session).add(guild_id, channel_id, added_by)

    async def remove_practice_channel(self, guild_id: int, channel_id: int) -> bool:
        async with self._sessions() as session, session.begin():
            return await PracticeChannelRepository(session).remove(guild_id, channel_id)

    async def practice_channels(self, guild_id: int) -> list[int]:
        async with self._sessions() as session:
            return await PracticeChannelRepository(session).list(guild_id)
