"""``/digest config|preview|now`` and the scheduled jobs that post the weekly digest."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.adapters.app_commands_translator import command_name
from bot.adapters.command_tree import send_ephemeral
from bot.adapters.cooldowns import member_cooldown
from bot.i18n import _
from bot.i18n.messages.digest import WEEKDAYS, Digest
from bot.services.digest.config import DigestChannelRequiredError
from bot.services.digest.jobs import DigestJobs
from bot.services.digest.publisher import PublishResult
from bot.services.digest.schedule import parse_local_time
from bot.services.digest.weeks import IsoWeek
from bot.services.time_zones import known_time_zones, matching_time_zones
from cogs.digest.poster import DiscordDigestPoster, chart_file
from cogs.digest.replies import publish_reply, schedule_summary

if TYPE_CHECKING:
    from bot.app import YiqiBot


SWEEP_JOB_ID = "digest-sweep"


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)  # every /digest command is for admins
class DigestCog(
    commands.GroupCog,
    group_name=command_name(Digest.NAME),
    group_description=locale_str(Digest.DESCRIPTION),
):
    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot
        self.poster = DiscordDigestPoster(bot)
        services = bot.services
        self.jobs = DigestJobs(
            services.scheduler, services.digest_config, self.run_scheduled, clock=services.clock
        )
        super().__init__()

    async def cog_load(self) -> None:
        # The database is the source of truth: jobs from the stored schedules, then whatever
        # was missed (or left half-posted by a crash) while no process was running.
        await self.sweep()
        self.bot.services.scheduler.add_job(
            self.sweep, "interval", hours=1, id=SWEEP_JOB_ID, replace_existing=True
        )

    async def sweep(self) -> None:
        """Jobs from the stored schedules, then what is due but not done.

        Hourly too: another process may have changed a schedule (a job left at an old slot is
        harmless, it posts only what the stored schedule says), and a post that failed mid-way
        is resumed once its claim's lease runs out.
        """
        await self.jobs.rebuild()
        await self.bot.services.digest.catch_up(self.poster)

    async def cog_unload(self) -> None:
        scheduler = self.bot.services.scheduler
        if scheduler.get_job(SWEEP_JOB_ID) is not None:
            scheduler.remove_job(SWEEP_JOB_ID)
        self.jobs.disarm_all()

    async def run_scheduled(self, guild_id: int) -> PublishResult:
        return await self.bot.services.digest.run_due(self.poster, guild_id)

    @app_commands.command(
        name=command_name(Digest.CONFIG_NAME), description=locale_str(Digest.CONFIG_DESCRIPTION)
    )
    @app_commands.rename(
        channel=command_name(Digest.CHANNEL_NAME),
        weekday=command_name(Digest.WEEKDAY_NAME),
        time=command_name(Digest.TIME_NAME),
        timezone=command_name(Digest.TIMEZONE_NAME),
        enabled=command_name(Digest.ENABLED_NAME),
    )
    @app_commands.describe(
        channel=locale_str(Digest.CHANNEL_DESCRIPTION),
        weekday=locale_str(Digest.WEEKDAY_DESCRIPTION),
        time=locale_str(Digest.TIME_DESCRIPTION),
        timezone=locale_str(Digest.TIMEZONE_DESCRIPTION),
        enabled=locale_str(Digest.ENABLED_DESCRIPTION),
    )
    @app_commands.choices(
        weekday=[
            app_commands.Choice(name=locale_str(day), value=number)
            for number, day in enumerate(WEEKDAYS)
        ]
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def config(  # noqa: PLR0917 (discord.py passes options by position)
        self,
        interaction: discord.Interaction[YiqiBot],
        channel: discord.TextChannel | None = None,
        weekday: app_commands.Choice[int] | None = None,
        time: str | None = None,
        timezone: str | None = None,
        enabled: bool | None = None,
    ) -> None:
        assert interaction.guild_id is not None  # guild_only
        local_time = parse_local_time(time) if time is not None else None
        if time is not None and local_time is None:
            await send_ephemeral(interaction, _(Digest.BAD_TIME, value=time))
            return
        if timezone is not None and timezone not in known_time_zones():
            await send_ephemeral(interaction, _(Digest.BAD_TIMEZONE, value=timezone))
            return
        try:
            schedule = await self.bot.services.digest_config.update(
                interaction.guild_id,
                channel_id=channel.id if channel else None,
                weekday=weekday.value if weekday else None,
                local_time=local_time,
                timezone=timezone,
                enabled=enabled,
            )
        except DigestChannelRequiredError:
            await send_ephemeral(interaction, _(Digest.NOT_CONFIGURED))
            return
        next_due = self.jobs.arm(schedule)
        await send_ephemeral(interaction, schedule_summary(schedule, next_due))

    @config.autocomplete("timezone")
    async def _timezones(
        self, _interaction: discord.Interaction[YiqiBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=z, value=z) for z in matching_time_zones(current)]

    @app_commands.command(
        name=command_name(Digest.PREVIEW_NAME), description=locale_str(Digest.PREVIEW_DESCRIPTION)
    )
    @app_commands.rename(week=command_name(Digest.WEEK_NAME))
    @app_commands.describe(week=locale_str(Digest.WEEK_DESCRIPTION))
    @member_cooldown(lambda limits: limits.digest_preview)  # a query of about a second
    @app_commands.checks.has_permissions(manage_guild=True)
    async def preview(
        self, interaction: discord.Interaction[YiqiBot], week: str | None = None
    ) -> None:
        assert interaction.guild_id is not None
        try:
            digest = self.bot.services.digest
            chosen = (
                IsoWeek.parse(week) if week else await digest.upcoming_week(interaction.guild_id)
            )
        except ValueError:
            await send_ephemeral(interaction, _(Digest.BAD_WEEK, value=week))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        parts = await digest.preview(interaction.guild_id, chosen)
        if not parts:
            await interaction.followup.send(
                _(Digest.NOTHING_TO_PREVIEW, week=str(chosen)), ephemeral=True
            )
            return
        await interaction.followup.send(_(Digest.PREVIEW_HEADER, week=str(chosen)), ephemeral=True)
        for part in parts:
            await interaction.followup.send(
                part,
                ephemeral=True,
                suppress_embeds=True,
                allowed_mentions=discord.AllowedMentions.none(),
            )
        chart = await digest.preview_chart(interaction.guild_id, chosen)
        if chart is not None:
            await interaction.followup.send(
                chart.caption, file=chart_file(chart), ephemeral=True, suppress_embeds=True
            )

    @app_commands.command(
        name=command_name(Digest.NOW_NAME), description=locale_str(Digest.NOW_DESCRIPTION)
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def now(self, interaction: discord.Interaction[YiqiBot]) -> None:
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await self.bot.services.digest.post_now(self.poster, interaction.guild_id)
        await interaction.followup.send(publish_reply(result), ephemeral=True)
