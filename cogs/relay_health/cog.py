"""The moderators' notice: one post when a bridge starts failing, checked on a schedule."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.i18n import use_locale
from bot.services.relay.faults import classify
from bot.services.relay.health import FailureNotice
from cogs.relay_health.render import notice_text

if TYPE_CHECKING:
    from bot.app import YiqiBot

log = logging.getLogger(__name__)
NOTICE_JOB_ID = "relay-health-notice"


def notice_content(notice: FailureNotice) -> str:
    """In the guild's UI language; English then Chinese when it has none of its own."""
    if notice.locale is not None:
        with use_locale(notice.locale):
            return notice_text(notice.bridge)
    with use_locale("en"):
        english = notice_text(notice.bridge)
    with use_locale(notice.chinese.value):
        chinese = notice_text(notice.bridge)
    return f"{english}\n\n{chinese}"


class RelayHealthCog(commands.Cog):
    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.services.scheduler.add_job(
            self.check_bridges,
            "interval",
            seconds=self.bot.settings.relay_retry_seconds,
            id=NOTICE_JOB_ID,
            replace_existing=True,
        )

    async def cog_unload(self) -> None:
        if self.bot.services.scheduler.get_job(NOTICE_JOB_ID):
            self.bot.services.scheduler.remove_job(NOTICE_JOB_ID)

    async def check_bridges(self) -> int:
        """Tell moderators about bridges that started failing; forget recovered ones.
        Returns how many notices were posted."""
        health = self.bot.services.relay_health
        await health.clear_recovered()
        posted = 0
        for notice in await health.claim_notices():
            if await self._post(notice):
                posted += 1
        return posted

    async def _post(self, notice: FailureNotice) -> bool:
        channel_id = notice.moderators_channel_id
        channel = self.bot.get_channel(channel_id) if channel_id else None
        if not isinstance(channel, discord.TextChannel | discord.Thread):
            # Nowhere to post: /setup status still shows it; the claim stays, so no retry storm.
            log.warning(
                "bridge %s fails; guild %s has no moderators' channel",
                notice.bridge.bridge_id,
                notice.guild_id,
            )
            return False
        try:
            await channel.send(notice_content(notice))
        except discord.HTTPException as error:
            log.warning(
                "could not post the failure notice of bridge %s: %s", notice.bridge.bridge_id, error
            )
            if not classify(error).permanent:  # Discord busy: the next check posts it
                await self.bot.services.relay_health.notice_not_posted(notice)
            return False
        return True
