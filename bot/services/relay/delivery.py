"""Posting mirrors and recording the outcome: shared by first sends, retries and recovery.

Everything crossing a session boundary is a plain value (``StoredRelay``, ``PendingQuestion``);
ORM rows are read and changed only inside the unit of work that loaded them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.language.translator import GuildTranslator
from bot.services.relay.conversation import pen_pal_script
from bot.services.relay.port import Author, MirrorSink
from bot.services.relay.question import PendingQuestion, QuestionTranslation
from bot.services.relay.render import render_mirror
from bot.translation.languages import Reader
from bot.translation.results import TranslationResult
from db.clock import Clock
from db.enums import Side
from db.models import Question, RelayedMessage
from db.repositories.question import QuestionRepository
from db.repositories.relay import RelayRepository, retry_backoff

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredRelay:
    """A relayed message as its row holds it: enough to (re)send or re-translate its mirror."""

    id: int
    guild_id: int
    origin_side: Side
    original_text: str
    author: Author
    origin_message_id: int
    origin_thread_id: int | None
    mirror_channel_id: int
    mirror_thread_id: int | None
    mirror_message_id: int | None
    question_id: int | None
    penpal_pair_id: int | None

    @classmethod
    def of(cls, row: RelayedMessage) -> StoredRelay:
        return cls(
            id=row.id,
            guild_id=row.guild_id,
            origin_side=row.origin_side,
            original_text=row.original_text,
            author=Author(row.author_id, row.author_name, row.author_avatar_url),
            origin_message_id=row.origin_message_id,
            origin_thread_id=row.origin_thread_id,
            mirror_channel_id=row.mirror_channel_id,
            mirror_thread_id=row.mirror_thread_id,
            mirror_message_id=row.mirror_message_id,
            question_id=row.question_id,
            penpal_pair_id=row.penpal_pair_id,
        )


async def pen_pal_reader(session: AsyncSession, pair_id: int | None, side: Side) -> Reader | None:
    """A pen pal's mirror has one reader, whose own script wins over the server's."""
    if pair_id is None or side is not Side.ZH:
        return None
    return await pen_pal_script(session, pair_id)


class MirrorDelivery:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], translator: GuildTranslator, clock: Clock
    ) -> None:
        self._sessions = sessions
        self._translator = translator
        self._clock = clock

    async def translate(
        self, text: str, side: Side, guild_id: int, own_reader: Reader | None = None
    ) -> TranslationResult:
        """``text`` written on ``side``, for its mirror: the pen pal's script, else the server's."""
        if own_reader is not None:
            return await self._translator.for_reader(text, guild_id, own_reader, prior=side)
        return await self._translator.for_side(text, guild_id, side.other, prior=side)

    async def open_question(
        self,
        sink: MirrorSink,
        question: PendingQuestion,
        translated: QuestionTranslation,
        attachments: tuple[str, ...] = (),
    ) -> int | None:
        """Open the question's mirror thread; its id, or None when it failed (retried later)."""
        side = question.origin_side
        try:
            posted = await sink.open_thread(
                question.mirror_channel_id,
                translated.title,
                render_mirror(translated.body, side, attachments=attachments),
                question.author,
            )
        except Exception as error:
            await self.failed(question.relay_id, error)
            return None
        async with self._sessions() as session, session.begin():
            row = await session.get(Question, question.question_id)
            assert row is not None
            await QuestionRepository(session).set_threads(
                row, origin_thread_id=None, mirror_thread_id=posted.thread_id
            )
            if side is Side.ZH and translated.body.is_translation:
                row.pivot_text_en = translated.body.text
            await self._delivered(
                session, question.relay_id, translated.body, posted.message_id, posted.thread_id
            )
        return posted.thread_id

    async def post(
        self,
        sink: MirrorSink,
        relay: StoredRelay,
        translated: TranslationResult,
        *,
        quote: str | None = None,
        attachments: tuple[str, ...] = (),
    ) -> bool:
        """Post a message's mirror in its mirror thread; False when it failed (retried later)."""
        content = render_mirror(translated, relay.origin_side, quote=quote, attachments=attachments)
        try:
            message_id = await sink.post(
                relay.mirror_channel_id, relay.mirror_thread_id or 0, content, relay.author
            )
        except Exception as error:
            await self.failed(relay.id, error)
            return False
        async with self._sessions() as session, session.begin():
            await self._delivered(session, relay.id, translated, message_id)
        return True

    async def store_translation(self, relay_id: int, translated: TranslationResult) -> None:
        async with self._sessions() as session, session.begin():
            store_translation(await _relay_row(session, relay_id), translated)

    async def failed(self, relay_id: int, error: BaseException) -> None:
        log.warning("relay %s failed (%s); will retry", relay_id, error)
        async with self._sessions() as session, session.begin():
            relay = await _relay_row(session, relay_id)
            await RelayRepository(session).mark_failed(
                relay,
                error=f"{type(error).__name__}: {error}",
                retry_at=self._clock() + retry_backoff(relay.attempts + 1),
            )

    async def _delivered(
        self,
        session: AsyncSession,
        relay_id: int,
        translated: TranslationResult,
        message_id: int,
        thread_id: int | None = None,
    ) -> None:
        relay = await _relay_row(session, relay_id)
        store_translation(relay, translated)
        await RelayRepository(session).mark_delivered(
            relay, mirror_message_id=message_id, mirror_thread_id=thread_id
        )


def store_translation(relay: RelayedMessage, result: TranslationResult) -> None:
    # No translation stored means "posted untranslated": translate_unavailable finds it later.
    relay.translated_text = None if result.unavailable else result.text
    relay.low_confidence = result.low_confidence


async def _relay_row(session: AsyncSession, relay_id: int) -> RelayedMessage:
    found = await session.get(RelayedMessage, relay_id)
    assert found is not None
    return found
