"""Correction cards in conversations: stored as relays like any reply, marked by
``correction_id`` so the worker renders them per side instead of translating them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.relay.conversation import find_conversation, record_in_conversation
from bot.services.relay.port import IncomingMessage
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
        row = await record_in_conversation(session, conversation, card, retry_at=now, lease=lease)
        row.correction_id = correction_id
        await session.flush()
        return row.id
