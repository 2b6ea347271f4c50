"""Corrections and practice channels (the learning features' rows for the Correct menu)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import Side
from db.models import Correction, PracticeChannel, RelayedMessage
from db.repositories.guild import ensure_guild_exists
from db.repositories.insert_ignore import insert_ignoring_conflicts


class CorrectionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        *,
        guild_id: int,
        channel_id: int,
        message_id: int,
        learner_id: int,
        corrector_id: int,
        language: Side,
        original_text: str,
        corrected_text: str,
        note: str | None,
        note_language: Side | None,
    ) -> Correction:
        await ensure_guild_exists(self._session, guild_id)
        row = Correction(
            guild_id=guild_id,
            channel_id=channel_id,
            message_id=message_id,
            learner_id=learner_id,
            corrector_id=corrector_id,
            language=language,
            original_text=original_text,
            corrected_text=corrected_text,
            note=note,
            note_language=note_language,
        )
        self._session.add(row)
        await self._session.flush()
        return row

    async def get(self, correction_id: int) -> Correction | None:
        return await self._session.get(Correction, correction_id)

    async def find_by_card(self, card_message_id: int) -> Correction | None:
        """The correction whose card (on the side it was asked) is this message."""
        return await self._session.scalar(
            select(Correction).where(Correction.card_message_id == card_message_id)
        )

    async def cards_for_messages(self, message_ids: Collection[int]) -> Sequence[Correction]:
        """Corrections of these messages that have a card on Discord."""
        if not message_ids:
            return []
        result = await self._session.scalars(
            select(Correction).where(
                Correction.message_id.in_(list(message_ids)),
                Correction.card_message_id.is_not(None),
            )
        )
        return result.all()

    async def mark_helpful(self, correction: Correction, now: datetime) -> bool:
        """The learner found it helpful; False when they had said so already (counted once)."""
        if correction.helpful_at is not None:
            return False
        correction.helpful_at = now
        correction.helpful_count += 1
        await self._session.flush()
        return True

    async def involving(self, guild_id: int, user_id: int) -> Sequence[Correction]:
        """Corrections the member received or gave in this guild, oldest first."""
        result = await self._session.scalars(
            select(Correction)
            .where(
                Correction.guild_id == guild_id,
                or_(Correction.learner_id == user_id, Correction.corrector_id == user_id),
            )
            .order_by(Correction.id)
        )
        return result.all()

    async def card_relays(self, correction_ids: Collection[int]) -> Sequence[RelayedMessage]:
        """The relays that carry these corrections' cards to the other side."""
        if not correction_ids:
            return []
        result = await self._session.scalars(
            select(RelayedMessage).where(RelayedMessage.correction_id.in_(list(correction_ids)))
        )
        return result.all()

    async def delete(self, correction_ids: Collection[int]) -> int:
        """Delete corrections (their card relays go with them: ``ON DELETE CASCADE``)."""
        if not correction_ids:
            return 0
        ids = list(correction_ids)
        await self._session.execute(
            delete(RelayedMessage).where(RelayedMessage.correction_id.in_(ids))
        )
        result = await self._session.execute(delete(Correction).where(Correction.id.in_(ids)))
        return int(getattr(result, "rowcount", 0) or 0)


class PracticeChannelRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, guild_id: int, channel_id: int, added_by: int) -> bool:
        """Mark a channel for practice; False when it was already."""
        await ensure_guild_exists(self._session, guild_id)
        if await self._session.get(PracticeChannel, channel_id) is not None:
            return False
        await insert_ignoring_conflicts(
            self._session,
            PracticeChannel,
            [{"channel_id": channel_id, "guild_id": guild_id, "added_by": added_by}],
            ["channel_id"],
        )
        return True

    async def remove(self, guild_id: int, channel_id: int) -> bool:
        result = await self._session.execute(
            delete(PracticeChannel).where(
                PracticeChannel.guild_id == guild_id, PracticeChannel.channel_id == channel_id
            )
        )
        return bool(getattr(result, "rowcount", 0))

    async def list(self, guild_id: int) -> list[int]:
        result = await self._session.scalars(
            select(PracticeChannel.channel_id)
            .where(PracticeChannel.guild_id == guild_id)
            .order_by(PracticeChannel.created_at, PracticeChannel.channel_id)
        )
        return list(result.all())

    async def any_of(self, channel_ids: Collection[int]) -> bool:
        """Is any of these channels (a thread and its parent) a practice channel?"""
        ids = [c for c in channel_ids if c]
        if not ids:
            return False
        found = await self._session.scalar(
            select(PracticeChannel.channel_id).where(PracticeChannel.channel_id.in_(ids)).limit(1)
        )
        return found is not None
