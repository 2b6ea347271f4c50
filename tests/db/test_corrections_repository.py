"""Corrections and practice channels in the database (SQLite, and PostgreSQL when set)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import Side
from db.repositories.corrections import CorrectionRepository, PracticeChannelRepository

GUILD = 5_000_000_000_000_001
NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


async def test_corrections_are_found_by_card_counted_once_and_deleted(
    session: AsyncSession,
) -> None:
    repo = CorrectionRepository(session)
    row = await repo.add(
        guild_id=GUILD,
        channel_id=10,
        message_id=11,
        learner_id=1,
        corrector_id=2,
        language=Side.EN,
        original_text="I has",
        corrected_text="I have",
        note="agreement",
        note_language=Side.EN,
    )
    row.card_message_id = 12
    await session.flush()
    assert (await repo.find_by_card(12)) is row
    assert await repo.mark_helpful(row, NOW)
    assert not await repo.mark_helpful(row, NOW)
    assert row.helpful_count == 1
    assert [c.id for c in await repo.involving(GUILD, 1)] == [row.id]
    assert [c.id for c in await repo.involving(GUILD, 2)] == [row.id]
    assert await repo.involving(GUILD, 3) == []
    assert await repo.delete([row.id]) == 1
    assert await repo.find_by_card(12) is None


async def test_practice_channels(session: AsyncSession) -> None:
    repo = PracticeChannelRepository(session)
    assert await repo.add(GUILD, 20, added_by=1)
    assert not await repo.add(GUILD, 20, added_by=1)
    assert await repo.any_of([99, 20]) and not await repo.any_of([99])
    assert await repo.list(GUILD) == [20]
    assert await repo.remove(GUILD, 20) and not await repo.remove(GUILD, 20)
