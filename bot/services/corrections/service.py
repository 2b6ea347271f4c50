"""Corrections: the "Correct" menu's rules, the stored correction, and its card.

Discord-free: the cog reads the message into plain values, posts what this returns, and
reports the card's id back (``card_posted``); in a question thread or a pen-pal conversation
the card then travels to the other side through the relay's outbox like any reply.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.base import DatabaseService
from bot.services.corrections.card import render_card_off_loop
from bot.services.corrections.diff import unchanged
from bot.services.corrections.helpful import Thanks, ThanksOutcome
from bot.services.corrections.reading import card_content, card_reader
from bot.services.corrections.wanted import Place, corrections_wanted
from bot.services.language.translator import GuildTranslator
from bot.services.relay.conversation import find_conversation
from bot.services.relay.port import Author, IncomingMessage, MirrorSink
from bot.services.relay.service import RelayService
from bot.translation.languages import Reader, detect_side
from db.clock import Clock, utcnow
from db.enums import Side
from db.models import Correction
from db.repositories.corrections import CorrectionRepository
from db.repositories.relay import RelayRepository

NOTE_LIMIT = 500
NameOf = Callable[[int], str | None]


class Refusal(StrEnum):
    BOT = "bot"  # a bot's message, Yiqi's own card, or a card's mirror
    OWN = "own"
    EMPTY = "empty"
    UNCHANGED = "unchanged"
    NOT_WANTED = "not_wanted"


@dataclass(frozen=True)
class Message:
    """The message "Correct" was used on, as the cog reads it from Discord."""

    guild_id: int
    place: Place
    message_id: int
    author_id: int
    text: str
    author_is_bot: bool = False
    webhook_id: int | None = None


@dataclass(frozen=True)
class Target:
    """What is being corrected: the learner's own message (a mirror resolves to it)."""

    guild_id: int
    learner_id: int
    message_id: int
    place: Place
    text: str
    language: Side


@dataclass(frozen=True)
class PendingCard:
    correction_id: int
    content: str
    reader: Reader  # who reads the card where it was asked (its button's language)


class CorrectionService(DatabaseService):
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        translator: GuildTranslator,
        relay: RelayService,
        *,
        clock: Clock = utcnow,
    ) -> None:
        super().__init__(sessions, clock=clock)
        self._translator = translator
        self._relay = relay

    async def target(self, message: Message, corrector_id: int) -> Target | Refusal:
        """Whose words are corrected (a mirror stands for its original), or why not."""
        async with self._sessions() as session:
            target = await self._resolve(session, message)
            if isinstance(target, Refusal):
                return target
            refusal = await self._refusal(session, target, corrector_id)
        return refusal or target

    async def _resolve(self, session: AsyncSession, message: Message) -> Target | Refusal:
        if message.webhook_id is not None:
            relay = await RelayRepository(session).find_by_mirror_message(message.message_id)
            if relay is None or relay.correction_id is not None:
                return Refusal.BOT
            place = Place(
                relay.origin_thread_id or relay.origin_channel_id, relay.origin_channel_id
            )
            language = detect_side(relay.original_text, prior=relay.origin_side)
            return Target(
                message.guild_id,
                relay.author_id,
                relay.origin_message_id,
                place,
                relay.original_text,
                language or relay.origin_side,
            )
        if message.author_is_bot:
            return Refusal.BOT
        conversation = await find_conversation(session, message.place.channel_id)
        prior = conversation.side if conversation is not None else None
        language = detect_side(message.text, prior=prior) or prior or Side.EN
        return Target(
            message.guild_id,
            message.author_id,
            message.message_id,
            message.place,
            message.text,
            language,
        )

    async def _refusal(
        self, session: AsyncSession, target: Target, corrector_id: int
    ) -> Refusal | None:
        if target.learner_id == corrector_id:
            return Refusal.OWN
        if not target.text.strip():
            return Refusal.EMPTY
        if not await corrections_wanted(session, target.guild_id, target.learner_id, target.place):
            return Refusal.NOT_WANTED
        return None

    async def submit(
        self,
        target: Target,
        corrector: Author,
        corrected: str,
        note: str | None,
        asked_in: Place,
    ) -> PendingCard | Refusal:
        """Store the correction and render its card for the place it was asked in (posted by
        the cog as a reply to the message "Correct" was used on)."""
        note = (note or "").strip()[:NOTE_LIMIT] or None
        if not corrected.strip() or unchanged(target.text, corrected):
            return Refusal.UNCHANGED
        async with self._sessions() as session, session.begin():
            refusal = await self._refusal(session, target, corrector.id)  # they may have changed
            if refusal is not None:
                return refusal
            correction = await CorrectionRepository(session).add(
                guild_id=target.guild_id,
                channel_id=target.place.channel_id,
                message_id=target.message_id,
                learner_id=target.learner_id,
                corrector_id=corrector.id,
                language=target.language,
                original_text=target.text,
                corrected_text=corrected,
                note=note,
                note_language=detect_side(note) if note else None,
            )
            reader = await card_reader(
                session, self._translator, target.guild_id, target.learner_id, asked_in
            )
            session.expunge(correction)
        content = await card_content(self._translator, correction, corrector.display_name, reader)
        return PendingCard(correction.id, await render_card_off_loop(content), reader)

    async def card_posted(
        self,
        sink: MirrorSink,
        pending: PendingCard,
        *,
        card_message_id: int,
        asked_in: Place,
        reply_to: int,
        corrector: Author,
    ) -> bool:
        """The card is on Discord. In a question thread or a pen-pal conversation its mirror
        goes to the other side (through the relay's outbox); True when it does."""
        async with self._sessions() as session, session.begin():
            correction = await session.get(Correction, pending.correction_id)
            if correction is None:
                return False
            correction.card_message_id = card_message_id
            guild_id = correction.guild_id
        if asked_in.parent_id is None:
            return False  # only threads are conversations
        card = IncomingMessage(
            guild_id=guild_id,
            channel_id=asked_in.parent_id,
            message_id=card_message_id,
            author=corrector,
            text=pending.content,
            thread_id=asked_in.channel_id,
            reply_to_message_id=reply_to,
        )
        return await self._relay.mirror_correction(sink, card, pending.correction_id)

    async def cards_of_deleted(self, message_ids: Sequence[int]) -> list[tuple[int, int]]:
        """The learner deleted messages that were corrected: their cards go too (channel,
        card), so nobody keeps reading words their writer took back. The cards' mirrors
        follow through the relay (a deleted card is a deleted original)."""
        async with self._sessions() as session:
            found = await CorrectionRepository(session).cards_for_messages(message_ids)
            cards = []
            for correction in found:
                assert correction.card_message_id is not None
                relay = await RelayRepository(session).find_by_origin_message(
                    correction.card_message_id
                )
                place = relay.origin_thread_id if relay is not None else None
                cards.append((place or correction.channel_id, correction.card_message_id))
            return cards

    async def thank(
        self, message_id: int, user_id: int, name_of: NameOf = lambda _: None
    ) -> ThanksOutcome:
        """The learner found the correction on card ``message_id`` (or on its mirror)
        helpful (counted once); anyone else is told kindly that only the learner can.
        ``name_of``: a member's display name now (None: unknown; the card's relay has it)."""
        async with self._sessions() as session, session.begin():
            repo = CorrectionRepository(session)
            correction = await repo.find_by_card(message_id)
            if correction is None:
                mirror = await RelayRepository(session).find_by_mirror_message(message_id)
                if mirror is not None and mirror.correction_id is not None:
                    correction = await repo.get(mirror.correction_id)
            if correction is None or correction.card_message_id is None:
                return ThanksOutcome(Thanks.UNKNOWN)
            card_message_id = correction.card_message_id
            if correction.learner_id != user_id:
                return ThanksOutcome(Thanks.NOT_LEARNER)
            if not await repo.mark_helpful(correction, self._clock()):
                return ThanksOutcome(Thanks.ALREADY)
            relay = await RelayRepository(session).find_by_origin_message(card_message_id)
            place = (
                Place(relay.origin_thread_id or relay.origin_channel_id, relay.origin_channel_id)
                if relay is not None
                else Place(correction.channel_id)
            )
            corrector_name = name_of(correction.corrector_id) or (
                relay.author_name if relay is not None else ""
            )
            reader = await card_reader(
                session, self._translator, correction.guild_id, user_id, place
            )
            session.expunge(correction)
        content = await card_content(self._translator, correction, corrector_name, reader)
        return ThanksOutcome(
            Thanks.MARKED, card_message_id, place.channel_id, await render_card_off_loop(content)
        )
