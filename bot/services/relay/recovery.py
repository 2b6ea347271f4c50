"""What the relay does later: the retry sweep, and mirrors posted untranslated.

A message that could not be translated or delivered, or whose process died before sending,
is retried by ``retry_due``. Mirrors posted while a direction had no model are translated by
``translate_unavailable`` once a model exists (at start).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.language.translator import GuildTranslator
from bot.services.relay.conversation import conversation_closed
from bot.services.relay.delivery import (
    MirrorDelivery,
    StoredRelay,
    pen_pal_reader,
    stored_relay,
)
from bot.services.relay.port import MirrorSink
from bot.services.relay.question import PendingQuestion, translate_question
from bot.services.relay.render import mirror_frame
from bot.translation.languages import Reader
from db.clock import Clock
from db.enums import Side
from db.models import Question, RelayedMessage
from db.repositories.relay import RelayRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Due:
    relay: StoredRelay
    closed: bool  # an ended pen-pal pair: nothing more reaches the partner
    own_reader: Reader | None
    opens: PendingQuestion | None  # the relay is a question's own post, not yet mirrored
    question_threads: tuple[int | None, int | None] | None  # its question's (origin, mirror)


class RelayRecovery:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        translator: GuildTranslator,
        delivery: MirrorDelivery,
        clock: Clock,
    ) -> None:
        self._sessions = sessions
        self._translator = translator
        self._delivery = delivery
        self._clock = clock

    async def retry_due(self, sink: MirrorSink, *, limit: int = 50) -> int:
        """Send what failed or was left pending; returns how many were delivered now."""
        async with self._sessions() as session:
            rows = await RelayRepository(session).list_due_retries(self._clock(), limit)
            due = [await _due(session, row) for row in rows]
        delivered = 0
        for item in due:
            delivered += await self._retry(sink, item)
        return delivered

    async def _retry(self, sink: MirrorSink, due: _Due) -> bool:
        relay = due.relay
        if due.closed:
            await self._abandon(relay.id)
            return False
        try:
            if due.opens is not None:
                question = due.opens
                translated = await translate_question(
                    self._translator,
                    question.title,
                    question.body,
                    question.origin_side,
                    question.guild_id,
                )
                return await self._delivery.open_question(sink, question, translated) is not None
            if relay.mirror_thread_id is None and due.question_threads is not None:
                relay = await self._retarget(relay, *due.question_threads)
            result = await self._delivery.translate(
                relay.original_text, relay.origin_side, relay.guild_id, due.own_reader
            )
        except Exception as error:
            await self._delivery.failed(relay.id, error)
            return False
        return await self._delivery.post(sink, relay, result)

    async def _retarget(
        self, relay: StoredRelay, origin_thread: int | None, mirror_thread: int | None
    ) -> StoredRelay:
        """A reply that arrived before its question's mirror existed goes where it is now."""
        if mirror_thread is None:
            return relay
        target = mirror_thread if relay.origin_thread_id == origin_thread else origin_thread
        async with self._sessions() as session, session.begin():
            row = await session.get(RelayedMessage, relay.id)
            assert row is not None
            row.mirror_thread_id = target
        return replace(relay, mirror_thread_id=target)

    async def _abandon(self, relay_id: int) -> None:
        async with self._sessions() as session, session.begin():
            row = await session.get(RelayedMessage, relay_id)
            assert row is not None
            await RelayRepository(session).mark_failed(
                row, error="conversation ended", retry_at=None
            )

    async def translate_unavailable(self, sink: MirrorSink, *, batch: int = 50) -> int:
        """Mirrors posted untranslated (no model for that direction then) get translated now.

        Runs when a model may have been installed since (at start); returns how many mirrors
        were edited. A failed edit is logged and left for the next start.
        """
        sides = [s for s in Side if self._translator.can_translate(s, s.other)]
        edited, after_id = 0, 0
        while sides:
            async with self._sessions() as session:
                rows = await RelayRepository(session).list_untranslated(sides, after_id, batch)
                due = [
                    (
                        await stored_relay(session, row),
                        await pen_pal_reader(session, row.penpal_pair_id, row.origin_side.other),
                    )
                    for row in rows
                ]
            if not due:
                break
            for relay, own_reader in due:
                after_id = relay.id
                edited += await self._add_translation(sink, relay, own_reader)
        return edited

    async def _add_translation(
        self, sink: MirrorSink, relay: StoredRelay, own_reader: Reader | None
    ) -> bool:
        translated = await self._delivery.translate(
            relay.original_text, relay.origin_side, relay.guild_id, own_reader
        )
        if translated.unavailable:
            return False
        try:
            await self._delivery.rerender(sink, relay, translated)
        except Exception as error:
            log.warning("could not add the translation to relay %s: %s", relay.id, error)
            return False
        return True


async def _due(session: AsyncSession, row: RelayedMessage) -> _Due:
    relay = await stored_relay(session, row)
    question = await session.get(Question, row.question_id) if row.question_id else None
    opens = threads = None
    opening = question is not None and question.origin_message_id == row.origin_message_id
    if question is not None and opening and row.mirror_message_id is None:
        opens = PendingQuestion(
            question_id=question.id,
            relay_id=row.id,
            guild_id=question.guild_id,
            origin_side=question.origin_side,
            title=question.title,
            body=question.body,
            mirror_channel_id=question.mirror_channel_id or 0,
            author=relay.author,
            frame=mirror_frame(row, quote=None),
        )
    elif question is not None:
        threads = (question.origin_thread_id, question.mirror_thread_id)
    return _Due(
        relay=relay,
        closed=await conversation_closed(session, row),
        own_reader=await pen_pal_reader(session, row.penpal_pair_id, row.origin_side.other),
        opens=opens,
        question_threads=threads,
    )
