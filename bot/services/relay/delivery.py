"""Showing mirrors on Discord and recording the outcome: shared by live sends and the sweep.

Every post is recorded as an attempt before it is made (``Outbox.begin_post``), which also
checks that this process still holds the relay and that it is still to be shown; everything
crossing a session boundary is a plain value (``StoredRelay``, ``PendingQuestion``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.language.translator import GuildTranslator
from bot.services.relay.conversation import pen_pal_script
from bot.services.relay.faults import Fault, classify
from bot.services.relay.outbox import Outbox
from bot.services.relay.port import Author, MirrorSink
from bot.services.relay.question import PendingQuestion, QuestionTranslation
from bot.services.relay.quote import reply_quote
from bot.services.relay.render import (
    CorrectionCard,
    MirrorFrame,
    mirror_frame,
    render_mirror,
    render_relay,
)
from bot.translation.languages import Reader
from bot.translation.results import TranslationResult
from db.enums import Side
from db.models import RelayedMessage


@dataclass(frozen=True)
class StoredRelay:
    """A relayed message as its row holds it: enough to (re)send, edit or remove its mirror."""

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
    revision: int = 0
    is_deleted: bool = False
    mirror_removed: bool = False
    attempt_started_at: datetime | None = None  # a post of unknown outcome, since then
    attempt_digest: str | None = None
    correction_id: int | None = None  # a correction card: rendered per side, not translated

    @property
    def part_ids(self) -> tuple[int, ...]:
        """The mirror's messages on Discord, first part first; empty until it is posted."""
        if self.mirror_message_id is None:
            return ()
        return (self.mirror_message_id, *self.continuation_ids)

    def with_parts(self, parts: Sequence[int]) -> StoredRelay:
        first, *rest = parts or (None,)
        return replace(self, mirror_message_id=first, continuation_ids=tuple(rest))

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
            revision=row.revision,
            is_deleted=row.is_deleted,
            mirror_removed=row.mirror_removed,
            attempt_started_at=row.attempt_started_at,
            attempt_digest=row.attempt_digest,
            correction_id=row.correction_id,
        )


async def stored_relay(session: AsyncSession, row: RelayedMessage) -> StoredRelay:
    """The row as a plain value, its reply quote read as the other side sees it now."""
    return StoredRelay.of(row, await reply_quote(session, row.guild_id, row.reply_to_message_id))


async def pen_pal_reader(session: AsyncSession, pair_id: int | None, side: Side) -> Reader | None:
    """A pen pal's mirror has one reader, whose own script wins over the server's."""
    if pair_id is None or side is not Side.ZH:
        return None
    return await pen_pal_script(session, pair_id)


class SupersededError(Exception):
    """The relay was deleted, edited or taken over while its mirror was being posted."""


# Before each post: may it go ahead (content, the parts posted so far)?
BeforePost = Callable[[str, Sequence[int]], Awaitable[bool]]


class MirrorDelivery:
    def __init__(self, translator: GuildTranslator, outbox: Outbox) -> None:
        self._translator = translator
        self._outbox = outbox

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
        *,
        revision: int = 0,
    ) -> tuple[int | None, bool]:
        """Open the question's mirror thread and post its parts: the thread's id (None when it
        failed, retried later, or the question was deleted meanwhile), and whether more is
        due at once (an edit or a delete arrived meanwhile)."""
        first, *rest = render_mirror(translated.body, question.frame)
        if not await self._outbox.begin_post(question.relay_id, first, first=True):
            await self._outbox.release(question.relay_id)
            return None, True
        try:
            posted = await sink.open_thread(
                question.mirror_channel_id, translated.title, first, question.author
            )
        except Exception as refused:
            await self._outbox.failed(question.relay_id, refused)
            return None, False
        more = await self.finish(
            sink,
            question.relay_id,
            translated.body,
            (posted.message_id,),
            [first, *rest],
            channel_id=question.mirror_channel_id,
            thread_id=posted.thread_id,
            author=question.author,
            revision=revision,
            skip_edits=1,
            pivot=translated.body.text if question.origin_side is Side.ZH else None,
        )
        return posted.thread_id, more

    async def show(
        self, sink: MirrorSink, relay: StoredRelay, translated: TranslationResult | CorrectionCard
    ) -> bool:
        """Make the mirror show ``translated`` (or a correction card rendered for this side),
        posting, completing or editing its parts. True when more work is due at once (an edit
        or a delete arrived meanwhile)."""
        assert relay.mirror_thread_id is not None
        return await self.finish(
            sink,
            relay.id,
            translated if isinstance(translated, TranslationResult) else None,
            relay.part_ids,
            render_relay(translated, relay.frame),
            channel_id=relay.mirror_channel_id,
            thread_id=relay.mirror_thread_id,
            author=relay.author,
            revision=relay.revision,
        )

    async def finish(
        self,
        sink: MirrorSink,
        relay_id: int,
        translated: TranslationResult | None,
        posted: Sequence[int],
        contents: Sequence[str],
        *,
        channel_id: int,
        thread_id: int,
        author: Author,
        revision: int,
        skip_edits: int = 0,
        pivot: str | None = None,
    ) -> bool:
        """Bring ``posted`` to ``contents`` and record the outcome; True when more is due."""
        opened = thread_id if skip_edits else None  # a question's mirror thread, just opened

        async def before_post(content: str, parts: Sequence[int]) -> bool:
            return await self._outbox.begin_post(
                relay_id, content, first=not parts, parts=parts, thread_id=opened
            )

        parts, error = await sync_parts(
            sink,
            channel_id,
            thread_id,
            author,
            posted=posted,
            contents=contents,
            skip_edits=skip_edits,
            before_post=before_post,
        )
        if isinstance(error, SupersededError):
            await self._outbox.release(relay_id, parts)
            return True
        if error is not None and classify(error) is Fault.MESSAGE_GONE:
            await self._outbox.removed(relay_id)  # a moderator deleted the mirror: it stays so
            return False
        if error is not None:
            await self._outbox.failed(relay_id, error, parts=parts)
            return False
        return await self._outbox.delivered(
            relay_id,
            translated,
            parts,
            revision=revision,
            thread_id=opened,
            pivot=pivot if translated is not None and translated.is_translation else None,
        )

    async def remove(self, sink: MirrorSink, relay: StoredRelay) -> None:
        """The original is gone: so is every part of its mirror (a part already gone is fine)."""
        parts = list(relay.part_ids)
        while parts:
            try:
                await sink.delete(relay.mirror_channel_id, relay.mirror_thread_id or 0, parts[-1])
            except Exception as error:
                if classify(error) is not Fault.MESSAGE_GONE:
                    await self._outbox.failed(relay.id, error, parts=parts)
                    return
            parts.pop()
        await self._outbox.removed(relay.id)


async def sync_parts(
    sink: MirrorSink,
    channel_id: int,
    thread_id: int,
    author: Author,
    *,
    posted: Sequence[int],
    contents: Sequence[str],
    skip_edits: int = 0,
    before_post: BeforePost | None = None,
) -> tuple[tuple[int, ...], Exception | None]:
    """Make a mirror's ``posted`` messages read ``contents``: edit the ones there, post the
    ones missing (in order, after them), delete the ones no longer needed (last first).

    Returns the parts as they are on Discord afterwards, and what failed, if anything
    (``SupersededError`` when ``before_post`` refused a post); the first ``skip_edits`` parts were
    just posted with their content.
    """
    current = list(posted)
    try:
        for index, content in enumerate(contents):
            if index >= len(current):
                if before_post is not None and not await before_post(content, tuple(current)):
                    return tuple(current), SupersededError()
                current.append(await sink.post(channel_id, thread_id, content, author))
            elif index >= skip_edits:
                await sink.edit(channel_id, thread_id, current[index], content)
        while len(current) > len(contents):
            await sink.delete(channel_id, thread_id, current[-1])
            current.pop()
    except Exception as error:
        return tuple(current), error
    return tuple(current), None
