"""The digest composer the scheduler posts (``DigestComposer``) and the CLI renders."""

from __future__ import annotations

import asyncio
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.digest.chart import draw_week_chart
from bot.services.digest.chart_text import chart_alt_text, chart_caption
from bot.services.digest.highlights import WeeklyHighlights
from bot.services.digest.planner import DigestPlanner
from bot.services.digest.ports import DigestChart
from bot.services.digest.render import DigestRenderer
from bot.services.digest.weeks import IsoWeek
from bot.services.discord_split import split_messages
from bot.services.discord_text import MESSAGE_LIMIT


class WeeklyDigestComposer:
    """Selects a guild's week (``DigestPlanner``) and renders it (``DigestRenderer``)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        traditional_config: str = "s2twp",
    ) -> None:
        self.planner = DigestPlanner(sessions)
        self._renderer = DigestRenderer(traditional_config)

    async def compose(self, guild_id: int, week: IsoWeek) -> list[str]:
        """The digest as Discord messages of at most 2,000 characters each.

        An empty list means there is nothing to post: no question, pen-pal pair or newcomer
        that week (the numbers alone are not worth a post).
        """
        highlights = await self.planner.select_highlights(guild_id, week)
        if highlights.is_empty:
            return []
        return split_messages(self._renderer.blocks(highlights), MESSAGE_LIMIT)

    async def chart(self, guild_id: int, week: IsoWeek) -> DigestChart | None:
        """The chart of the week's questions and answers per side per day; None for a week
        without any (an empty chart says nothing). Drawn in a worker thread."""
        counts, traditional = await self.planner.chart_counts(guild_id, week)
        if counts.is_empty:
            return None
        png = await asyncio.to_thread(draw_week_chart, counts)
        zh_locale = "zh-TW" if traditional else "zh-CN"
        return DigestChart(
            png=png,
            filename=f"yiqi-digest-{week}.png",
            caption=chart_caption(zh_locale),
            alt_text=chart_alt_text(counts, zh_locale),
        )

    async def compose_markdown(self, guild_id: int, week: IsoWeek) -> str:
        """The whole digest as one Markdown document (user ids instead of mentions)."""
        highlights = await self.planner.select_highlights(guild_id, week)
        return self.render_markdown(highlights)

    def render_markdown(self, highlights: WeeklyHighlights) -> str:
        return "\n\n".join(self._renderer.blocks(highlights, mentions=False)) + "\n"

    async def last_complete_week(self, guild_id: int, now: datetime) -> IsoWeek:
        """The week before the one ``now`` falls in, on the guild's digest clock."""
        timezone = await self.planner.timezone_of(guild_id)
        return IsoWeek.containing(now, timezone).previous()
