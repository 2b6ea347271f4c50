"""The Q&A relay (SPEC §3): questions open mirrored threads; replies, edits and deletes follow.

Discord-free: Discord operations go through a ``MirrorSink``. Every relayed message is stored,
already claimed by this process, before it is sent (``outbox.py``): a message that could not
be translated or delivered is retried by the sweep (``recovery.py``), never lost and never
sent twice. Sends into one mirror thread keep arrival order (``ordering.py``) while
translations of a burst still share model batches. Edits and deletes change the stored relay
first and are then worked like sends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.observability.metrics import Metrics
from bot.services.exchange.bridges import BridgeInfo
from bot.services.exchange.similar import (
    EarlierQuestion,
    SimilarQuestion,
    earlier_questions,
    most_similar,
)
from bot.services.language.translator import GuildTranslator
from bot.services.relay.cards import record_card
from bot.services.relay.conversation import (
    conversation_closed,
    find_conversation,
    record_in_conversation,
)
from bot.services.relay.delivery import MirrorDelivery, StoredRelay, pen_pal_reader
from bot.services.relay.early_changes import EarlyChanges
from bot.services.relay.faults import Fault
from bot.services.relay.ordering import ThreadOrder
from bot.services.relay.outbox import DEFAULT_MAX_ATTEMPTS, Outbox
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
from bot.services.relay.recovery import Due, RelayWorker
from bot.services.relay.removal import mark_deleted, mark_edited
from db.clock import Clock, utcnow
from db.enums import ChannelKind, RelayStatus, Side
from db.repositories.question import QuestionRepository
from db.repositories.relay import RelayRepository
from db.repositories.relay_claims import Lease
from db.shards import ShardScope


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
        owner: str | None = None,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        metrics: Metrics | None = None,
        shards: ShardScope | None = None,
    ) -> None:
        self._sessions = sessions
        self._translator = translator
        self._clock = clock
        self._outbox = Outbox(
            sessions,
            clock,
            owner=owner,
            max_attempts=max_attempts,
            metrics=metrics,
            shards=shards,
        )
        self._delivery = MirrorDelivery(translator, self._outbox)
        self._worker = RelayWorker(sessions, translator, self._delivery, self._outbox)
        self._order = ThreadOrder()
        self._early = EarlyChanges()

    def hold_back_behind(self, held_before: Callable[[int, int], bool]) -> None:
        """Messages not stored yet (held while the database was out) keep their place: a newer
        message of the same thread waits for them (thread id, message id -> held older?)."""
        self._worker.held_before = held_before

    @property
    def owner(self) -> str:
        """Who this process's claims on relays belong to."""
        return self._outbox.owner

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
                session, bridge, side, message, retry_at=self._clock(), lease=self._lease()
            )
        self._outbox.holds(question.relay_id)
        if await self._caught_up(message.message_id):
            await self._worker.work(sink, question.relay_id)  # deleted before it was stored
            return None
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
                session,
                draft.bridge,
                draft.side,
                message,
                retry_at=self._clock(),
                lease=self._lease(),
            )
        self._outbox.holds(question.relay_id)
        if await self._caught_up(message.message_id):
            await self._worker.work(sink, question.relay_id)
            return OpenedQuestion(question.question_id, question.origin_side, thread_id, None, ())
        return await self._open(
            sink, question, message, translation=draft.translation, similar=draft.similar
        )

    def _lease(self) -> Lease:
        return self._outbox.new_lease()

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
                # Replies in the new thread wait behind the question's own mirror.
                await RelayRepository(session).set_origin_thread(question.relay_id, origin_thread)
        try:
            translated = translation or await translate_question(
                self._translator,
                question.title,
                question.body,
                question.origin_side,
                question.guild_id,
            )
        except Exception as error:
            await self._outbox.failed(question.relay_id, error, Fault.TRANSLATION)
            return OpenedQuestion(
                question.question_id, question.origin_side, origin_thread, None, similar
            )
        if earlier is not None:
            similar = most_similar(translated.pivot, earlier)
        mirror_thread, more = await self._delivery.open_question(sink, question, translated)
        if more:  # edited or deleted while its mirror was being opened
            await self._worker.work(sink, question.relay_id)
        self._outbox.release_local(question.relay_id)
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
            row = await record_in_conversation(
                session, conversation, message, retry_at=self._clock(), lease=self._lease()
            )
            due = Due(
                StoredRelay.of(row, quote), RelayStatus.PENDING, False, own_reader, None, None
            )
        self._outbox.holds(due.relay.id)
        # Deleted or edited meanwhile: the row says so, and the send below defers to it.
        await self._caught_up(message.message_id)
        if due.relay.mirror_thread_id is None:  # the question's mirror is pending: the sweep
            await self._outbox.release(due.relay.id)  # sends both, in order
            return True
        # Translate now (a burst shares model batches), send after the previous message.
        try:
            translated = await self._delivery.translate(
                message.text, side, message.guild_id, own_reader
            )
        except Exception as error:
            await self._outbox.failed(due.relay.id, error, Fault.TRANSLATION)
            return True
        finally:
            if previous is not None:
                await asyncio.shield(previous)
        await self._worker.work(sink, due.relay.id, ready=(due, translated))
        return True

    async def mirror_correction(
        self, sink: MirrorSink, card: IncomingMessage, correction_id: int
    ) -> bool:
        """Yiqi's correction card in a question thread or a pen-pal conversation goes to the
        other side as a reply to the corrected message's counterpart there, rendered for that
        side (exactly once, retried, edits and deletes follow). False outside conversations."""
        if card.thread_id is None:
            return False
        previous, mine = self._order.ticket(card.thread_id)
        try:
            if previous is not None:
                await asyncio.shield(previous)
            relay_id = await record_card(
                self._sessions, card, correction_id, self._clock(), self._lease()
            )
            if relay_id is None:
                return False
            self._outbox.holds(relay_id)
            await self._worker.work(sink, relay_id)
            return True
        finally:
            self._order.done(card.thread_id, mine)

    async def _caught_up(self, message_id: int) -> bool:
        """A relay just stored takes the edit or delete that overtook it (``EarlyChanges``);
        True when its original was deleted."""
        change = self._early.get(message_id)
        if change is None:
            return False
        async with self._sessions() as session, session.begin():
            row = await RelayRepository(session).find_by_origin_message(message_id)
            if row is None:
                return False
            if change.text is not None:
                mark_edited(row, change.text, self._clock())
            if change.deleted:
                mark_deleted(row, [message_id], self._clock())
        return change.deleted

    async def mirror_edit(self, sink: MirrorSink, message_id: int, new_text: str) -> bool:
        """An edited message: its relay takes the new text, and its mirror follows (now, or
        after the send under way, or by the sweep when that fails)."""
        self._early.edited(message_id, new_text)  # before looking: see early_changes
        async with self._sessions() as session, session.begin():
            row = await RelayRepository(session).find_by_origin_message(message_id)
            if row is None:
                return False
            if await conversation_closed(session, row):
                return True  # an ended pen-pal pair: nothing more reaches the partner
            relay_id = row.id if mark_edited(row, new_text, self._clock()) else None
        if relay_id is not None and await self._outbox.take(relay_id):
            await self._worker.work(sink, relay_id)
        return True

    async def mirror_delete(self, sink: MirrorSink, message_id: int) -> bool:
        """A deleted message takes every part of its mirror with it; a mirror a moderator
        deleted is never posted again. False when the message is neither."""
        return bool(await self.messages_deleted(sink, [message_id]))

    async def messages_deleted(self, sink: MirrorSink, message_ids: Sequence[int]) -> int:
        """Deleted messages (one, or a moderator's purge): how many were relays or mirrors."""
        self._early.deleted(message_ids)  # before looking: see early_changes
        async with self._sessions() as session, session.begin():
            rows = await RelayRepository(session).find_deleted(message_ids)
            due = [row.id for row in rows if mark_deleted(row, message_ids, self._clock())]
        for relay_id in due:
            if await self._outbox.take(relay_id):
                await self._worker.work(sink, relay_id)
        return len(rows)

    async def refresh_mirrors(self, sink: MirrorSink, relay_ids: Sequence[int]) -> None:
        """Relays made due outside the relay (``mark_requoted``): their mirrors follow now,
        or by the sweep when this process cannot take one or its edit fails."""
        for relay_id in relay_ids:
            if await self._outbox.take(relay_id):
                await self._worker.work(sink, relay_id)

    async def retry_due(self, sink: MirrorSink, *, limit: int = 50) -> int:
        """Work what is due (failed, left pending, edits and deletes still to reach a mirror);
        returns how many mirrors were shown now."""
        return await self._worker.sweep(sink, limit=limit)

    async def translate_unavailable(self, sink: MirrorSink, *, batch: int = 50) -> int:
        """Mirrors posted untranslated get translated once a model exists (see recovery)."""
        return await self._worker.translate_unavailable(sink, batch=batch)

    async def release_claims(self) -> int:
        """At shutdown: relays this process still holds are free for the next one at once."""
        return await self._outbox.release_all()
