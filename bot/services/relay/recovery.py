"""Working a relay until its mirror matches its origin: the retry sweep, live sends' follow-up
work (an edit or delete that arrived meanwhile), and mirrors posted untranslated.

``RelayWorker.work`` does whatever a claimed relay needs: remove the mirror of a deleted
original, look for a post whose outcome was unknown, open a question's mirror, post, complete
or edit the mirror. ``sweep`` claims due relays (``Outbox.claim_due``) and works them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from structlog.contextvars import bound_contextvars

from bot.services.corrections.reading import rendered_card
from bot.services.language.translator import GuildTranslator
from bot.services.log_redaction import error_summary
from bot.services.relay.conversation import conversation_closed
from bot.services.relay.delivery import (
    MirrorDelivery,
    StoredRelay,
    pen_pal_reader,
    stored_relay,
)
from bot.services.relay.faults import Fault
from bot.services.relay.outbox import Outbox
from bot.services.relay.port import Found, MirrorSink
from bot.services.relay.question import PendingQuestion, translate_question
from bot.services.relay.render import CorrectionCard, mirror_frame
from bot.translation.languages import Reader
from bot.translation.results import TranslationResult
from db.enums import RelayStatus, Side
from db.models import Question, RelayedMessage
from db.repositories.relay import RelayRepository
from db.repositories.relay_claims import ON_THE_WAY

log = logging.getLogger(__name__)

# A reply whose question's mirror is not open yet, or that an older message held back by a
# database outage must precede, looks again this much later.
WAIT_FOR_QUESTION = timedelta(seconds=10)
WAIT_FOR_OLDER = timedelta(seconds=5)


def nothing_held(thread_id: int, message_id: int) -> bool:
    return False


# Follow-up work after an outcome (edits or deletes arriving during the send), at most.
_FOLLOW_UPS = 5
_SWEEP_ROUNDS = 100  # a backlog drains a thread per round; bounded all the same


@dataclass(frozen=True)
class Due:
    """A claimed relay and what working it needs, read in one unit of work."""

    relay: StoredRelay
    status: RelayStatus
    closed: bool  # an ended pen-pal pair: nothing more reaches the partner
    own_reader: Reader | None
    opens: PendingQuestion | None  # the relay is a question's own post, not yet mirrored
    question_threads: tuple[int | None, int | None] | None  # its question's (origin, mirror)


class RelayWorker:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        translator: GuildTranslator,
        delivery: MirrorDelivery,
        outbox: Outbox,
    ) -> None:
        # Does an older message of this thread wait outside the database (not stored yet)?
        self.held_before: Callable[[int, int], bool] = nothing_held
        self._sessions = sessions
        self._translator = translator
        self._delivery = delivery
        self._outbox = outbox

    async def sweep(self, sink: MirrorSink, *, limit: int = 50) -> int:
        """Claim due relays and work them, a round at a time (each round takes the next
        message of every waiting thread); returns how many were shown now."""
        shown = 0
        for _ in range(_SWEEP_ROUNDS):
            claimed = await self._outbox.claim_due(limit)
            if not claimed:
                break
            # Claims hold at most one unsent message per thread: rounds can run together.
            results = await asyncio.gather(
                *(self.work(sink, relay_id) for relay_id in claimed), return_exceptions=True
            )
            for relay_id, result in zip(claimed, results, strict=True):
                if isinstance(result, BaseException):
                    # Its outcome could not be recorded (the database dropped): the claim
                    # expires and the next sweep looks for the post before sending again.
                    log.warning("relay %s: sweep interrupted (%s)", relay_id, error_summary(result))
                else:
                    shown += result
        return shown

    async def work(
        self,
        sink: MirrorSink,
        relay_id: int,
        *,
        ready: tuple[Due, TranslationResult] | None = None,
    ) -> bool:
        """Do what the claimed relay needs; True when its mirror was shown. ``ready``: the
        relay as just recorded and its translation (a live send)."""
        # Every log line of this relay's work carries its id (structlog's context).
        with bound_contextvars(relay_id=relay_id):
            try:
                before: Due | None = None
                for _ in range(_FOLLOW_UPS):
                    due, translated = ready or (await self._load(relay_id), None)
                    ready = None
                    if due is None or (before is not None and not _changed(before, due)):
                        return False  # e.g. it waits behind an older message: the sweep's turn
                    more, shown = await self._step(sink, due, translated)
                    if not more:
                        return shown
                    before = due
                return False
            finally:
                self._outbox.release_local(relay_id)

    async def _step(
        self, sink: MirrorSink, due: Due, translated: TranslationResult | None
    ) -> tuple[bool, bool]:
        """One piece of work; (more is due at once, the mirror was shown)."""
        relay = due.relay
        if due.status not in ON_THE_WAY:  # dead-lettered or discarded meanwhile
            return False, False
        if relay.is_deleted or relay.mirror_removed:
            relay = await self._reconciled(sink, relay, due)
            await self._delivery.remove(sink, relay)
            return False, False
        if due.closed:
            await self._outbox.discard(relay.id, "conversation ended")
            return False, False
        relay = await self._reconciled(sink, relay, due)
        thread = relay.origin_thread_id
        if not relay.part_ids and thread and self.held_before(thread, relay.origin_message_id):
            await self._outbox.wait(relay.id, WAIT_FOR_OLDER)
            return False, False
        try:
            if due.opens is not None and relay.mirror_message_id is None:
                question = due.opens
                translation = await translate_question(
                    self._translator,
                    question.title,
                    question.body,
                    question.origin_side,
                    question.guild_id,
                )
                opened, more = await self._delivery.open_question(
                    sink, question, translation, revision=relay.revision
                )
                return more, opened is not None and not more
            if relay.mirror_thread_id is None:
                if due.question_threads is None or due.question_threads[1] is None:
                    await self._outbox.wait(relay.id, WAIT_FOR_QUESTION)
                    return False, False
                relay = await self._retarget(relay, *due.question_threads)
            if relay.correction_id is not None:
                card = await self._correction_card(relay, due.own_reader)
                if card is None:  # forgotten meanwhile: nothing to show
                    await self._outbox.discard(relay.id, "correction gone")
                    return False, False
                more = await self._delivery.show(sink, relay, card)
                return more, not more
            translated = translated or await self._delivery.translate(
                relay.original_text, relay.origin_side, relay.guild_id, due.own_reader
            )
        except Exception as error:
            await self._outbox.failed(relay.id, error, Fault.TRANSLATION)
            return False, False
        more = await self._delivery.show(sink, relay, translated)
        return more, not more

    async def _correction_card(
        self, relay: StoredRelay, own_reader: Reader | None
    ) -> CorrectionCard | None:
        """A correction card as the mirror's side reads it (the note in their language)."""
        assert relay.correction_id is not None
        side = relay.origin_side.other
        reader = own_reader or await self._translator.reader_of_side(relay.guild_id, side)
        text = await rendered_card(
            self._sessions,
            self._translator,
            relay.correction_id,
            relay.author.display_name,
            reader,
        )
        return CorrectionCard(text) if text is not None else None

    async def _reconciled(self, sink: MirrorSink, relay: StoredRelay, due: Due) -> StoredRelay:
        """A post of unknown outcome: found on Discord, it joins the mirror's parts."""
        if relay.attempt_started_at is None or relay.attempt_digest is None:
            return relay
        thread = relay.mirror_thread_id if relay.part_ids or due.opens is None else None
        candidates = await sink.find_posted(
            relay.mirror_channel_id, thread, relay.origin_message_id, relay.attempt_digest
        )
        found = await self._not_yet_known(candidates)
        if found is None:
            await self._outbox.attempt_cleared(relay.id)
            return replace(relay, attempt_started_at=None, attempt_digest=None)
        log.info("relay %s: its post of unknown outcome was taken; not sent again", relay.id)
        thread_id = found.thread_id
        if thread_id is None and due.opens is not None:  # the thread on it was never opened
            thread_id = await sink.start_thread(
                relay.mirror_channel_id, found.message_id, due.opens.title
            )
        parts = (*relay.part_ids, found.message_id)
        await self._outbox.found(relay.id, parts, thread_id if due.opens else None)
        return replace(
            relay.with_parts(parts),
            mirror_thread_id=thread_id or relay.mirror_thread_id,
            attempt_started_at=None,
            attempt_digest=None,
        )

    async def _not_yet_known(self, candidates: list[Found]) -> Found | None:
        """The first post that is no relay's mirror yet (the same words may have been
        mirrored before: "ok", "谢谢")."""
        if not candidates:
            return None
        async with self._sessions() as session:
            known = await RelayRepository(session).known_mirror_ids(
                [c.message_id for c in candidates]
            )
        return next((c for c in candidates if c.message_id not in known), None)

    async def _retarget(
        self, relay: StoredRelay, origin_thread: int | None, mirror_thread: int | None
    ) -> StoredRelay:
        """A reply that arrived before its question's mirror existed goes where it is now."""
        target = mirror_thread if relay.origin_thread_id == origin_thread else origin_thread
        async with self._sessions() as session, session.begin():
            row = await session.get(RelayedMessage, relay.id)
            assert row is not None
            row.mirror_thread_id = target
        return replace(relay, mirror_thread_id=target)

    async def _load(self, relay_id: int) -> Due | None:
        async with self._sessions() as session:
            row = await session.get(RelayedMessage, relay_id)
            return None if row is None else await load_due(session, row)

    async def translate_unavailable(self, sink: MirrorSink, *, batch: int = 50) -> int:
        """Mirrors posted untranslated (no model for that direction then) get translated now.

        Runs when a model may have been installed since (at start); returns how many mirrors
        were edited. A relay another process holds is left to it.
        """
        sides = [s for s in Side if self._translator.can_translate(s, s.other)]
        edited, after_id = 0, 0
        while sides:
            async with self._sessions() as session:
                rows = await RelayRepository(session).list_untranslated(
                    sides, after_id, batch, self._outbox.shards
                )
                due = [await load_due(session, row) for row in rows]
            if not due:
                break
            for item in due:
                after_id = item.relay.id
                edited += await self._add_translation(sink, item)
        return edited

    async def _add_translation(self, sink: MirrorSink, due: Due) -> bool:
        relay = due.relay
        translated = await self._delivery.translate(
            relay.original_text, relay.origin_side, relay.guild_id, due.own_reader
        )
        if translated.unavailable or not await self._outbox.take(relay.id):
            return False
        # Delivered already: the translation is one more change for the mirror to show.
        return await self.work(
            sink, relay.id, ready=(replace(due, status=RelayStatus.PENDING), translated)
        )


def _changed(before: Due, after: Due) -> bool:
    """Something arrived that the relay's mirror has to follow (an edit, a delete)."""
    a, b = before.relay, after.relay
    return (a.revision, a.is_deleted, a.mirror_removed) != (
        b.revision,
        b.is_deleted,
        b.mirror_removed,
    )


async def load_due(session: AsyncSession, row: RelayedMessage) -> Due:
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
    return Due(
        relay=relay,
        status=row.status,
        closed=await conversation_closed(session, row),
        own_reader=await pen_pal_reader(session, row.penpal_pair_id, row.origin_side.other),
        opens=opens,
        question_threads=threads,
    )
