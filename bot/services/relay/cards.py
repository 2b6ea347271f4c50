"""Correction cards in conversations: stored as relays like any reply, marked by
``correction_id`` so the worker renders them per side instead of translating them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.relay.conversation import find_conversation
from bot.services.relay.port import IncomingMessage
from db.enums import Side
from db.repositories.relay import RelayRepository
from db.repositories.relay_claims import Lease


async def record_card(
    sessions: async_sessionmaker[AsyncSession],
    card: IncomingMessage,
    correction_id: int,
    now: datetime,
    lease: Lease,
) -> int | None:
    """Store the card's relay, already claimed by this process; None when its thread is no
    conversation (the card then stays where it was asked)."""
    assert card.thread_id is not None
    async with sessions() as session, session.begin():
        conversation = await find_conversation(session, card.thread_id)
        if conversation is None:
            return None
        side: Side = conversation.side
        row = await RelayRepository(session).record_pending(
            guild_id=card.guild_id,
            origin_side=side,
            author_id=card.author.id,
            author_name=card.author.display_name,
            author_avatar_url=card.author.avatar_url,
            origin_message_id=card.message_id,
            origin_channel_id=card.channel_id,
            origin_thread_id=card.thread_id,
            mirror_channel_id=conversation.mirror_channel_id or 0,
            mirror_thread_id=conversation.mirror_thread_id,
            original_text=card.text,
            reply_to_message_id=card.reply_to_message_id,
            question_id=conversation.question_id,
            penpal_pair_id=conversation.penpal_pair_id,
            retry_at=now,
            lease=lease,
        )
        row.correction_id = correction_id
        await session.flush()
        return row.id
