"""The digest's learning section: the week's most helpful corrections and improved translations.

Both members a row is about must be allowed in the digest (``may_appear``): the learner and
the corrector of a correction; the editor and the source text's author of an improvement (an
improvement whose author is unknown is left out: nobody can say they agreed to be quoted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Correction, TranslationMemoryEntry
from db.repositories.digest_exchanges import may_appear

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """The first rows of a ranking and how many there are in all."""

    rows: list[T]
    total: int


class DigestLearningRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def helpful_corrections(
        self,
        guild_id: int,
        start: datetime,
        end: datetime,
        *,
        limit: int,
        opted_out_by_default: bool,
    ) -> Page[Correction]:
        """Corrections made in [start, end) that their learner marked helpful, most helpful
        first (then the earliest thanked). Only the learner's own thanks puts a correction of
        their words in front of the server."""
        where = (
            Correction.guild_id == guild_id,
            Correction.created_at >= start,
            Correction.created_at < end,
            Correction.helpful_at.is_not(None),
            Correction.card_message_id.is_not(None),
            may_appear(guild_id, Correction.learner_id, opted_out_by_default),
            may_appear(guild_id, Correction.corrector_id, opted_out_by_default),
        )
        rows = await self._session.scalars(
            select(Correction)
            .where(*where)
            .order_by(Correction.helpful_count.desc(), Correction.helpful_at, Correction.id)
            .limit(limit)
        )
        total = await self._session.scalar(select(func.count()).where(*where))
        return Page(list(rows), int(total or 0))

    async def improvements(
        self,
        guild_id: int,
        start: datetime,
        end: datetime,
        *,
        limit: int,
        opted_out_by_default: bool,
    ) -> Page[TranslationMemoryEntry]:
        """Translations members improved in [start, end) and nobody reverted, oldest first."""
        entry = TranslationMemoryEntry
        where = (
            entry.guild_id == guild_id,
            entry.created_at >= start,
            entry.created_at < end,
            entry.reverted_at.is_(None),
            entry.source_author_id.is_not(None),
            may_appear(guild_id, entry.editor_id, opted_out_by_default),
            may_appear(guild_id, entry.source_author_id, opted_out_by_default),  # type: ignore[arg-type]
        )
        rows = await self._session.scalars(
            select(entry).where(*where).order_by(entry.created_at, entry.id).limit(limit)
        )
        total = await self._session.scalar(select(func.count()).where(*where))
        return Page(list(rows), int(total or 0))
