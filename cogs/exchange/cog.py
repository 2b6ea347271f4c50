"""Listeners: new posts open questions, thread replies/edits/deletes reach the mirror."""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.i18n import _, use_locale
from bot.i18n.messages.exchange import Exchange
from bot.services.exchange.similar import SimilarQuestion
from bot.services.relay.backfill import relay_once
from bot.services.relay.intake import IncomingEvent
from bot.services.relay.port import Author, IncomingMessage
from bot.translation.languages import Reader
from cogs.exchange.backfill import MissedMessages
from cogs.exchange.links import similar_lines
from db.enums import Side

if TYPE_CHECKING:
    from bot.app import YiqiBot

log = logging.getLogger(__name__)
RETRY_JOB_ID = "relay-retry"


def incoming(
    message: discord.Message, channel_id: int, thread_id: int | None, title: str | None = None
) -> IncomingMessage:
    assert message.guild is not None
    reference = message.reference.message_id if message.reference else None
    return IncomingMessage(
        guild_id=message.guild.id,
        channel_id=channel_id,
        message_id=message.id,
        author=Author(
            message.author.id, message.author.display_name, message.author.display_avatar.url
        ),
        text=message.content,
        thread_id=thread_id,
        attachments=tuple(a.url for a in message.attachments),
        reply_to_message_id=reference,
        title=title,
    )


class ExchangeCog(commands.Cog):
    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot
        self.sink = bot.services.mirror_sink
        # Models are loaded at start: mirrors posted untranslated are revisited once per process.
        self._untranslated_checked = False
        # Events wait here while the database is out; what was missed is read back.
        self.intake = bot.services.relay_intake
        self.missed = MissedMessages(
            bot,
            bot.services.relay_backfill,
            self.intake,
            relayable=self._relayable,
            relay=self._relay_once,
        )
        self.intake.set_recovery(self.missed.after_overflow)
        bot.services.relay.hold_back_behind(self.intake.holds_before)
        self.backfill: asyncio.Task[int] | None = None

    async def cog_load(self) -> None:
        self.bot.services.scheduler.add_job(
            self.retry_pending,
            "interval",
            seconds=self.bot.settings.relay_retry_seconds,
            id=RETRY_JOB_ID,
            replace_existing=True,
        )

    async def cog_unload(self) -> None:
        if self.bot.services.scheduler.get_job(RETRY_JOB_ID):
            self.bot.services.scheduler.remove_job(RETRY_JOB_ID)
        if self.backfill is not None:
            self.backfill.cancel()

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        # Also after a reconnect that lost the session; a run under way is not doubled.
        if self.backfill is None or self.backfill.done():
            self.backfill = asyncio.create_task(self.missed.at_start(), name="relay-backfill")

    async def retry_pending(self) -> int:
        """Deliver what failed or was left pending (also what a shutdown left, after restart),
        then (first run only) translate mirrors posted untranslated because a model was missing."""
        relay = self.bot.services.relay
        async with self.bot.in_flight.track():
            delivered = await relay.retry_due(self.sink)
            if not self._untranslated_checked:
                self._untranslated_checked = True
                edited = await relay.translate_unavailable(self.sink)
                if edited:
                    log.info("translated %d mirrors posted while a model was missing", edited)
        return delivered

    def _relayable(self, message: discord.Message) -> bool:
        # Loop guard: never Yiqi's own webhooks, other bots, or system messages.
        allowed_bots = self.bot.settings.relay_allowed_bot_ids
        return (
            message.guild is not None
            and (not message.author.bot or message.author.id in allowed_bots)
            and message.webhook_id is None
            and message.type in (discord.MessageType.default, discord.MessageType.reply)
        )

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if not self._relayable(message):
            return
        async with self.bot.in_flight.track():  # a shutdown lets it finish
            event = IncomingEvent(
                "message", message.channel.id, message.id, partial(self._relay_once, message)
            )
            await self.intake.submit(event)

    async def _relay_once(self, message: discord.Message) -> None:
        # The back-fill, a held event or another process may have stored it already.
        await relay_once(self.bot.services.sessions, message.id, partial(self._relay, message))

    async def _relay(self, message: discord.Message) -> None:
        channel, relay = message.channel, self.bot.services.relay
        if not isinstance(channel, discord.Thread):
            opened = await relay.open_question(self.sink, incoming(message, channel.id, None))
        elif channel.parent_id is None:
            return
        elif message.id == channel.id:  # a forum post's first message: a new question
            opened = await relay.open_question(
                self.sink, incoming(message, channel.parent_id, channel.id, channel.name)
            )
        else:
            await relay.mirror_reply(self.sink, incoming(message, channel.parent_id, channel.id))
            return
        if opened is not None and opened.similar and opened.origin_thread_id is not None:
            await self._point_to_similar(opened.origin_thread_id, opened.side, opened.similar)

    async def _point_to_similar(
        self, thread_id: int, side: Side, similar: tuple[SimilarQuestion, ...]
    ) -> None:
        """A post can't be held back before it exists: point to earlier answers in its thread."""
        thread = self.bot.get_channel(thread_id)
        if not isinstance(thread, discord.Thread) or thread.guild is None:
            return
        with use_locale(Reader.for_side(side).value):
            heading = _(Exchange.SIMILAR_EARLIER)
        lines = similar_lines(thread.guild.id, similar)
        await thread.send(
            "\n".join([heading, *lines]),
            suppress_embeds=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        author = payload.data.get("author") or {}
        content = payload.data.get("content")
        if content is None or author.get("bot") or payload.data.get("webhook_id"):
            return
        edit = partial(self.bot.services.relay.mirror_edit, self.sink, payload.message_id, content)
        async with self.bot.in_flight.track():
            await self.intake.submit(
                IncomingEvent("edit", payload.channel_id, payload.message_id, edit)
            )

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        delete = partial(self.bot.services.relay.mirror_delete, self.sink, payload.message_id)
        async with self.bot.in_flight.track():
            await self.intake.submit(
                IncomingEvent("delete", payload.channel_id, payload.message_id, delete)
            )

    @commands.Cog.listener()
    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        """A purge, or a ban that deleted the member's recent messages: mirrors go too."""
        ids = sorted(payload.message_ids)
        delete = partial(self.bot.services.relay.messages_deleted, self.sink, ids)
        async with self.bot.in_flight.track():
            await self.intake.submit(
                IncomingEvent("bulk delete", payload.channel_id, ids[0], delete)
            )
