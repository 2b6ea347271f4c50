"""One member's stored data across tables: read it all (export) or remove it (forget).

Flush-only like every repository; the privacy service runs a whole forget in one transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import DigestStatus
from db.models import (
    AuthoredText,
    Bridge,
    CatTaxNewcomer,
    GlossaryTerm,
    Member,
    PenpalBlock,
    PenpalPair,
    PenpalProfile,
    PenpalProposal,
    PenpalReport,
    PostedDigest,
    Question,
    RelayedMessage,
    TranslationCacheEntry,
)
from db.repositories.relay_health import rowcount

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

    async def penpal_proposals(self, profile_id: int) -> Sequence[PenpalProposal]:
        result = await self._session.scalars(
            select(PenpalProposal)
            .where(
                or_(
                    PenpalProposal.en_profile_id == profile_id,
                    PenpalProposal.zh_profile_id == profile_id,
                )
            )
            .order_by(PenpalProposal.id)
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
            removed += rowcount(result)
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
        return rowcount(result)

    async def delete_member_rows(self, guild_id: int, user_id: int) -> None:
        """The member's settings, pen-pal profile (its proposals cascade) and cat-tax entry."""
        for model in (Member, PenpalProfile, CatTaxNewcomer):
            await self._session.execute(
                delete(model).where(model.guild_id == guild_id, model.user_id == user_id)
            )
        await self._session.flush()

    async def authored_hashes(self, guild_id: int, user_id: int) -> set[str]:
        """Fingerprints of every text the member's rows held, earlier versions included."""
        result = await self._session.scalars(
            select(AuthoredText.text_hash).where(
                AuthoredText.guild_id == guild_id, AuthoredText.user_id == user_id
            )
        )
        return set(result.all())

    async def relays_replying_to(
        self, guild_id: int, message_ids: Collection[int], author_id: int
    ) -> Sequence[RelayedMessage]:
        """Other members' relays that reply to one of ``message_ids`` (their mirrors quote it)."""
        ids = sorted(set(message_ids))
        found: list[RelayedMessage] = []
        for start in range(0, len(ids), _CHUNK):
            result = await self._session.scalars(
                select(RelayedMessage).where(
                    RelayedMessage.guild_id == guild_id,
                    RelayedMessage.author_id != author_id,
                    RelayedMessage.reply_to_message_id.in_(ids[start : start + _CHUNK]),
                )
            )
            found.extend(result.all())
        return found

    async def glossary_terms_added(self, guild_id: int, user_id: int) -> Sequence[GlossaryTerm]:
        result = await self._session.scalars(
            select(GlossaryTerm)
            .where(GlossaryTerm.guild_id == guild_id, GlossaryTerm.created_by_id == user_id)
            .order_by(GlossaryTerm.id)
        )
        return result.all()

    async def bridges_created(self, guild_id: int, user_id: int) -> Sequence[int]:
        result = await self._session.scalars(
            select(Bridge.id)
            .where(Bridge.guild_id == guild_id, Bridge.created_by_id == user_id)
            .order_by(Bridge.id)
        )
        return result.all()

    async def questions_answered(self, guild_id: int, user_id: int) -> Sequence[int]:
        """Questions of others the member marked answered (their id is on those rows)."""
        result = await self._session.scalars(
            select(Question.id)
            .where(Question.guild_id == guild_id, Question.answered_by_id == user_id)
            .order_by(Question.id)
        )
        return result.all()

    async def penpal_reports_about(self, guild_id: int, user_id: int) -> Sequence[PenpalReport]:
        """Reports naming the member: kept for moderators, not exported (another's words)."""
        result = await self._session.scalars(
            select(PenpalReport)
            .where(PenpalReport.guild_id == guild_id, PenpalReport.reported_id == user_id)
            .order_by(PenpalReport.id)
        )
        return result.all()

    async def digests_posted(self, guild_id: int) -> int:
        """Weekly digests posted in the guild: on Discord, beyond what forgetting reaches."""
        count = await self._session.scalar(
            select(func.count())
            .select_from(PostedDigest)
            .where(PostedDigest.guild_id == guild_id, PostedDigest.status == DigestStatus.POSTED)
        )
        return int(count or 0)

    async def cached_translations(
        self, text_hashes: Collection[str]
    ) -> Sequence[TranslationCacheEntry]:
        """The translation cache's rows for these source texts (sha256 hex)."""
        hashes = sorted(set(text_hashes))
        found: list[TranslationCacheEntry] = []
        for start in range(0, len(hashes), _CHUNK):
            result = await self._session.scalars(
                select(TranslationCacheEntry)
                .where(TranslationCacheEntry.text_hash.in_(hashes[start : start + _CHUNK]))
                .order_by(TranslationCacheEntry.id)
            )
            found.extend(result.all())
        return found

    async def delete_authored(self, guild_id: int, user_id: int) -> None:
        await self._session.execute(
            delete(AuthoredText).where(
                AuthoredText.guild_id == guild_id, AuthoredText.user_id == user_id
            )
        )
        await self._session.flush()
