"""PLACEHOLDER composer (replaced at merge by the selection/rendering helper's version).

Lists the week's question titles with jump links, so the schedule side runs end to end.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.digest.contract import MESSAGE_LIMIT
from bot.services.digest.schedule import DEFAULT_TIMEZONE
from bot.services.digest.weeks import IsoWeek
from db.models import DigestSchedule, Question


class WeeklyDigestComposer:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], *, traditional_config: str = "s2twp"
    ) -> None:
        self._sessions = sessions
        self._traditional_config = traditional_config

    async def compose(self, guild_id: int, week: IsoWeek) -> list[str]:
        """The week's questions as jump links; no questions → nothing to post."""
        async with self._sessions() as session:
            schedule = await session.get(DigestSchedule, guild_id)
            start, end = week.bounds_utc(schedule.timezone if schedule else DEFAULT_TIMEZONE)
            questions = (
                await session.scalars(
                    select(Question)
                    .where(
                        Question.guild_id == guild_id,
                        Question.created_at >= start,
                        Question.created_at < end,
                    )
                    .order_by(Question.created_at)
                )
            ).all()
        if not questions:
            return []
        lines = [f"**Yiqi weekly digest · 一起周报 · {week}**"]
        for question in questions:
            where = question.origin_thread_id or question.origin_channel_id
            link = f"https://discord.com/channels/{guild_id}/{where}"
            lines.append(f"• {question.title[:150]} — {link}")
        messages = [""]
        for line in lines:
            if len(messages[-1]) + len(line) + 1 > MESSAGE_LIMIT:
                messages.append("")
            messages[-1] = f"{messages[-1]}\n{line}" if messages[-1] else line
        return messages
