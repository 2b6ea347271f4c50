"""Writes a week of exchanges as the relay stores them: questions, their openings and replies."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import RelayStatus, Side
from db.models import CatTaxNewcomer, Guild, Member, PenpalPair, Question, RelayedMessage

GUILD = 1
EN_CHANNEL, ZH_CHANNEL = 11, 12
# 2025-W03 in Asia/Shanghai: Monday 2025-01-13 00:00 +08:00 = Sunday 16:00 UTC.
WEEK_START = datetime(2025, 1, 12, 16, 0, tzinfo=UTC)


class WeekWriter:
    """Adds rows in one session; ``await writer.commit()`` when done."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._ids = itertools.count(10**15)

    def _snowflake(self) -> int:
        return next(self._ids)

    async def guild(
        self, *, prefer_traditional: bool = False, opted_out_by_default: bool = False
    ) -> Guild:
        guild = Guild(
            id=GUILD,
            prefer_traditional=prefer_traditional,
            digest_opt_out_by_default=opted_out_by_default,
        )
        self.session.add(guild)
        await self.session.flush()
        return guild

    async def member(self, user_id: int, *, opted_out: bool | None) -> None:
        self.session.add(Member(guild_id=GUILD, user_id=user_id, digest_opt_out=opted_out))
        await self.session.flush()

    async def question(
        self,
        side: Side,
        text: str,
        *,
        asker: int,
        at: datetime,
        translation: str | None = "translated",
        answered_after: timedelta | None = None,
        deleted: bool = False,
    ) -> Question:
        """A question and its opening relay (with the translation the relay stored)."""
        thread, mirror_thread = self._snowflake(), self._snowflake()
        channels = (EN_CHANNEL, ZH_CHANNEL) if side is Side.EN else (ZH_CHANNEL, EN_CHANNEL)
        question = Question(
            guild_id=GUILD,
            asker_id=asker,
            origin_side=side,
            title=text[:90],
            body=text,
            origin_channel_id=channels[0],
            origin_thread_id=thread,
            origin_message_id=self._snowflake(),
            mirror_channel_id=channels[1],
            mirror_thread_id=mirror_thread,
            answered_at=at + answered_after if answered_after else None,
            created_at=at,
        )
        self.session.add(question)
        await self.session.flush()
        assert question.origin_message_id is not None
        self._relay(
            question,
            side,
            text,
            author=asker,
            at=at,
            translation=translation,
            message_id=question.origin_message_id,
            deleted=deleted,
        )
        await self.session.flush()
        return question

    async def reply(
        self,
        question: Question,
        side: Side,
        text: str,
        *,
        author: int,
        at: datetime,
        translation: str | None = "translated",
        reactions: tuple[int, int] = (0, 0),
        deleted: bool = False,
    ) -> RelayedMessage:
        relay = self._relay(
            question,
            side,
            text,
            author=author,
            at=at,
            translation=translation,
            message_id=self._snowflake(),
            deleted=deleted,
            reactions=reactions,
        )
        await self.session.flush()
        return relay

    def _relay(
        self,
        question: Question,
        side: Side,
        text: str,
        *,
        author: int,
        at: datetime,
        translation: str | None,
        message_id: int,
        deleted: bool,
        reactions: tuple[int, int] = (0, 0),
    ) -> RelayedMessage:
        on_origin = side is question.origin_side
        threads = (question.origin_thread_id, question.mirror_thread_id)
        channels = (question.origin_channel_id, question.mirror_channel_id or 0)
        if not on_origin:
            threads, channels = threads[::-1], channels[::-1]
        relay = RelayedMessage(
            guild_id=GUILD,
            question_id=question.id,
            origin_side=side,
            author_id=author,
            author_name=f"member{author}",
            origin_message_id=message_id,
            origin_channel_id=channels[0],
            origin_thread_id=threads[0],
            mirror_channel_id=channels[1],
            mirror_thread_id=threads[1],
            mirror_message_id=self._snowflake(),
            original_text=text,
            translated_text=translation,
            status=RelayStatus.DELIVERED,
            is_deleted=deleted,
            origin_reaction_count=reactions[0],
            mirror_reaction_count=reactions[1],
            created_at=at,
        )
        self.session.add(relay)
        return relay

    async def pair(self, en_user: int, zh_user: int, *, at: datetime) -> None:
        self.session.add(
            PenpalPair(guild_id=GUILD, en_user_id=en_user, zh_user_id=zh_user, started_at=at)
        )
        await self.session.flush()

    async def newcomer(self, user_id: int, *, at: datetime | None) -> None:
        self.session.add(
            CatTaxNewcomer(
                guild_id=GUILD, user_id=user_id, message_id=self._snowflake(), approved_at=at
            )
        )
        await self.session.flush()
