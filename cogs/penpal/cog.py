"""``/penpal …``: thin adapters over the pen-pal services (SPEC §4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str

from bot.adapters.app_commands_translator import command_name
from bot.adapters.command_tree import send_ephemeral
from bot.i18n import _
from bot.i18n.messages.penpal import Penpal, PenpalCommands
from bot.i18n.messages.setup import Setup
from bot.services.penpal.pool import JoinOutcome, JoinRequest, PenpalStatusView
from bot.translation.languages import reader_for_discord_locale
from cogs.penpal import join
from cogs.penpal.proposals import match_guild, scheduled_run
from cogs.penpal.safety import SafetyCommands
from cogs.penpal.spaces import close_conversation, notify_back_to_front
from db.enums import PenpalLevel, PenpalStatus, Side

if TYPE_CHECKING:
    from bot.app import YiqiBot

MATCH_JOB_ID = "penpal-match"
_JOIN_REPLIES = {
    JoinOutcome.JOINED: Penpal.JOINED,
    JoinOutcome.UPDATED: Penpal.UPDATED,
    JoinOutcome.NEEDS_CONSENT: Penpal.NEEDS_CONSENT,
    JoinOutcome.SIDE_LOCKED: Penpal.SIDE_LOCKED,
}


def render_status(view: PenpalStatusView) -> str:
    if not view.joined:
        lines = [_(Penpal.NOT_JOINED)]
    elif view.partner_id is not None:
        thread = f"<#{view.thread_id}>" if view.thread_id else "—"
        lines = [_(Penpal.STATUS_PAIRED, partner=f"<@{view.partner_id}>", thread=thread)]
    elif view.proposed_partner_id is not None:
        lines = [_(Penpal.STATUS_PROPOSED, partner=f"<@{view.proposed_partner_id}>")]
    elif view.status is PenpalStatus.PAUSED:
        lines = [_(Penpal.STATUS_PAUSED)]
    elif view.status is PenpalStatus.LEFT:
        lines = [_(Penpal.STATUS_LEFT)]
    else:
        position = view.waitlist_position or 0
        lines = [_(Penpal.STATUS_WAITING, position=position, total=view.waiting_total)]
    if view.blocked:
        members = ", ".join(f"<@{user_id}>" for user_id in view.blocked)
        lines.append(_(Penpal.STATUS_BLOCKED, members=members))
    return "\n".join(lines)


@app_commands.guild_only()
class PenpalCog(
    SafetyCommands,
    group_name=command_name(PenpalCommands.NAME),
    group_description=locale_str(PenpalCommands.DESCRIPTION),
):
    async def cog_load(self) -> None:
        self.bot.services.scheduler.add_job(
            scheduled_run,
            "interval",
            args=[self.bot],
            seconds=self.bot.settings.penpal_match_seconds,
            id=MATCH_JOB_ID,
            replace_existing=True,
        )

    async def cog_unload(self) -> None:
        if self.bot.services.scheduler.get_job(MATCH_JOB_ID):
            self.bot.services.scheduler.remove_job(MATCH_JOB_ID)

    @app_commands.command(
        name=command_name(PenpalCommands.JOIN_NAME),
        description=locale_str(PenpalCommands.JOIN_DESCRIPTION),
    )
    @app_commands.rename(
        level=command_name(PenpalCommands.LEVEL_NAME),
        timezone=command_name(PenpalCommands.TIMEZONE_NAME),
        intro=command_name(PenpalCommands.INTRO_NAME),
        adult=command_name(PenpalCommands.ADULT_NAME),
        consent=command_name(PenpalCommands.CONSENT_NAME),
        interests=command_name(PenpalCommands.INTERESTS_NAME),
        side=command_name(PenpalCommands.SIDE_NAME),
    )
    @app_commands.describe(
        level=locale_str(PenpalCommands.LEVEL_DESCRIPTION),
        timezone=locale_str(PenpalCommands.TIMEZONE_DESCRIPTION),
        intro=locale_str(PenpalCommands.INTRO_DESCRIPTION),
        adult=locale_str(PenpalCommands.ADULT_DESCRIPTION),
        consent=locale_str(PenpalCommands.CONSENT_DESCRIPTION),
        interests=locale_str(PenpalCommands.INTERESTS_DESCRIPTION),
        side=locale_str(PenpalCommands.SIDE_DESCRIPTION),
    )
    @app_commands.choices(side=join.SIDE_CHOICES, level=join.LEVEL_CHOICES)
    @app_commands.autocomplete(timezone=join.complete_time_zone, interests=join.complete_interests)
    async def join_command(  # noqa: PLR0917 (discord.py passes options positionally)
        self,
        interaction: discord.Interaction[YiqiBot],
        level: str,
        timezone: str,
        intro: app_commands.Range[str, 1, 500],
        adult: bool,
        consent: bool,
        interests: str = "",
        side: str | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        chosen = Side(side) if side else await self._default_side(interaction)
        request = JoinRequest(
            guild_id=interaction.guild_id,
            user_id=interaction.user.id,
            side=chosen,
            level=PenpalLevel(level),
            interests=join.parse_interests(interests),
            timezone=timezone,
            intro=intro,
            adult=adult,
            consent=consent,
        )
        outcome = await self.bot.services.penpal.join(request)
        if outcome is JoinOutcome.UNKNOWN_TIMEZONE:
            await send_ephemeral(interaction, _(Penpal.UNKNOWN_TIMEZONE, timezone=timezone))
        else:
            await send_ephemeral(interaction, _(_JOIN_REPLIES[outcome]))

    async def _default_side(self, interaction: discord.Interaction[YiqiBot]) -> Side:
        assert interaction.guild_id is not None
        explicit = await self.bot.services.members.explicit_reader(
            interaction.guild_id, interaction.user.id
        )
        return (explicit or reader_for_discord_locale(str(interaction.locale))).side

    @app_commands.command(
        name=command_name(PenpalCommands.STATUS_NAME),
        description=locale_str(PenpalCommands.STATUS_DESCRIPTION),
    )
    async def status(self, interaction: discord.Interaction[YiqiBot]) -> None:
        assert interaction.guild_id is not None
        view = await self.bot.services.penpal.status(interaction.guild_id, interaction.user.id)
        await send_ephemeral(interaction, render_status(view))

    @app_commands.command(
        name=command_name(PenpalCommands.PAUSE_NAME),
        description=locale_str(PenpalCommands.PAUSE_DESCRIPTION),
    )
    async def pause(self, interaction: discord.Interaction[YiqiBot]) -> None:
        assert interaction.guild_id is not None
        done = await self.bot.services.penpal.pause(interaction.guild_id, interaction.user.id)
        await send_ephemeral(interaction, _(Penpal.PAUSED if done else Penpal.NOT_JOINED))

    @app_commands.command(
        name=command_name(PenpalCommands.RESUME_NAME),
        description=locale_str(PenpalCommands.RESUME_DESCRIPTION),
    )
    async def resume(self, interaction: discord.Interaction[YiqiBot]) -> None:
        assert interaction.guild_id is not None
        done = await self.bot.services.penpal.resume(interaction.guild_id, interaction.user.id)
        await send_ephemeral(interaction, _(Penpal.RESUMED if done else Penpal.NOT_PAUSED))

    @app_commands.command(
        name=command_name(PenpalCommands.LEAVE_NAME),
        description=locale_str(PenpalCommands.LEAVE_DESCRIPTION),
    )
    async def leave(self, interaction: discord.Interaction[YiqiBot]) -> None:
        assert interaction.guild_id is not None
        left = await self.bot.services.penpal.leave(interaction.guild_id, interaction.user.id)
        await send_ephemeral(interaction, _(Penpal.LEFT if left else Penpal.NOT_JOINED))
        if left is not None:
            await notify_back_to_front(self.bot, left.back_to_front)
            if left.ended is not None:
                await close_conversation(self.bot, left.ended)

    @app_commands.command(
        name=command_name(PenpalCommands.MATCH_NAME),
        description=locale_str(PenpalCommands.MATCH_DESCRIPTION),
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def match(self, interaction: discord.Interaction[YiqiBot]) -> None:
        assert interaction.guild_id is not None
        if not (await self.bot.services.penpal.channels(interaction.guild_id)).complete:
            await send_ephemeral(interaction, _(Penpal.CONFIGURE_FIRST))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        count = await match_guild(self.bot, interaction.guild_id)
        await send_ephemeral(interaction, _(Penpal.MATCHED, count=count))

    @app_commands.command(
        name=command_name(PenpalCommands.CONFIGURE_NAME),
        description=locale_str(PenpalCommands.CONFIGURE_DESCRIPTION),
    )
    @app_commands.rename(
        english_channel=command_name(Setup.ENGLISH_CHANNEL_NAME),
        chinese_channel=command_name(Setup.CHINESE_CHANNEL_NAME),
        moderators_channel=command_name(PenpalCommands.MODERATORS_NAME),
    )
    @app_commands.describe(
        english_channel=locale_str(Setup.ENGLISH_CHANNEL_DESCRIPTION),
        chinese_channel=locale_str(Setup.CHINESE_CHANNEL_DESCRIPTION),
        moderators_channel=locale_str(PenpalCommands.MODERATORS_DESCRIPTION),
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def configure(
        self,
        interaction: discord.Interaction[YiqiBot],
        english_channel: discord.TextChannel,
        chinese_channel: discord.TextChannel,
        moderators_channel: discord.TextChannel,
    ) -> None:
        assert interaction.guild_id is not None
        await self.bot.services.penpal.configure(
            interaction.guild_id,
            en_channel_id=english_channel.id,
            zh_channel_id=chinese_channel.id,
            moderators_channel_id=moderators_channel.id,
        )
        text = _(
            Penpal.CONFIGURED,
            english=english_channel.mention,
            chinese=chinese_channel.mention,
            moderators=moderators_channel.mention,
        )
        await send_ephemeral(interaction, text)
