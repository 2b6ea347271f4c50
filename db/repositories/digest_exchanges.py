"""The digest's exchanges: each question's engagement, ranked per origin side, and its texts.

Engagement is aggregated in the database over the messages of the questions asked in the week
(up to the week's end), read from the covering index ``ix_relayed_messages_question_engagement``.
Opted-out askers and repliers, deleted messages and questions whose opening post was deleted
or forgotten are excluded here, so nothing above this layer can show them by mistake.
Replies of opted-out members still count in the numbers, anonymously; their text never shows.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    distinct,
    exists,
    func,
    select,
    text,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from db.enums import Side
from db.models import Member, Question, RelayedMessage

# Weights of the engagement score. Crossing sides is what the exchange is for: the messages of
# the quieter side count extra (a question both sides talked about beats a one-sided thread),
# and reactions on a mirror come from the other side's readers.
CROSSING_WEIGHT = 4
MESSAGE_WEIGHT = 1
PARTICIPANT_WEIGHT = 2
MIRROR_REACTION_WEIGHT = 2
ORIGIN_REACTION_WEIGHT = 1


@dataclass(frozen=True)
class ExchangeEngagement:
    """One question's numbers over the week: messages per side, people, reactions, score."""

    question_id: int
    origin_side: Side
    en_messages: int
    zh_messages: int
    participants: int
    origin_reactions: int
    mirror_reactions: int
    score: int
    rank_in_side: int

    @property
    def crosses_sides(self) -> bool:
        return self.en_messages > 0 and self.zh_messages > 0


@dataclass(frozen=True)
class ExchangeTexts:
    """What the digest quotes of a question: its opening post and its best answer, if any."""

    question: Question
    opening: RelayedMessage | None
    best_answer: RelayedMessage | None


def may_appear(
    guild_id: QueryableAttribute[int] | int,
    user_id: QueryableAttribute[int],
    opted_out_by_default: bool,
) -> ColumnElement[bool]:
    """The member may appear in the digest: their own choice, else the guild's default.

    A correlated EXISTS rather than a join, so it is checked once per row of the table it
    guards (a question, a pair) and never multiplies with the messages aggregated after it.
    """
    member = (Member.guild_id == guild_id, Member.user_id == user_id)
    if opted_out_by_default:
        return exists().where(*member, Member.digest_opt_out.is_(False))
    return ~exists().where(*member, Member.digest_opt_out.is_(True))


class DigestExchangeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def ranked_exchanges(
        self,
        guild_id: int,
        start: datetime,
        end: datetime,
        *,
        per_side: int,
        opted_out_by_default: bool,
    ) -> list[ExchangeEngagement]:
        """The ``per_side`` most engaging questions asked in [start, end) on each origin side.

        Ordered by side, then rank (score descending, older question first on ties).
        """
        in_week = (
            Question.guild_id == guild_id,
            Question.created_at >= start,
            Question.created_at < end,
        )
        # Question ids grow with time, so the week's questions lie in [first, last]: bounding
        # the relay index to that range keeps a merge join from reading older history.
        # (The count also keeps PostgreSQL from answering min/max by walking the primary key.)
        asked, first, last = (
            await self._session.execute(
                select(func.count(), func.min(Question.id), func.max(Question.id)).where(*in_week)
            )
        ).one()
        if not asked:
            return []
        message = RelayedMessage
        # Read from the same index entries as the rest: is the opening post still there?
        has_opening = func.max(
            case((message.origin_message_id == Question.origin_message_id, 1), else_=0)
        )
        per_question = (
            select(
                Question.id.label("question_id"),
                Question.origin_side.label("origin_side"),
                func.sum(case((message.origin_side == Side.EN, 1), else_=0)).label("en"),
                func.sum(case((message.origin_side == Side.ZH, 1), else_=0)).label("zh"),
                func.count(distinct(message.author_id)).label("participants"),
                func.sum(message.origin_reaction_count).label("origin_reactions"),
                func.sum(message.mirror_reaction_count).label("mirror_reactions"),
            )
            .select_from(Question)
            .join(
                message,
                and_(
                    message.question_id == Question.id,
                    message.question_id.between(first, last),
                    message.created_at < end,
                    message.is_deleted.is_(False),
                ),
            )
            .where(
                *in_week,
                may_appear(Question.guild_id, Question.asker_id, opted_out_by_default),
            )
            # The order of ix_questions_guild_week: SQLite groups without sorting.
            .group_by(Question.created_at, Question.id)
            # A deleted (or forgotten) opening post takes its question out of the digest.
            .having(has_opening == 1)
            # Read by both sides' top-N below: materialized once (SQLite and PostgreSQL).
            .cte("engagement")
        )
        c = per_question.c
        crossing = case((c.en < c.zh, c.en), else_=c.zh)
        score = (
            CROSSING_WEIGHT * crossing
            + MESSAGE_WEIGHT * (c.en + c.zh)
            + PARTICIPANT_WEIGHT * c.participants
            + MIRROR_REACTION_WEIGHT * c.mirror_reactions
            + ORIGIN_REACTION_WEIGHT * c.origin_reactions
        ).label("score")

        def best_of(side: Side) -> Select[Any]:
            # A top-N per side (a bounded heap) rather than a window over every question.
            best = (
                select(per_question, score)
                .where(c.origin_side == side)
                .order_by(score.desc(), c.question_id)
                .limit(per_side)
                .subquery()
            )
            return select(best)

        if self._session.get_bind().dialect.name == "postgresql":
            # JIT compilation cost ~150-200 ms here (measured), more than it saves on this
            # one-off aggregate; LOCAL keeps the setting to this transaction.
            await self._session.execute(text("SET LOCAL jit = off"))
        rows = await self._session.execute(union_all(best_of(Side.EN), best_of(Side.ZH)))
        ordered = sorted(rows, key=lambda row: (row.origin_side, -row.score, row.question_id))
        ranks: dict[str, int] = {}
        exchanges = []
        for row in ordered:
            ranks[row.origin_side] = ranks.get(row.origin_side, 0) + 1
            exchanges.append(
                ExchangeEngagement(
                    question_id=row.question_id,
                    origin_side=Side(row.origin_side),
                    en_messages=int(row.en),
                    zh_messages=int(row.zh),
                    participants=int(row.participants),
                    origin_reactions=int(row.origin_reactions),
                    mirror_reactions=int(row.mirror_reactions),
                    score=int(row.score),
                    rank_in_side=ranks[row.origin_side],
                )
            )
        return exchanges

    async def exchange_texts(
        self, question_ids: Collection[int], end: datetime, *, opted_out_by_default: bool
    ) -> dict[int, ExchangeTexts]:
        """Each question with its opening relay and its best answer from the other side.

        The best answer is the other side's most-reacted reply before ``end`` that is neither
        deleted nor written by a member who opted out.
        """
        if not question_ids:
            return {}
        openings = await self._session.execute(
            select(Question, RelayedMessage)
            .outerjoin(
                RelayedMessage, RelayedMessage.origin_message_id == Question.origin_message_id
            )
            .where(Question.id.in_(question_ids))
        )
        answers = {
            answer.question_id: answer
            for answer in await self._best_answers(question_ids, end, opted_out_by_default)
        }
        return {
            question.id: ExchangeTexts(question, opening, answers.get(question.id))
            for question, opening in openings
        }

    async def _best_answers(
        self, question_ids: Collection[int], end: datetime, opted_out_by_default: bool
    ) -> Sequence[RelayedMessage]:
        reply = RelayedMessage
        reactions = reply.origin_reaction_count + reply.mirror_reaction_count
        rank = func.row_number().over(
            partition_by=reply.question_id, order_by=(reactions.desc(), reply.created_at, reply.id)
        )
        ranked = (
            select(reply.id.label("id"), rank.label("rank"))
            .join(Question, Question.id == reply.question_id)
            .where(
                reply.question_id.in_(question_ids),
                reply.origin_side != Question.origin_side,
                reply.is_deleted.is_(False),
                reply.correction_id.is_(None),  # a correction card is no answer
                reply.created_at < end,
                may_appear(reply.guild_id, reply.author_id, opted_out_by_default),
            )
            .subquery()
        )
        result = await self._session.scalars(
            select(RelayedMessage)
            .join(ranked, ranked.c.id == RelayedMessage.id)
            .where(ranked.c.rank == 1)
        )
        return result.all()
