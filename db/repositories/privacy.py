"""One member's stored data across tables: read it all (export) or remove it (forget).

Flush-only like every repository; the privacy service runs a whole forget in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    CatTaxNewcomer,
    Member,
    PenpalBlock,
    PenpalPair,
    PenpalProfile,
    PenpalReport,
    Question,
    RelayedMessage,
    TranslationCacheEntry,
)

# Bound parameters per IN (...) list, well under SQLite's and asyncpg's limits.
_CHUNK = 500


class PrivacyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def questions_asked(self, guild_id: int, user_id: int) -> Sequence[Question]:
        """The member's questions in the guild, oldest first."""
        result = await self._session.scalars(
            select(Question)
            .where(Question.guild_id == guild_id, Question.asker_id == user_id)
            .order_by(Question.created_at, Question.id)
        )
        return result.all()

    async def relays_written(self, guild_id: int, user_id: int) -> Sequence[RelayedMessage]:
        """The member's relayed messages in the guild (exchange and pen-pal), oldest first."""
        result = await self._session.scalars(
            select(RelayedMessage)
            .where(RelayedMessage.guild_id == guild_id, RelayedMessage.author_id == user_id)
            .order_by(RelayedMessage.created_at, RelayedMessage.id)
        )
        return result.all()

    async def penpal_profile(self, guild_id: int, user_id: int) -> PenpalProfile | None:
        return await self._session.scalar(
            select(PenpalProfile).where(
                PenpalProfile.guild_id == guild_id, PenpalProfile.user_id == user_id
            )
        )

    async def penpal_pairs(self, guild_id: int, user_id: int) -> Sequence[PenpalPair]:
        """Pairs the member was part of, on either side."""
        result = await self._session.scalars(
            select(PenpalPair)
            .where(
                PenpalPair.guild_id == guild_id,
                or_(PenpalPair.en_user_id == user_id, PenpalPair.zh_user_id == user_id),
            )
            .order_by(PenpalPair.started_at, PenpalPair.id)
        )
        return result.all()

    async def penpal_blocks_made(self, guild_id: int, user_id: int) -> Sequence[PenpalBlock]:
        result = await self._session.scalars(
            select(PenpalBlock)
            .where(PenpalBlock.guild_id == guild_id, PenpalBlock.blocker_id == user_id)
            .order_by(PenpalBlock.id)
        )
        return result.all()

    async def penpal_reports_made(self, guild_id: int, user_id: int) -> Sequence[PenpalReport]:
        result = await self._session.scalars(
            select(PenpalReport)
            .where(PenpalReport.guild_id == guild_id, PenpalReport.reporter_id == user_id)
            .order_by(PenpalReport.id)
        )
        return result.all()

    async def cat_tax_entry(self, guild_id: int, user_id: int) -> CatTaxNewcomer | None:
        return await self._session.scalar(
            select(CatTaxNewcomer).where(
                CatTaxNewcomer.guild_id == guild_id, CatTaxNewcomer.user_id == user_id
            )
        )

    async def delete_relays(self, relay_ids: Iterable[int]) -> int:
        """Delete relayed-message rows by id; returns how many went."""
        ids = list(relay_ids)
        removed = 0
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            result = await self._session.execute(
                delete(RelayedMessage).where(RelayedMessage.id.in_(chunk))
            )
            removed += _rowcount(result)
        await self._session.flush()
        return removed

    async def blank_questions(self, guild_id: int, user_id: int) -> int:
        """Remove the text of the member's questions; the rows (and threads) stay."""
        result = await self._session.execute(
            update(Question)
            .where(Question.guild_id == guild_id, Question.asker_id == user_id)
            .values(title="", body="", pivot_text_en=None)
            .execution_options(synchronize_session=False)
        )
        await self._session.flush()
        return _rowcount(result)

    async def delete_member_rows(self, guild_id: int, user_id: int) -> None:
        """The member's settings, pen-pal profile (its proposals cascade) and cat-tax entry."""
        for model in (Member, PenpalProfile, CatTaxNewcomer):
            await self._session.execute(
                delete(model).where(model.guild_id == guild_id, model.user_id == user_id)
            )
        await self._session.flush()

    async def delete_cached_translations(self, text_hashes: Iterable[str]) -> int:
        """Drop cached translations of these source texts (sha256 hex), in any direction."""
        hashes = sorted(set(text_hashes))
        removed = 0
        for start in range(0, len(hashes), _CHUNK):
            chunk = hashes[start : start + _CHUNK]
            result = await self._session.execute(
                delete(TranslationCacheEntry).where(TranslationCacheEntry.text_hash.in_(chunk))
            )
            removed += _rowcount(result)
        await self._session.flush()
        return removed


def _rowcount(result: object) -> int:
    # DML results carry rowcount; the generic Result type does not declare it.
    count = getattr(result, "rowcount", 0)
    return int(count) if count and count > 0 else 0
