"""MirrorSink over Discord webhooks: mirrors appear under the member's name and avatar."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import discord

from bot.adapters.send_pacing import SendPacer
from bot.services.caches import MISSING, WEBHOOK_CACHE_SIZE, BoundedCache
from bot.services.discord_text import THREAD_NAME_LIMIT, WEBHOOK_NAME_LIMIT, fit
from bot.services.relay.outbox import content_digest
from bot.services.relay.port import Author, Found, Posted

log = logging.getLogger(__name__)

WEBHOOK_NAME = "Yiqi relay"
# Discord's JSON error code for a webhook that no longer exists (with HTTP 404).
UNKNOWN_WEBHOOK = 10015
# Looking for a post of unknown outcome: through at most this many messages after the origin.
_SEARCH_LIMIT = 100
_NO_PINGS = discord.AllowedMentions.none()
# Discord refuses webhook usernames containing "discord" (and a few others).
_FORBIDDEN_NAME = re.compile(r"discord|clyde", re.IGNORECASE)


def webhook_username(author: Author) -> str:
    name = _FORBIDDEN_NAME.sub("•", author.display_name).strip() or "member"
    return fit(name, WEBHOOK_NAME_LIMIT)


Sent = TypeVar("Sent")


class DiscordMirrorSink:
    """One webhook per bridged channel, created on first use and reused.

    Every webhook request waits for its turn in the pacer (keyed by the bridged channel, which
    has exactly one webhook), so a burst stays within Discord's rate limits and in order.
    Webhooks are cached per channel (policy: ``bot.services.caches``); one deleted behind the
    bot's back is forgotten and replaced on the request that finds it gone.
    """

    def __init__(
        self, client: discord.Client, pacer: SendPacer, *, max_webhooks: int = WEBHOOK_CACHE_SIZE
    ) -> None:
        self._client = client
        self._pacer = pacer
        self._webhooks: BoundedCache[int, discord.Webhook] = BoundedCache(max_webhooks)
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
            cached = self._webhooks.get(channel_id)
            if cached is not MISSING:
                return cached
            channel = await self._channel(channel_id)
            assert isinstance(channel, discord.TextChannel | discord.ForumChannel)
            me = self._client.user
            existing = [
                w for w in await channel.webhooks() if w.name == WEBHOOK_NAME and w.user == me
            ]
            hook = existing[0] if existing else await channel.create_webhook(name=WEBHOOK_NAME)
            self._webhooks.put(channel_id, hook)
            return hook

    async def _through_webhook(
        self, channel_id: int, request: Callable[[discord.Webhook], Awaitable[Sent]]
    ) -> Sent:
        """``request`` through the channel's webhook; if Discord no longer knows that webhook,
        once more through a fresh one (the stale one is forgotten)."""
        hook = await self._webhook(channel_id)
        try:
            return await request(hook)
        except discord.NotFound as error:
            if error.code != UNKNOWN_WEBHOOK:
                raise
            log.warning("webhook %s of channel %s is gone; replacing it", hook.id, channel_id)
            await self._forget(channel_id, hook)
        return await request(await self._webhook(channel_id))

    async def _forget(self, channel_id: int, stale: discord.Webhook) -> None:
        async with self._lock:
            # A concurrent request may have replaced it already: keep the fresh one.
            cached = self._webhooks.get(channel_id)
            if cached is not MISSING and cached.id == stale.id:
                self._webhooks.invalidate(channel_id)

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

        async def send(hook: discord.Webhook) -> discord.WebhookMessage:
            async with self._pacer.turn(channel_id, new_message=True):
                return await hook.send(
                    content,
                    username=webhook_username(author),
                    avatar_url=author.avatar_url or discord.utils.MISSING,
                    allowed_mentions=_NO_PINGS,
                    wait=True,
                    **where,
                )

        return await self._through_webhook(channel_id, send)

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
        where = await self._where(channel_id, thread_id, message_id)

        async def edit(hook: discord.Webhook) -> None:
            async with self._pacer.turn(channel_id, new_message=False):
                await hook.edit_message(
                    message_id, content=content, thread=where, allowed_mentions=_NO_PINGS
                )

        await self._through_webhook(channel_id, edit)

    async def delete(self, channel_id: int, thread_id: int, message_id: int) -> None:
        where = await self._where(channel_id, thread_id, message_id)

        async def delete(hook: discord.Webhook) -> None:
            async with self._pacer.turn(channel_id, new_message=False):
                await hook.delete_message(message_id, thread=where)

        await self._through_webhook(channel_id, delete)

    async def find_posted(
        self, channel_id: int, thread_id: int | None, after_id: int, digest: str
    ) -> list[Found]:
        after = discord.Object(after_id)
        if thread_id:
            thread = self._client.get_channel(thread_id) or await self._client.fetch_channel(
                thread_id
            )
            assert isinstance(thread, discord.Thread)
            history = thread.history(after=after, limit=_SEARCH_LIMIT, oldest_first=True)
            return [Found(message.id, thread_id) async for message in _ours(history, digest)]
        channel = await self._channel(channel_id)
        if isinstance(channel, discord.TextChannel):
            history = channel.history(after=after, limit=_SEARCH_LIMIT, oldest_first=True)
            return [
                Found(message.id, opened.id if (opened := channel.get_thread(message.id)) else None)
                async for message in _ours(history, digest)
            ]
        assert isinstance(channel, discord.ForumChannel)
        found = []
        for thread in sorted(channel.threads, key=lambda t: t.id):  # a post is its thread's
            if thread.id <= after_id:  # starter (same id)
                continue
            starter = thread.starter_message or await thread.fetch_message(thread.id)
            if starter.webhook_id is not None and content_digest(starter.content) == digest:
                found.append(Found(starter.id, thread.id))
        return found


async def _ours(
    messages: AsyncIterator[discord.Message], digest: str
) -> AsyncIterator[discord.Message]:
    """The webhook posts among ``messages`` whose content hashes to ``digest``."""
    async for message in messages:
        if message.webhook_id is not None and content_digest(message.content) == digest:
            yield message
