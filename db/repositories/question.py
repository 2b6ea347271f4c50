"""Questions: the exchange opened by a post on one side of a bridge."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import Side
from db.models import Question
from db.models.question import TITLE_LENGTH
from db.repositories.guild import ensure_guild_exists


class QuestionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        *,
        guild_id: int,
        bridge_id: int | None,
        asker_id: int,
        origin_side: Side,
        title: str,
        body: str,
        origin_channel_id: int,
        origin_message_id: int,
        mirror_channel_id: int,
        pivot_text_en: str | None,
    ) -> Question:
        """Record a new question (threads are filled in once they exist)."""
        await ensure_guild_exists(self._session, guild_id)
        question = Question(
            guild_id=guild_id,
            bridge_id=bridge_id,
            asker_id=asker_id,
            origin_side=origin_side,
            title=title[:TITLE_LENGTH],
            body=body,
            origin_channel_id=origin_channel_id,
            origin_message_id=origin_message_id,
            mirror_channel_id=mirror_channel_id,
            pivot_text_en=pivot_text_en,
        )
        self._session.add(question)
        await self._session.flush()
        return question

    async def get(self, question_id: int) -> Question | None:
        return await self._session.get(Question, question_id)

    async def recent_with_pivot(self, guild_id: int, limit: int) -> Sequence[Question]:
        """The server's latest questions that have an English version, newest first."""
        result = await self._session.scalars(
            select(Question)
            .where(Question.guild_id == guild_id, Question.pivot_text_en.is_not(None))
            .order_by(Question.created_at.desc(), Question.id.desc())
            .limit(limit)
        )
        return result.all()

    async def find_by_thread(self, thread_id: int) -> Question | None:
        """The question whose origin or mirror thread this is."""
        return await self._session.scalar(
            select(Question).where(
                or_(Question.origin_thread_id == thread_id, Question.mirror_thread_id == thread_id)
            )
        )

    async def set_threads(
        self, question: Question, *, origin_thread_id: int | None, mirror_thread_id: int | None
    ) -> None:
        if origin_thread_id is not None:
            question.origin_thread_id = origin_thread_id
        if mirror_thread_id is not None:
            question.mirror_thread_id = mirror_thread_id
        await self._session.flush()

    async def mark_answered(self, question: Question, *, by: int, now: datetime) -> None:
        question.answered_at = now
        question.answered_by_id = by
        await self._session.flush()

    async def last_asked_at(
        self, *, guild_id: int, channel_id: int, asker_id: int, since: datetime
    ) -> datetime | None:
        """When ``asker_id`` last opened a question in ``channel_id``, if after ``since``."""
        return await self._session.scalar(
            self.last_asked_at_query(
                guild_id=guild_id, channel_id=channel_id, asker_id=asker_id, since=since
            )
        )

    @staticmethod
    def last_asked_at_query(
        *, guild_id: int, channel_id: int, asker_id: int, since: datetime
    ) -> Select[datetime]:
        # Bounded by ``since`` (at most Discord's longest slowmode, 6 h): the guild's
        # (guild_id, created_at) index reads only that window, so no index of its own.
        return (
            select(Question.created_at)
            .where(
                Question.guild_id == guild_id,
                Question.created_at > since,
                Question.origin_channel_id == channel_id,
                Question.asker_id == asker_id,
            )
            .order_by(Question.created_at.desc())
            .limit(1)
        )
