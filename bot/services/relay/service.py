"""The Q&A relay (SPEC §3): questions open mirrored threads; replies, edits and deletes follow.

Discord-free: Discord operations go through a ``MirrorSink``. Every relayed message is stored
before it is sent, so a message that could not be translated or delivered is retried by the
sweep (``recovery.py``) instead of being lost. Sends into one mirror thread keep arrival order
(``ordering.py``) while translations of a burst still share model batches.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.exchange.bridges import BridgeInfo
from bot.services.exchange.similar import (
    EarlierQuestion,
    SimilarQuestion,
    earlier_questions,
    most_similar,
)
from bot.services.language.translator import GuildTranslator
from bot.services.relay.conversation import conversation_closed, find_conversation
from bot.services.relay.delivery import (
    MirrorDelivery,
    StoredRelay,
    pen_pal_reader,
    store_translation,
    stored_relay,
)
from bot.services.relay.ordering import ThreadOrder
from bot.services.relay.port import Author, IncomingMessage, MirrorSink
from bot.services.relay.question import (
    OpenedQuestion,
    PendingQuestion,
    QuestionTranslation,
    bridge_side,
    question_title,
    record_question,
    translate_question,
)
from bot.services.relay.quote import reply_quote
from bot.services.relay.recovery import RelayRecovery
from db.clock import Clock, utcnow
from db.enums import ChannelKind, Side
from db.models import RelayedMessage
from db.repositories.question import QuestionRepository
from db.repositories.relay import RelayRepository

# If this process dies between recording and sending, the sweep picks the message up.
CRASH_RETRY_DELAY = timedelta(seconds=60)


@dataclass(frozen=True)
class QuestionDraft:
    """An ``/ask`` question before it is posted: translated once, with earlier ones like it."""

    bridge: BridgeInfo
    side: Side
    author: Author
    text: str
    translation: QuestionTranslation
    similar: tuple[SimilarQuestion, ...]


class RelayService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        translator: GuildTranslator,
        *,
        clock: Clock = utcnow,
    ) -> None:
        self._sessions = sessions
        self._translator = translator
        self._clock = clock
        self._delivery = MirrorDelivery(sessions, translator, clock)
        self._recovery = RelayRecovery(sessions, translator, self._delivery, clock)
        self._order = ThreadOrder()

    async def open_question(
        self, sink: MirrorSink, message: IncomingMessage
    ) -> OpenedQuestion | None:
        """A new post in a bridged channel: a thread on it, a mirrored thread on the other side,
        and earlier questions like it. None when the channel is in no bridge."""
        async with self._sessions() as session, session.begin():
            found = await bridge_side(session, message.channel_id)
            if found is None:
                return None
            bridge, side = found
            earlier = await earlier_questions(session, message.guild_id)
            question = await record_question(
                session, bridge, side, message, retry_at=self._retry_at()
            )
        return await self._open(sink, question, message, earlier=earlier)

    async def preview(
        self, channel_id: int, guild_id: int, author: Author, text: str
    ) -> QuestionDraft | None:
        """``/ask`` before posting: the question translated, and earlier ones like it.
        None when ``channel_id`` (a bridged channel or a thread's parent) is in no bridge."""
        async with self._sessions() as session:
            found = await bridge_side(session, channel_id)
            if found is None:
                return None
            bridge, side = found
            earlier = await earlier_questions(session, guild_id)
        translation = await translate_question(
            self._translator, question_title(text), text, side, guild_id
        )
        similar = most_similar(translation.pivot, earlier)
        return QuestionDraft(bridge, side, author, text, translation, similar)

    async def ask(self, sink: MirrorSink, draft: QuestionDraft) -> OpenedQuestion:
        """``/ask``: post the draft as the asker on their side, then relay it like a post."""
        origin = draft.bridge.opposite(draft.side.other)
        title = question_title(draft.text)
        if origin.kind is ChannelKind.FORUM:
            posted = await sink.open_thread(origin.channel_id, title, draft.text, draft.author)
            message_id, thread_id = posted.message_id, posted.thread_id
        else:
            message_id = await sink.post_in_channel(origin.channel_id, draft.text, draft.author)
            thread_id = None
        message = IncomingMessage(
            draft.bridge.guild_id,
            origin.channel_id,
            message_id,
            draft.author,
            draft.text,
            thread_id,
        )
        async with self._sessions() as session, session.begin():
            question = await record_question(
                session, draft.bridge, draft.side, message, retry_at=self._retry_at()
            )
        return await self._open(
            sink, question, message, translation=draft.translation, similar=draft.similar
        )

    def _retry_at(self) -> datetime:
        return self._clock() + CRASH_RETRY_DELAY

    async def _open(
        self,
        sink: MirrorSink,
        question: PendingQuestion,
        message: IncomingMessage,
        *,
        earlier: list[EarlierQuestion] | None = None,
        translation: QuestionTranslation | None = None,
        similar: tuple[SimilarQuestion, ...] = (),
    ) -> OpenedQuestion:
        origin_thread = message.thread_id
        if origin_thread is None:  # a text-channel post gets a thread on it
            origin_thread = await sink.start_thread(
                message.channel_id, message.message_id, question_title(message.text)
            )
            async with self._sessions() as session, session.begin():
                row = await QuestionRepository(session).get(question.question_id)
                assert row is not None
                await QuestionRepository(session).set_threads(
                    row, origin_thread_id=origin_thread, mirror_thread_id=None
                )
        try:
            translated = translation or await translate_question(
                self._translator,
                question.title,
                question.body,
                question.origin_side,
                question.guild_id,
            )
        except Exception as error:
            await self._delivery.failed(question.relay_id, error)
            return OpenedQuestion(
                question.question_id, question.origin_side, origin_thread, None, similar
            )
        if earlier is not None:
            similar = most_similar(translated.pivot, earlier)
        mirror_thread = await self._delivery.open_question(sink, question, translated)
        return OpenedQuestion(
            question.question_id, question.origin_side, origin_thread, mirror_thread, similar
        )

    async def mirror_reply(self, sink: MirrorSink, message: IncomingMessage) -> bool:
        """Mirror a reply in a question thread or a pen-pal thread; False if it is neither.

        Sends into a mirror thread keep the order messages arrived in (see ``ThreadOrder``).
        """
        if message.thread_id is None:
            return False
        previous, mine = self._order.ticket(message.thread_id)
        try:
            return await self._mirror_reply_in_order(sink, message, previous)
        finally:
            self._order.done(message.thread_id, mine)

    async def _mirror_reply_in_order(
        self, sink: MirrorSink, message: IncomingMessage, previous: asyncio.Future[None] | None
    ) -> bool:
        assert message.thread_id is not None
        async with self._sessions() as session, session.begin():
            conversation = await find_conversation(session, message.thread_id)
            if conversation is None:
                return False
            side = conversation.side
            quote = await reply_quote(session, message.guild_id, message.reply_to_message_id)
            own_reader = await pen_pal_reader(session, conversation.penpal_pair_id, side.other)
            row = await RelayRepository(session).record_pending(
                guild_id=message.guild_id,
                origin_side=side,
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
                retry_at=self._retry_at(),
            )
            relay = StoredRelay.of(row, quote)
        if relay.mirror_thread_id is None:  # the question's mirror is pending: the sweep sends both
            return True
        # Translate now (a burst shares model batches), send after the previous message.
        try:
            translated = await self._delivery.translate(
                message.text, side, message.guild_id, own_reader
            )
        except Exception as error:
            await self._delivery.failed(relay.id, error)
            return True
        finally:
            if previous is not None:
                await asyncio.shield(previous)
        await self._delivery.post(sink, relay, translated)
        return True

    async def mirror_edit(self, sink: MirrorSink, message_id: int, new_text: str) -> bool:
        """Re-translate an edited message into every part of its mirror."""
        async with self._sessions() as session:
            row = await RelayRepository(session).find_by_origin_message(message_id)
            if row is None:
                return False
            if await conversation_closed(session, row):
                return True  # an ended pen-pal pair: nothing more reaches the partner
            relay = await stored_relay(session, row)
            own_reader = await pen_pal_reader(session, row.penpal_pair_id, row.origin_side.other)
        side = relay.origin_side
        translated = await self._delivery.translate(new_text, side, relay.guild_id, own_reader)
        if relay.part_ids:
            await self._delivery.rerender(sink, relay, translated, edited_text=new_text)
            return True
        async with self._sessions() as session, session.begin():  # not posted yet: the retry
            edited = await session.get(RelayedMessage, relay.id)  # sends the new text
            assert edited is not None
            edited.original_text = new_text
            store_translation(edited, translated)
            edited.is_edited = True
        return True

    async def mirror_delete(self, sink: MirrorSink, message_id: int) -> bool:
        """A deleted message takes every part of its mirror with it."""
        async with self._sessions() as session, session.begin():
            row = await RelayRepository(session).find_by_origin_message(message_id)
            if row is None:
                return False
            row.is_deleted = True
            relay = StoredRelay.of(row)
        for part in relay.part_ids:
            await sink.delete(relay.mirror_channel_id, relay.mirror_thread_id or 0, part)
        return True

    async def retry_due(self, sink: MirrorSink, *, limit: int = 50) -> int:
        """Send what failed or was left pending; returns how many were delivered now."""
        return await self._recovery.retry_due(sink, limit=limit)

    async def translate_unavailable(self, sink: MirrorSink, *, batch: int = 50) -> int:
        """Mirrors posted untranslated get translated once a model exists (see recovery)."""
        return await self._recovery.translate_unavailable(sink, batch=batch)
