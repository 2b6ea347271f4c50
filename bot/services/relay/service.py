"""The Q&A relay (SPEC §3): questions open mirrored threads; replies, edits and deletes follow.

Discord-free: Discord operations go through a ``MirrorSink``. Every relayed message is stored
before it is sent, so a message that could not be translated or delivered is retried by
``retry_due`` instead of being lost. Sends into one mirror thread keep arrival order while
translations of a burst still share model batches.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.discord_text import jump_url
from bot.services.exchange.bridges import BridgeInfo
from bot.services.glossary.service import GlossaryService
from bot.services.language.guild_scripts import GuildScripts
from bot.services.relay.conversation import (
    conversation_closed,
    find_conversation,
    pen_pal_script,
)
from bot.services.relay.port import Author, MirrorSink
from bot.services.relay.render import render_mirror
from bot.translation.engine import TranslationEngine
from bot.translation.languages import Reader
from bot.translation.results import TranslationResult
from db.clock import Clock, utcnow
from db.enums import ChannelKind, Side
from db.models import Question, RelayedMessage
from db.repositories.question import QuestionRepository
from db.repositories.relay import RelayRepository, retry_backoff

log = logging.getLogger(__name__)

# If this process dies between recording and sending, the sweep picks the message up.
CRASH_RETRY_DELAY = timedelta(seconds=60)
TITLE_LIMIT = 90


@dataclass(frozen=True)
class IncomingMessage:
    """A member's message as the relay sees it."""

    guild_id: int
    channel_id: int  # the bridged channel (a thread's parent)
    message_id: int
    author: Author
    text: str
    thread_id: int | None = None
    attachments: tuple[str, ...] = ()
    reply_to_message_id: int | None = None
    title: str | None = None  # a forum post's own title; else the text's first line


def question_title(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:TITLE_LIMIT] or "?"


@dataclass
class _ThreadOrder:
    """Per mirror thread: the send that the next one must wait for."""

    tails: dict[int, asyncio.Future[None]] = field(default_factory=dict)

    def ticket(self, thread_id: int) -> tuple[asyncio.Future[None] | None, asyncio.Future[None]]:
        previous = self.tails.get(thread_id)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.tails[thread_id] = mine
        return previous, mine

    def done(self, thread_id: int, mine: asyncio.Future[None]) -> None:
        mine.set_result(None)
        if self.tails.get(thread_id) is mine:
            del self.tails[thread_id]


class RelayService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        translation: TranslationEngine,
        *,
        clock: Clock = utcnow,
        scripts: GuildScripts | None = None,
        glossary: GlossaryService | None = None,
    ) -> None:
        self._sessions = sessions
        self._translation = translation
        self._scripts = scripts or GuildScripts(sessions)
        self._glossary = glossary or GlossaryService(sessions)
        self._clock = clock
        self._order = _ThreadOrder()

    async def _translate(
        self, text: str, side: Side, guild_id: int, pair_id: int | None = None
    ) -> TranslationResult:
        # The server's terms and script; each lookup is cached, so this rarely opens a session.
        reader = await self._mirror_reader(guild_id, side.other, pair_id)
        glossary = await self._glossary.terms_for(guild_id)
        return await self._translation.translate(text, reader, prior=side, glossary=glossary)

    async def _mirror_reader(self, guild_id: int, side: Side, pair_id: int | None) -> Reader:
        """A channel mirror is read in the server's script; a pen pal's, in their own."""
        if pair_id is not None and side is Side.ZH:
            async with self._sessions() as session:
                own = await pen_pal_script(session, pair_id)
            if own is not None:
                return own
        return await self._scripts.reader_for(guild_id, side)

    async def open_question(
        self, sink: MirrorSink, bridge: BridgeInfo, side: Side, message: IncomingMessage
    ) -> Question:
        """A new post in a bridged channel: a thread on it, a mirrored thread on the other side."""
        mirror = bridge.opposite(side)
        now = self._clock()
        async with self._sessions() as session, session.begin():
            question = await QuestionRepository(session).add(
                guild_id=message.guild_id,
                bridge_id=bridge.id,
                asker_id=message.author.id,
                origin_side=side,
                title=question_title(message.title or message.text),
                body=message.text,
                origin_channel_id=message.channel_id,
                origin_message_id=message.message_id,
                mirror_channel_id=mirror.channel_id,
                pivot_text_en=message.text if side is Side.EN else None,
            )
            relay = await RelayRepository(session).record_pending(
                guild_id=message.guild_id,
                origin_side=side,
                author_id=message.author.id,
                author_name=message.author.display_name,
                author_avatar_url=message.author.avatar_url,
                origin_message_id=message.message_id,
                origin_channel_id=message.channel_id,
                mirror_channel_id=mirror.channel_id,
                original_text=message.text,
                question_id=question.id,
                retry_at=now + CRASH_RETRY_DELAY,
            )
        # A forum post arrives with its thread; a text-channel post gets one.
        origin_thread = message.thread_id or await sink.start_thread(
            message.channel_id, message.message_id, question_title(message.text)
        )
        async with self._sessions() as session, session.begin():
            await QuestionRepository(session).set_threads(
                await _reload(session, question),
                origin_thread_id=origin_thread,
                mirror_thread_id=None,
            )
        question.origin_thread_id = origin_thread
        await self._deliver_question(sink, question, relay.id, message.attachments)
        return question

    async def ask(
        self,
        sink: MirrorSink,
        bridge: BridgeInfo,
        side: Side,
        *,
        guild_id: int,
        author: Author,
        text: str,
    ) -> Question:
        """``/ask``: post the question as the asker on their side, then relay it like a post."""
        origin = bridge.en if side is Side.EN else bridge.zh
        if origin.kind is ChannelKind.FORUM:
            posted = await sink.open_thread(origin.channel_id, question_title(text), text, author)
            message_id, thread_id = posted.message_id, posted.thread_id
        else:
            message_id = await sink.post_in_channel(origin.channel_id, text, author)
            thread_id = None
        incoming = IncomingMessage(
            guild_id=guild_id,
            channel_id=origin.channel_id,
            message_id=message_id,
            author=author,
            text=text,
            thread_id=thread_id,
        )
        return await self.open_question(sink, bridge, side, incoming)

    async def _deliver_question(
        self, sink: MirrorSink, question: Question, relay_id: int, attachments: tuple[str, ...]
    ) -> None:
        try:
            body = await self._translate(question.body, question.origin_side, question.guild_id)
            title = await self._translate(question.title, question.origin_side, question.guild_id)
            author = await self._author(relay_id)
            posted = await sink.open_thread(
                question.mirror_channel_id or 0,
                question_title(title.text),
                render_mirror(body, question.origin_side, attachments=attachments),
                author,
            )
        except Exception as error:
            await self._failed(relay_id, error)
            return
        async with self._sessions() as session, session.begin():
            await QuestionRepository(session).set_threads(
                await _reload(session, question),
                origin_thread_id=None,
                mirror_thread_id=posted.thread_id,
            )
            if question.origin_side is Side.ZH and body.is_translation:
                (await _reload(session, question)).pivot_text_en = body.text
            relay = await _reload_relay(session, relay_id)
            _store_translation(relay, body)
            await RelayRepository(session).mark_delivered(
                relay, mirror_message_id=posted.message_id, mirror_thread_id=posted.thread_id
            )
        question.mirror_thread_id = posted.thread_id

    async def mirror_reply(self, sink: MirrorSink, message: IncomingMessage) -> bool:
        """Mirror a reply in a question thread (either side); False if it is not one.

        Sends into a mirror thread keep the order messages arrived in: the ordering ticket is
        taken before the first ``await`` (listeners start in gateway order), keyed on the
        origin thread, which maps to exactly one mirror thread.
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
            mirror_thread, mirror_channel = (
                conversation.mirror_thread_id,
                conversation.mirror_channel_id,
            )
            quote = await self._quote(session, message)
            relay = await RelayRepository(session).record_pending(
                guild_id=message.guild_id,
                origin_side=side,
                author_id=message.author.id,
                author_name=message.author.display_name,
                author_avatar_url=message.author.avatar_url,
                origin_message_id=message.message_id,
                origin_channel_id=message.channel_id,
                origin_thread_id=message.thread_id,
                mirror_channel_id=mirror_channel or 0,
                mirror_thread_id=mirror_thread,
                original_text=message.text,
                question_id=conversation.question_id,
                penpal_pair_id=conversation.penpal_pair_id,
                retry_at=self._clock() + CRASH_RETRY_DELAY,
            )
            relay_id = relay.id
        if mirror_thread is None:  # the question's mirror is still pending; the sweep sends both
            return True
        # Translate now (a burst shares model batches), send after the previous message.
        translated = await self._safe_translate(
            relay_id, message.text, side, message.guild_id, conversation.penpal_pair_id
        )
        if previous is not None:
            await asyncio.shield(previous)
        if translated is not None:
            await self._send(
                sink,
                relay_id,
                translated=translated,
                side=side,
                quote=quote,
                attachments=message.attachments,
            )
        return True

    async def _safe_translate(
        self, relay_id: int, text: str, side: Side, guild_id: int, pair_id: int | None
    ) -> TranslationResult | None:
        try:
            return await self._translate(text, side, guild_id, pair_id)
        except Exception as error:
            await self._failed(relay_id, error)
            return None

    async def _send(
        self,
        sink: MirrorSink,
        relay_id: int,
        *,
        translated: TranslationResult,
        side: Side,
        quote: str | None,
        attachments: tuple[str, ...],
    ) -> None:
        async with self._sessions() as session:
            relay = await _reload_relay(session, relay_id)
            channel, thread = relay.mirror_channel_id, relay.mirror_thread_id or 0
            author = Author(relay.author_id, relay.author_name, relay.author_avatar_url)
        content = render_mirror(translated, side, quote=quote, attachments=attachments)
        try:
            message_id = await sink.post(channel, thread, content, author)
        except Exception as error:
            await self._failed(relay_id, error)
            return
        async with self._sessions() as session, session.begin():
            relay = await _reload_relay(session, relay_id)
            _store_translation(relay, translated)
            await RelayRepository(session).mark_delivered(relay, mirror_message_id=message_id)

    async def _quote(self, session: AsyncSession, message: IncomingMessage) -> str | None:
        """Replies keep context: a quote of the replied-to text as the other side saw it + link."""
        if message.reply_to_message_id is None:
            return None
        repo = RelayRepository(session)
        replied = await repo.find_by_origin_message(message.reply_to_message_id)
        if replied is not None and replied.mirror_message_id and replied.mirror_thread_id:
            text = replied.translated_text or replied.original_text
            link = jump_url(message.guild_id, replied.mirror_thread_id, replied.mirror_message_id)
        else:
            replied = await repo.find_by_mirror_message(message.reply_to_message_id)
            if replied is None:
                return None
            text = replied.original_text
            thread = replied.origin_thread_id or replied.origin_channel_id
            link = jump_url(message.guild_id, thread, replied.origin_message_id)
        return f"{' '.join(text.split())[:150]} [↩]({link})"

    async def mirror_edit(self, sink: MirrorSink, message_id: int, new_text: str) -> bool:
        """Re-translate an edited message into its mirror."""
        async with self._sessions() as session:
            relay = await RelayRepository(session).find_by_origin_message(message_id)
            if relay is None:
                return False
            if await conversation_closed(session, relay):
                return True  # an ended pen-pal pair: nothing more reaches the partner
            side, target = relay.origin_side, (relay.mirror_channel_id, relay.mirror_thread_id)
            mirror_message, relay_id, guild_id = relay.mirror_message_id, relay.id, relay.guild_id
            pair_id = relay.penpal_pair_id
        translated = await self._translate(new_text, side, guild_id, pair_id)
        if mirror_message is not None:
            await sink.edit(
                target[0], target[1] or 0, mirror_message, render_mirror(translated, side)
            )
        async with self._sessions() as session, session.begin():
            relay = await _reload_relay(session, relay_id)
            relay.original_text = new_text
            _store_translation(relay, translated)
            relay.is_edited = True
        return True

    async def mirror_delete(self, sink: MirrorSink, message_id: int) -> bool:
        """A deleted message takes its mirror with it."""
        async with self._sessions() as session, session.begin():
            relay = await RelayRepository(session).find_by_origin_message(message_id)
            if relay is None:
                return False
            relay.is_deleted = True
            target = (relay.mirror_channel_id, relay.mirror_thread_id, relay.mirror_message_id)
        if target[2] is not None:
            await sink.delete(target[0], target[1] or 0, target[2])
        return True

    async def retry_due(self, sink: MirrorSink, *, limit: int = 50) -> int:
        """Send what failed or was left pending; returns how many were delivered now."""
        async with self._sessions() as session:
            due = list(await RelayRepository(session).list_due_retries(self._clock(), limit))
            questions = {
                r.id: await QuestionRepository(session).get(r.question_id)
                for r in due
                if r.question_id is not None
            }
            closed = {r.id for r in due if await conversation_closed(session, r)}
        delivered = 0
        for relay in due:
            if relay.id in closed:
                await self._abandon(relay.id)
                continue
            question = questions.get(relay.id)
            if question is not None and question.origin_message_id == relay.origin_message_id:
                await self._deliver_question(sink, question, relay.id, ())
            else:
                await self._resend_reply(sink, relay, question)
            async with self._sessions() as session:
                delivered += (await _reload_relay(session, relay.id)).mirror_message_id is not None
        return delivered

    async def translate_unavailable(self, sink: MirrorSink, *, batch: int = 50) -> int:
        """Mirrors posted untranslated (no model for that direction then) get translated now.

        Runs when a model may have been installed since (at start); returns how many mirrors
        were edited. A failed edit is logged and left for the next start.
        """
        sides = [s for s in Side if self._translation.can_translate(s, s.other)]
        edited, after_id = 0, 0
        while sides:
            async with self._sessions() as session:
                due = await RelayRepository(session).list_untranslated(sides, after_id, batch)
            if not due:
                break
            for relay in due:
                after_id = relay.id
                translated = await self._translate(
                    relay.original_text, relay.origin_side, relay.guild_id, relay.penpal_pair_id
                )
                if translated.unavailable:
                    continue
                content = render_mirror(translated, relay.origin_side)
                try:
                    await sink.edit(
                        relay.mirror_channel_id,
                        relay.mirror_thread_id or 0,
                        relay.mirror_message_id or 0,
                        content,
                    )
                except Exception as error:
                    log.warning("could not add the translation to relay %s: %s", relay.id, error)
                    continue
                async with self._sessions() as session, session.begin():
                    _store_translation(await _reload_relay(session, relay.id), translated)
                edited += 1
        return edited

    async def _resend_reply(
        self, sink: MirrorSink, relay: RelayedMessage, question: Question | None
    ) -> None:
        if relay.mirror_thread_id is None and question is not None and question.mirror_thread_id:
            # A reply that arrived before its question's mirror existed.
            await self._retarget(relay.id, question)
        translated = await self._safe_translate(
            relay.id, relay.original_text, relay.origin_side, relay.guild_id, relay.penpal_pair_id
        )
        if translated is not None:
            await self._send(
                sink,
                relay.id,
                translated=translated,
                side=relay.origin_side,
                quote=None,
                attachments=(),
            )

    async def _retarget(self, relay_id: int, question: Question) -> None:
        async with self._sessions() as session, session.begin():
            relay = await _reload_relay(session, relay_id)
            on_origin = relay.origin_thread_id == question.origin_thread_id
            relay.mirror_thread_id = (
                question.mirror_thread_id if on_origin else question.origin_thread_id
            )

    async def _author(self, relay_id: int) -> Author:
        async with self._sessions() as session:
            relay = await _reload_relay(session, relay_id)
            return Author(relay.author_id, relay.author_name, relay.author_avatar_url)

    async def _abandon(self, relay_id: int) -> None:
        async with self._sessions() as session, session.begin():
            relay = await _reload_relay(session, relay_id)
            await RelayRepository(session).mark_failed(
                relay, error="conversation ended", retry_at=None
            )

    async def _failed(self, relay_id: int, error: BaseException) -> None:
        log.warning("relay %s failed (%s); will retry", relay_id, error)
        async with self._sessions() as session, session.begin():
            relay = await _reload_relay(session, relay_id)
            await RelayRepository(session).mark_failed(
                relay,
                error=f"{type(error).__name__}: {error}",
                retry_at=self._clock() + retry_backoff(relay.attempts + 1),
            )


def _store_translation(relay: RelayedMessage, result: TranslationResult) -> None:
    # No translation stored means "posted untranslated": translate_unavailable finds it later.
    relay.translated_text = None if result.unavailable else result.text
    relay.low_confidence = result.low_confidence


async def _reload(session: AsyncSession, question: Question) -> Question:
    found = await session.get(Question, question.id)
    assert found is not None
    return found


async def _reload_relay(session: AsyncSession, relay_id: int) -> RelayedMessage:
    found = await session.get(RelayedMessage, relay_id)
    assert found is not None
    return found
