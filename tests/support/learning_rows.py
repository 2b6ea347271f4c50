"""Writes the learning features' rows as their cogs store them (corrections and improved
translations), so the digest's tests need not wait for those features."""

from __future__ import annotations

import itertools
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import Side
from db.models import Correction, TranslationMemoryEntry
from db.text_hash import text_hash

_ids = itertools.count(7 * 10**17)


async def add_correction(
    session: AsyncSession,
    guild_id: int,
    *,
    learner: int,
    corrector: int,
    at: datetime,
    original: str,
    corrected: str,
    language: Side = Side.ZH,
    note: str | None = None,
    helpful: int = 1,
    thanked_at: datetime | None = None,
    channel_id: int = 11,
) -> Correction:
    """A correction whose card was posted; ``helpful=0`` leaves it unthanked."""
    correction = Correction(
        guild_id=guild_id,
        channel_id=channel_id,
        message_id=next(_ids),
        learner_id=learner,
        corrector_id=corrector,
        language=language,
        original_text=original,
        corrected_text=corrected,
        note=note,
        card_message_id=next(_ids),
        helpful_at=(thanked_at or at) if helpful else None,
        helpful_count=helpful,
        created_at=at,
    )
    session.add(correction)
    await session.flush()
    return correction


async def add_improvement(
    session: AsyncSession,
    guild_id: int,
    *,
    editor: int,
    author: int | None,
    at: datetime,
    source: str,
    machine: str,
    human: str,
    source_side: Side = Side.ZH,
    reverted: bool = False,
) -> TranslationMemoryEntry:
    """An improved translation in the memory (reverted at once when ``reverted``)."""
    entry = TranslationMemoryEntry(
        guild_id=guild_id,
        source_side=source_side,
        target_side=source_side.other,
        source_hash=text_hash(source),
        source_text=source,
        glossary_key="none",
        machine_text=machine,
        human_text=human,
        editor_id=editor,
        editor_name=f"member{editor}",
        source_author_id=author,
        reverted_at=at if reverted else None,
        reverted_by=author if reverted else None,
        created_at=at,
    )
    session.add(entry)
    await session.flush()
    return entry
