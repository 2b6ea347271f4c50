"""MirrorSink over Discord webhooks: mirrors appear under the member's name and avatar."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import discord

from bot.adapters.send_pacing import SendPacer
from bot.services.discord_text import THREAD_NAME_LIMIT, WEBHOOK_NAME_LIMIT, fit
from bot.services.relay.port import Author, Posted

WEBHOOK_NAME = "Yiqi relay"
_NO_PINGS = discord.AllowedMentions.none()
# Discord refuses webhook usernames containing "discord" (and a few others).
_FORBIDDEN_NAME = re.compile(r"discord|clyde", re.IGNORECASE)


def webhook_username(author: Author) -> str:
    name = _FORBIDDEN_NAME.sub("•", author.display_name).strip() or "member"
    return fit(name, WEBHOOK_NAME_LIMIT)


class DiscordMirrorSink:
    """One webhook per bridged channel, created on first use and reused.

    Every webhook request waits for its turn in the pacer (keyed by the bridged channel, which
    has exactly one webhook), so a burst stays within Discord's rate limits and in order.
    """

    def __init__(self, client: discord.Client, pacer: SendPacer) -> None:
        self._client = client
        self._pacer = pacer
        self._webhooks: dict[int, discord.Webhook] = {}
        self._lock = asyncio.Lock()

    async def _channel(self, channel_id: int) -> discord.abc.GuildChannel:
        channel = self._client.get_channel(channel_id) or await self._client.fetch_channel(
            channel_id
        )
        if not isinstance(channel, discord.TextChannel | discord.ForumChannel):
            raise TypeError(f"channel {channel_id} is not a text or forum channel")
        return channel

    async def _webhook(self, channel_id: int) -> discord.Webhook:
        async with self._lock:  # two first messages at once must not create two webhooks
            if channel_id in self._webhooks:
                return self._webhooks[channel_id]
            channel = await self._channel(channel_id)
            assert isinstance(channel, discord.TextChannel | discord.ForumChannel)
            me = self._client.user
            existing = [
                w for w in await channel.webhooks() if w.name == WEBHOOK_NAME and w.user == me
            ]
            hook = existing[0] if existing else await channel.create_webhook(name=WEBHOOK_NAME)
            self._webhooks[channel_id] = hook
            return hook

    async def start_thread(self, channel_id: int, message_id: int, name: str) -> int:
        channel = await self._channel(channel_id)
        assert isinstance(channel, discord.TextChannel)
        thread = await channel.get_partial_message(message_id).create_thread(
            name=fit(name, THREAD_NAME_LIMIT)
        )
        return thread.id

    async def _send_as(
        self, channel_id: int, content: str, author: Author, **where: Any
    ) -> discord.WebhookMessage:
        """Post through the channel's webhook as ``author``; ``where``: thread or thread_name."""
        hook = await self._webhook(channel_id)
        async with self._pacer.turn(channel_id, new_message=True):
            return await hook.send(
                content,
                username=webhook_username(author),
                avatar_url=author.avatar_url or discord.utils.MISSING,
                allowed_mentions=_NO_PINGS,
                wait=True,
                **where,
            )

    async def open_thread(self, channel_id: int, name: str, content: str, author: Author) -> Posted:
        channel = await self._channel(channel_id)
        if isinstance(channel, discord.ForumChannel):
            sent = await self._send_as(
                channel_id, content, author, thread_name=fit(name, THREAD_NAME_LIMIT)
            )
            return Posted(thread_id=sent.channel.id, message_id=sent.id)
        assert isinstance(channel, discord.TextChannel)
        sent = await self._send_as(channel_id, content, author)
        thread = await channel.get_partial_message(sent.id).create_thread(
            name=fit(name, THREAD_NAME_LIMIT)
        )
        return Posted(thread_id=thread.id, message_id=sent.id)

    async def post_in_channel(self, channel_id: int, content: str, author: Author) -> int:
        return (await self._send_as(channel_id, content, author)).id

    async def post(self, channel_id: int, thread_id: int, content: str, author: Author) -> int:
        sent = await self._send_as(channel_id, content, author, thread=discord.Object(thread_id))
        return sent.id

    async def _where(
        self, channel_id: int, thread_id: int, message_id: int
    ) -> discord.abc.Snowflake | Any:
        """The ``thread=`` argument for a webhook message: MISSING when it sits in the channel.

        A thread opened on a message has that message's id. In a text channel the starter (a
        question's mirror) lives in the channel itself; in a forum, inside the thread.
        """
        starter_in_channel = thread_id == message_id and isinstance(
            await self._channel(channel_id), discord.TextChannel
        )
        if not thread_id or starter_in_channel:
            return discord.utils.MISSING
        return discord.Object(thread_id)

    async def edit(self, channel_id: int, thread_id: int, message_id: int, content: str) -> None:
        hook = await self._webhook(channel_id)
        where = await self._where(channel_id, thread_id, message_id)
        async with self._pacer.turn(channel_id, new_message=False):
            await hook.edit_message(
                message_id, content=content, thread=where, allowed_mentions=_NO_PINGS
            )

    async def delete(self, channel_id: int, thread_id: int, message_id: int) -> None:
        hook = await self._webhook(channel_id)
        where = await self._where(channel_id, thread_id, message_id)
        async with self._pacer.turn(channel_id, new_message=False):
            await hook.delete_message(message_id, thread=where)
