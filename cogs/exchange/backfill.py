"""Reading back what members posted while the bot could not relay it (down, or its database
out long enough to overflow the intake buffer), and relaying it as the live listener would."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import partial

import discord

from bot.services.relay.backfill import RelayBackfill
from bot.services.relay.intake import IncomingEvent, IntakeBuffer

log = logging.getLogger(__name__)

# Most messages read back per channel or thread in one pass (pages of 100 on Discord); a
# channel with more is continued by the next start, from the newest one stored.
HISTORY_LIMIT = 500

Readable = discord.TextChannel | discord.Thread


class MissedMessages:
    """Reads history after the last stored message and hands each new one to the relay."""

    def __init__(
        self,
        client: discord.Client,
        backfill: RelayBackfill,
        intake: IntakeBuffer,
        *,
        relayable: Callable[[discord.Message], bool],
        relay: Callable[[discord.Message], Awaitable[object]],
    ) -> None:
        self._client = client
        self._backfill = backfill
        self._intake = intake
        self._relayable = relayable
        self._relay = relay

    async def at_start(self) -> int:
        """Every guild's bridged channels and open conversation threads, within the window."""
        if not self._backfill.enabled:
            return 0
        relayed = 0
        for guild in self._client.guilds:
            try:
                relayed += await self._guild(guild)
            except Exception:
                log.exception("back-fill of guild %s failed; the next start tries again", guild.id)
        if relayed:
            log.info("back-fill: relayed %d messages posted while the bot was away", relayed)
        return relayed

    async def after_overflow(self, dropped: dict[int, int]) -> None:
        """Channels whose events the intake buffer dropped: read back from the first one."""
        for channel_id, first in dropped.items():
            channel = self._client.get_channel(channel_id)
            if isinstance(channel, discord.TextChannel | discord.Thread):
                await self._read_back(channel, after=first - 1)

    async def _guild(self, guild: discord.Guild) -> int:
        places = await self._backfill.places(guild.id)
        if not places.bridged and not places.penpal:
            return 0
        targets: list[Readable] = [
            channel
            for channel in guild.text_channels
            if places.reads_posts(channel.id)  # forum posts are threads: read below
        ]
        targets += [thread for thread in guild.threads if places.reads_thread(thread.parent_id)]
        starts = await self._backfill.start_after([target.id for target in targets])
        relayed = 0
        for target in targets:
            relayed += await self._read_back(target, after=starts[target.id])
        return relayed

    async def _read_back(self, channel: Readable, *, after: int) -> int:
        """Relay, oldest first, the messages after ``after`` that are not stored yet."""
        try:
            messages = [
                message
                async for message in channel.history(
                    limit=HISTORY_LIMIT, after=discord.Object(after), oldest_first=True
                )
                if self._relayable(message)
            ]
        except discord.HTTPException as error:  # no access any more, or the thread is gone
            log.warning("back-fill: cannot read %s (%s)", channel.id, error)
            return 0
        unseen = set(await self._backfill.unseen([message.id for message in messages]))
        missed = [message for message in messages if message.id in unseen]
        for message in missed:
            event = IncomingEvent("message", channel.id, message.id, partial(self._relay, message))
            await self._intake.submit(event)
        if missed:
            log.info("back-fill: %d missed messages in %s", len(missed), channel.id)
        return len(missed)
