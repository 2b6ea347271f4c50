"""DigestPoster over discord.py: plain channel messages from the bot, never pinging anyone."""

from __future__ import annotations

import io
from datetime import datetime

import discord

from bot.services.digest.ports import DigestChannelUnavailableError, DigestChart

# How far back a takeover looks for messages a crashed process sent but did not record.
HISTORY_LIMIT = 50


class DiscordDigestPoster:
    def __init__(self, client: discord.Client) -> None:
        self._client = client

    def _channel(self, channel_id: int) -> discord.PartialMessageable:
        # HTTP only: works at start-up (catch-up) before the gateway has filled the cache.
        return self._client.get_partial_messageable(channel_id)

    async def send(self, channel_id: int, content: str, *, chart: DigestChart | None = None) -> int:
        channel = self._channel(channel_id)
        quiet = discord.AllowedMentions.none()
        try:
            # Many jump links: link previews would bury the digest (suppress_embeds).
            if chart is None:
                message = await channel.send(content, allowed_mentions=quiet, suppress_embeds=True)
            else:
                message = await channel.send(
                    content, file=chart_file(chart), allowed_mentions=quiet, suppress_embeds=True
                )
        except (discord.NotFound, discord.Forbidden) as error:
            raise DigestChannelUnavailableError(str(error)) from error
        return message.id

    async def own_messages_since(self, channel_id: int, since: datetime) -> list[int]:
        me = self._client.user
        if me is None:
            return []
        try:
            return [
                message.id
                async for message in self._channel(channel_id).history(
                    after=since, oldest_first=True, limit=HISTORY_LIMIT
                )
                if message.author.id == me.id
            ]
        except (discord.NotFound, discord.Forbidden):
            return []


def chart_file(chart: DigestChart) -> discord.File:
    """The chart as an attachment, described for screen readers."""
    return discord.File(io.BytesIO(chart.png), filename=chart.filename, description=chart.alt_text)
