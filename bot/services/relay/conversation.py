"""Which conversation a thread belongs to: a question's thread or a pen-pal pair's private one.

The relay mirrors both the same way; this answers "which side wrote, and where does the
mirror go". An ended pair is no conversation any more: nothing is relayed from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.relay.port import IncomingMessage
from bot.translation.languages import Reader, reader_for_discord_locale
from db.enums import Side
from db.models import PenpalPair, RelayedMessage
from db.repositories.member import MemberRepository
from db.repositories.penpal import PenpalRepository
from db.repositories.question import QuestionRepository
from db.repositories.relay import RelayRepository
from db.repositories.relay_claims import Lease


@dataclass(frozen=True)
class Conversation:
    side: Side  # the language side of the thread the message was written in
    mirror_channel_id: int | None
    mirror_thread_id: int | None  # None while a question's mirror thread is still pending
    question_id: int | None = None
    penpal_pair_id: int | None = None


async def find_conversation(session: AsyncSession, thread_id: int) -> Conversation | None:
    """The question or active pen-pal pair that owns ``thread_id``, seen from that thread."""
    question = await QuestionRepository(session).find_by_thread(thread_id)
    if question is not None:
        on_origin = thread_id == question.origin_thread_id
        return Conversation(
            side=question.origin_side if on_origin else question.origin_side.other,
            mirror_channel_id=question.mirror_channel_id
            if on_origin
            else question.origin_channel_id,
            mirror_thread_id=question.mirror_thread_id if on_origin else question.origin_thread_id,
            question_id=question.id,
        )
    found = await PenpalRepository(session).active_pair_by_thread(thread_id)
    if found is None:
        return None
    pair, guild = found
    if thread_id == pair.en_thread_id:
        return Conversation(
            Side.EN, guild.penpal_zh_channel_id, pair.zh_thread_id, penpal_pair_id=pair.id
        )
    return Conversation(
        Side.ZH, guild.penpal_en_channel_id, pair.en_thread_id, penpal_pair_id=pair.id
    )


async def conversation_closed(session: AsyncSession, relay: RelayedMessage) -> bool:
    """True for a message of a pen-pal pair that has ended (no edits or retries reach it)."""
    if relay.penpal_pair_id is None:
        return False
    pair = await session.get(PenpalPair, relay.penpal_pair_id)
    return pair is None or pair.ended_at is not None


async def pen_pal_script(session: AsyncSession, pair_id: int) -> Reader | None:
    """The Chinese script the pair's Chinese-side member reads in, if they have one.

    A pair's mirror has exactly one reader, so their own choice (else their Discord locale)
    wins over the server's default, unlike a channel mirror that the whole side reads.
    """
    pair = await session.get(PenpalPair, pair_id)
    if pair is None:
        return None
    member = await MemberRepository(session).get(pair.guild_id, pair.zh_user_id)
    if member is None:
        return None
    if member.script is not None:
        return Reader.for_script(member.script)
    from_locale = reader_for_discord_locale(member.locale)
    return from_locale if from_locale.side is Side.ZH else None


async def record_in_conversation(
    session: AsyncSession,
    conversation: Conversation,
    message: IncomingMessage,
    *,
    retry_at: datetime,
    lease: Lease,
) -> RelayedMessage:
    """Store a message of ``conversation`` as a pending relay to the other side, claimed by
    ``lease``: a member's reply, or Yiqi's correction card."""
    return await RelayRepository(session).record_pending(
        guild_id=message.guild_id,
        origin_side=conversation.side,
        author_id=message.author.id,
        author_name=message.author.display_name,
        author_avatar_url=message.author.avatar_url,
        origin_message_id=message.message_id,
        origin_channel_id=message.channel_id,
        origin_thread_id=message.thread_id,
        mirror_channel_id=conversation.mirror_channel_id or 0,
        mirror_thread_id=conversation.mirror_thread_id,
        original_text=message.text,
        attachment_urls=message.attachments,
        reply_to_message_id=message.reply_to_message_id,
        question_id=conversation.question_id,
        penpal_pair_id=conversation.penpal_pair_id,
        retry_at=retry_at,
        lease=lease,
    )
