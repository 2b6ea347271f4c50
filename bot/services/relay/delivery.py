"""Posting mirrors and recording the outcome: shared by first sends, retries and recovery.

Everything crossing a session boundary is a plain value (``StoredRelay``, ``PendingQuestion``);
ORM rows are read and changed only inside the unit of work that loaded them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.language.translator import GuildTranslator
from bot.services.relay.conversation import pen_pal_script
from bot.services.relay.port import Author, MirrorSink
from bot.services.relay.question import PendingQuestion, QuestionTranslation
from bot.services.relay.quote import reply_quote
from bot.services.relay.render import MirrorFrame, mirror_frame, render_mirror
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
    frame: MirrorFrame
    continuation_ids: tuple[int, ...] = ()

    @property
    def part_ids(self) -> tuple[int, ...]:
        """The mirror's messages on Discord, first part first; empty until it is posted."""
        if self.mirror_message_id is None:
            return ()
        return (self.mirror_message_id, *self.continuation_ids)

    @classmethod
    def of(cls, row: RelayedMessage, quote: str | None = None) -> StoredRelay:
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
            frame=mirror_frame(row, quote),
            continuation_ids=tuple(row.continuation_ids),
        )


async def stored_relay(session: AsyncSession, row: RelayedMessage) -> StoredRelay:
    """The row as a plain value, its reply quote read as the other side sees it now."""
    return StoredRelay.of(row, await reply_quote(session, row.guild_id, row.reply_to_message_id))


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
        self, sink: MirrorSink, question: PendingQuestion, translated: QuestionTranslation
    ) -> int | None:
        """Open the question's mirror thread; its id, or None when it failed (retried later)."""
        side = question.origin_side
        first, *rest = render_mirror(translated.body, question.frame)
        try:
            posted = await sink.open_thread(
                question.mirror_channel_id, translated.title, first, question.author
            )
        except Exception as refused:
            await self.failed(question.relay_id, refused)
            return None
        parts, error = await sync_parts(
            sink,
            question.mirror_channel_id,
            posted.thread_id,
            question.author,
            posted=(posted.message_id,),
            contents=[first, *rest],
            skip_edits=1,
        )
        async with self._sessions() as session, session.begin():
            row = await session.get(Question, question.question_id)
            assert row is not None
            await QuestionRepository(session).set_threads(
                row, origin_thread_id=None, mirror_thread_id=posted.thread_id
            )
            if side is Side.ZH and translated.body.is_translation:
                row.pivot_text_en = translated.body.text
            await self._delivered(
                session, question.relay_id, translated.body, parts, posted.thread_id
            )
        if error is not None:  # the parts still missing are posted by the retry
            await self.failed(question.relay_id, error)
        return posted.thread_id

    async def post(
        self, sink: MirrorSink, relay: StoredRelay, translated: TranslationResult
    ) -> bool:
        """Post a message's mirror in its mirror thread; False when it failed (retried later).

        A mirror already partly posted (a retry after a failed part) is completed, not doubled.
        """
        parts, error = await _show(sink, relay, translated)
        if parts:
            async with self._sessions() as session, session.begin():
                await self._delivered(session, relay.id, translated, parts)
        if error is not None:
            await self.failed(relay.id, error)
            return False
        return True

    async def rerender(
        self,
        sink: MirrorSink,
        relay: StoredRelay,
        translated: TranslationResult,
        *,
        edited_text: str | None = None,
    ) -> None:
        """Show ``translated`` in a posted mirror (an edit, a late translation): its parts are
        edited, and the ones it now needs more or fewer posted or deleted.

        Raises what Discord refused, after recording the parts as they now are.
        """
        parts, error = await _show(sink, relay, translated)
        async with self._sessions() as session, session.begin():
            row = await _relay_row(session, relay.id)
            if edited_text is not None:
                row.original_text = edited_text
                row.is_edited = True
            if error is None or edited_text is not None:
                store_translation(row, translated)
            await RelayRepository(session).set_parts(row, parts)
        if error is not None:
            raise error

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
        parts: Sequence[int],
        thread_id: int | None = None,
    ) -> None:
        relay = await _relay_row(session, relay_id)
        store_translation(relay, translated)
        repo = RelayRepository(session)
        await repo.mark_delivered(relay, mirror_message_id=parts[0], mirror_thread_id=thread_id)
        await repo.set_parts(relay, parts)


async def _show(
    sink: MirrorSink, relay: StoredRelay, translated: TranslationResult
) -> tuple[tuple[int, ...], Exception | None]:
    """The relay's mirror rendered from its row and ``translated``, onto its posted parts."""
    return await sync_parts(
        sink,
        relay.mirror_channel_id,
        relay.mirror_thread_id or 0,
        relay.author,
        posted=relay.part_ids,
        contents=render_mirror(translated, relay.frame),
    )


async def sync_parts(
    sink: MirrorSink,
    channel_id: int,
    thread_id: int,
    author: Author,
    *,
    posted: Sequence[int],
    contents: Sequence[str],
    skip_edits: int = 0,
) -> tuple[tuple[int, ...], Exception | None]:
    """Make a mirror's ``posted`` messages read ``contents``: edit the ones there, post the
    ones missing (in order, after them), delete the ones no longer needed (last first).

    Returns the parts as they are on Discord afterwards, and what failed, if anything; the
    first ``skip_edits`` parts were just posted with their content.
    """
    current = list(posted)
    try:
        for index, content in enumerate(contents):
            if index >= len(current):
                current.append(await sink.post(channel_id, thread_id, content, author))
            elif index >= skip_edits:
                await sink.edit(channel_id, thread_id, current[index], content)
        while len(current) > len(contents):
            await sink.delete(channel_id, thread_id, current[-1])
            current.pop()
    except Exception as error:
        return tuple(current), error
    return tuple(current), None


def store_translation(relay: RelayedMessage, result: TranslationResult) -> None:
    # No translation stored means "posted untranslated": translate_unavailable finds it later.
    relay.translated_text = None if result.unavailable else result.text
    relay.low_confidence = result.low_confidence


async def _relay_row(session: AsyncSession, relay_id: int) -> RelayedMessage:
    found = await session.get(RelayedMessage, relay_id)
    assert found is not None
    return found
