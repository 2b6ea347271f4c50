"""A stored correction as one reader sees it: the note translated when it is in the other
language. Shared by the card where it was asked and by the relay's mirror of it."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.corrections.card import CardContent, render_card_off_loop
from bot.services.corrections.wanted import Place
from bot.services.language.translator import GuildTranslator
from bot.services.relay.conversation import find_conversation, pen_pal_script
from bot.translation.languages import Reader, reader_for_discord_locale
from db.enums import Side
from db.models import Correction
from db.repositories.corrections import CorrectionRepository
from db.repositories.member import MemberRepository


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


async def card_reader(
    session: AsyncSession, translator: GuildTranslator, guild_id: int, learner_id: int, place: Place
) -> Reader:
    """Who reads a card posted at ``place``: that side of a bridge or a pen-pal pair (a
    Chinese pen pal in their own script), else (outside bridges) the learner it is for."""
    conversation = await find_conversation(session, place.channel_id)
    if conversation is not None:
        if conversation.penpal_pair_id is not None and conversation.side is Side.ZH:
            own = await pen_pal_script(session, conversation.penpal_pair_id)
            if own is not None:
                return own
        return await translator.reader_of_side(guild_id, conversation.side)
    member = await MemberRepository(session).get(guild_id, learner_id)
    if member is not None and member.side is not None:
        script = member.script
        return Reader.for_script(script) if script else Reader.for_side(member.side)
    return reader_for_discord_locale(member.locale if member else None)
