"""Question state: answered (by the asker or a moderator), shown on both sides."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from bot.services.base import DatabaseService
from db.enums import Side
from db.repositories.question import QuestionRepository


class AnsweredOutcome(StrEnum):
    MARKED = "marked"
    ALREADY = "already"
    NOT_A_QUESTION = "not_a_question"
    NOT_ALLOWED = "not_allowed"


@dataclass(frozen=True)
class AnsweredResult:
    outcome: AnsweredOutcome
    # (thread id, side) for both sides of the question, when it is one.
    threads: tuple[tuple[int, Side], ...] = ()


class QuestionService(DatabaseService):
    async def mark_answered(self, thread_id: int, *, by: int, is_moderator: bool) -> AnsweredResult:
        """Mark the question of ``thread_id`` answered; only its asker or a moderator may."""
        async with self._sessions() as session, session.begin():
            repo = QuestionRepository(session)
            question = await repo.find_by_thread(thread_id)
            if question is None:
                return AnsweredResult(AnsweredOutcome.NOT_A_QUESTION)
            threads = tuple(
                (thread, side)
                for thread, side in (
                    (question.origin_thread_id, question.origin_side),
                    (question.mirror_thread_id, question.origin_side.other),
                )
                if thread is not None
            )
            if by != question.asker_id and not is_moderator:
                return AnsweredResult(AnsweredOutcome.NOT_ALLOWED, threads)
            if question.is_answered:
                return AnsweredResult(AnsweredOutcome.ALREADY, threads)
            await repo.mark_answered(question, by=by, now=self._clock())
            return AnsweredResult(AnsweredOutcome.MARKED, threads)

    async def slowmode_wait(
        self, guild_id: int, channel_id: int, asker_id: int, *, slowmode_seconds: int
    ) -> int:
        """Seconds before ``asker_id`` may open another question in ``channel_id`` under its
        slowmode (0: now). Their last question there, asked or posted, starts the delay."""
        if slowmode_seconds <= 0:
            return 0
        delay = timedelta(seconds=slowmode_seconds)
        now = self._clock()
        async with self._sessions() as session:
            last = await QuestionRepository(session).last_asked_at(
                guild_id=guild_id, channel_id=channel_id, asker_id=asker_id, since=now - delay
            )
        if last is None:
            return 0
        return max(0, math.ceil((last + delay - now).total_seconds()))
