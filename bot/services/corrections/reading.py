"""A stored correction as one reader sees it: the note translated when it is in the other
language. Shared by the card where it was asked and by the relay's mirror of it."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.corrections.card import CardContent, render_card_off_loop
from bot.services.language.translator import GuildTranslator
from bot.translation.languages import Reader
from db.models import Correction
from db.repositories.corrections import CorrectionRepository


async def card_content(
    translator: GuildTranslator, correction: Correction, corrector_name: str, reader: Reader
) -> CardContent:
    """``correction`` for ``reader``; a note in the other language is translated for them
    (and shown as written too)."""
    translated = None
    if correction.note:
        prior = correction.note_language
        result = await translator.for_reader(
            correction.note, correction.guild_id, reader, prior=prior
        )
        if result.is_translation and result.text.strip():
            translated = result.text
    return CardContent(
        original=correction.original_text,
        corrected=correction.corrected_text,
        corrector_name=corrector_name,
        reader=reader,
        note=correction.note,
        note_translated=translated,
        helpful=correction.helpful_at is not None,
    )


async def rendered_card(
    sessions: async_sessionmaker[AsyncSession],
    translator: GuildTranslator,
    correction_id: int,
    corrector_name: str,
    reader: Reader,
) -> str | None:
    """The card's text for ``reader``, as the correction is stored now; None when it is gone
    (forgotten)."""
    async with sessions() as session:
        correction = await CorrectionRepository(session).get(correction_id)
        if correction is None:
            return None
        session.expunge(correction)
    content = await card_content(translator, correction, corrector_name, reader)
    return await render_card_off_loop(content)
