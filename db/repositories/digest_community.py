"""The digest's community sections: numbers per side, new pen-pal pairs, cat-tax newcomers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from db.enums import Side
from db.models import CatTaxNewcomer, PenpalPair, Question, RelayedMessage
from db.repositories.digest_exchanges import may_appear


class seconds_between(FunctionElement[float]):  # noqa: N801 (an SQL function's name)
    """``later - earlier`` in seconds, on either backend."""

    type = Float()
    inherit_cache = True
    name = "seconds_between"


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element: seconds_between, compiler: Any, **kw: Any) -> str:
    earlier, later = list(element.clauses)
    return (
        f"((julianday({compiler.process(later, **kw)}) - "
        f"julianday({compiler.process(earlier, **kw)})) * 86400.0)"
    )


@compiles(seconds_between, "postgresql")
def _seconds_postgresql(element: seconds_between, compiler: Any, **kw: Any) -> str:
    earlier, later = list(element.clauses)
    return (
        f"EXTRACT(EPOCH FROM ({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)}))"
    )


@dataclass(frozen=True)
class SideNumbers:
    """Questions asked on one side in the week, how many were marked answered, and how fast."""

    side: Side
    asked: int
    answered: int
    median_answer_seconds: float | None


class DigestCommunityRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def side_numbers(
        self, guild_id: int, start: datetime, end: datetime
    ) -> list[SideNumbers]:
        """Per origin side: questions asked in [start, end), answered before ``end``, median time.

        Anonymous counts: every question asked counts, whoever asked it. Both queries read
        only the index ``ix_questions_guild_week``.
        """
        in_week = (
            Question.guild_id == guild_id,
            Question.created_at >= start,
            Question.created_at < end,
        )
        answered = and_(Question.answered_at.is_not(None), Question.answered_at < end)
        # One row of sums rather than GROUP BY side: no sort of the week's questions.
        sums = [
            func.sum(case((and_(Question.origin_side == side, *condition), 1), else_=0))
            for side in (Side.EN, Side.ZH)
            for condition in ((), (answered,))
        ]
        row = (await self._session.execute(select(*sums).where(*in_week))).one()
        en_asked, en_done, zh_asked, zh_done = (int(value or 0) for value in row)
        totals = {Side.EN: (en_asked, en_done), Side.ZH: (zh_asked, zh_done)}
        median = {
            side: await self._median_answer_seconds(side, done, in_week, answered)
            for side, (_, done) in totals.items()
        }
        numbers = []
        for side in (Side.EN, Side.ZH):
            asked, done = totals.get(side, (0, 0))
            numbers.append(SideNumbers(side, asked, done, median.get(side)))
        return numbers

    async def _median_answer_seconds(
        self,
        side: Side,
        answered_count: int,
        in_week: tuple[ColumnElement[bool], ...],
        answered: ColumnElement[bool],
    ) -> float | None:
        """The middle answer time (mean of the two middle ones) of ``answered_count`` questions.

        Knowing the count, the database keeps only the first half of a sort (ORDER BY with
        LIMIT/OFFSET) instead of numbering every row with window functions.
        """
        if answered_count == 0:
            return None
        seconds = seconds_between(Question.created_at, Question.answered_at)
        middle = await self._session.scalars(
            select(seconds)
            .where(*in_week, answered, Question.origin_side == side)
            .order_by(seconds)
            .offset((answered_count - 1) // 2)
            .limit(2 - answered_count % 2)
        )
        values = [float(value) for value in middle]
        return sum(values) / len(values) if values else None

    async def new_penpal_pairs(
        self, guild_id: int, start: datetime, end: datetime, *, opted_out_by_default: bool
    ) -> list[tuple[int, int]]:
        """(English member, Chinese member) of the pairs started in [start, end), both visible."""
        rows = await self._session.execute(
            select(PenpalPair.en_user_id, PenpalPair.zh_user_id)
            .where(
                PenpalPair.guild_id == guild_id,
                PenpalPair.started_at >= start,
                PenpalPair.started_at < end,
                may_appear(guild_id, PenpalPair.en_user_id, opted_out_by_default),
                may_appear(guild_id, PenpalPair.zh_user_id, opted_out_by_default),
            )
            .order_by(PenpalPair.started_at, PenpalPair.id)
        )
        return [(int(en), int(zh)) for en, zh in rows]

    async def cat_tax_newcomers(
        self, guild_id: int, start: datetime, end: datetime, *, opted_out_by_default: bool
    ) -> list[int]:
        """Members whose cat-tax post was approved in [start, end), oldest first, visible only."""
        rows = await self._session.scalars(
            select(CatTaxNewcomer.user_id)
            .where(
                CatTaxNewcomer.guild_id == guild_id,
                CatTaxNewcomer.approved_at >= start,
                CatTaxNewcomer.approved_at < end,
                may_appear(guild_id, CatTaxNewcomer.user_id, opted_out_by_default),
            )
            .order_by(CatTaxNewcomer.approved_at, CatTaxNewcomer.id)
        )
        return [int(user) for user in rows]

    async def question_times(
        self, guild_id: int, start: datetime, end: datetime
    ) -> list[tuple[Side, datetime]]:
        """(origin side, asked at) of the questions asked in [start, end): what
        ``side_numbers`` counts, for the chart's days. Anonymous too."""
        rows = await self._session.execute(
            select(Question.origin_side, Question.created_at).where(
                Question.guild_id == guild_id,
                Question.created_at >= start,
                Question.created_at < end,
            )
        )
        return [(side, asked) for side, asked in rows]

    async def answer_times(
        self, guild_id: int, start: datetime, end: datetime
    ) -> list[tuple[Side, datetime]]:
        """(the answerer's side, posted at) of the replies posted in question threads in
        [start, end), whatever week their question was asked; not a question's own post, not
        a deleted reply, not a correction card. Anonymous too."""
        reply = RelayedMessage
        rows = await self._session.execute(
            select(reply.origin_side, reply.created_at)
            .join(Question, Question.id == reply.question_id)
            .where(
                reply.guild_id == guild_id,
                reply.created_at >= start,
                reply.created_at < end,
                reply.is_deleted.is_(False),
                reply.correction_id.is_(None),
                reply.origin_message_id != Question.origin_message_id,
            )
        )
        return [(side, posted) for side, posted in rows]
