"""The cat-tax gate on Discord: ``/cattax setup|off`` and the gate channel's listener."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.adapters.app_commands_translator import command_name
from bot.adapters.command_tree import send_ephemeral
from bot.i18n import _, use_locale
from bot.i18n.messages.cat_tax import CatTax
from bot.services.cat_tax.service import (
    GateAttachment,
    GateOutcome,
    GatePost,
    GateVerdict,
    RoleGrantError,
)
from bot.translation.languages import Reader

if TYPE_CHECKING:
    from bot.app import YiqiBot

log = logging.getLogger(__name__)

_REPLIES = {
    GateVerdict.WELCOMED: CatTax.WELCOME,
    GateVerdict.NEEDS_IMAGE: CatTax.NEEDS_IMAGE,
    GateVerdict.NEEDS_INTRO: CatTax.NEEDS_INTRO,
    GateVerdict.ROLE_FAILED: CatTax.ROLE_FAILED,
}


def in_languages(msgid: str, readers: list[Reader], **fields: object) -> str:
    """The message once per reader, one under the other."""
    parts = []
    for reader in readers:
        with use_locale(reader.value):
            parts.append(_(msgid, **fields))
    return "\n\n".join(parts)


def gate_reply(outcome: GateOutcome, member: str, role: str) -> str | None:
    """What Yiqi answers a gate post: welcomes in both languages, explanations in the
    poster's language when known."""
    msgid = _REPLIES.get(outcome.verdict)
    if msgid is None:
        return None
    both = [Reader.EN, outcome.settings.chinese_reader]
    explanation = outcome.verdict in (GateVerdict.NEEDS_IMAGE, GateVerdict.NEEDS_INTRO)
    readers = [outcome.reader] if explanation and outcome.reader is not None else both
    return in_languages(msgid, readers, member=member, role=role)


def gate_post(message: discord.Message) -> GatePost:
    assert message.guild is not None
    return GatePost(
        guild_id=message.guild.id,
        channel_id=message.channel.id,
        message_id=message.id,
        user_id=message.author.id,
        text=message.content,
        attachments=tuple(GateAttachment(a.filename, a.content_type) for a in message.attachments),
    )


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class CatTaxCog(
    commands.GroupCog,
    group_name=command_name(CatTax.NAME),
    group_description=locale_str(CatTax.DESCRIPTION),
):
    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name=command_name(CatTax.SETUP_NAME), description=locale_str(CatTax.SETUP_DESCRIPTION)
    )
    @app_commands.rename(
        channel=command_name(CatTax.CHANNEL_NAME), role=command_name(CatTax.ROLE_NAME)
    )
    @app_commands.describe(
        channel=locale_str(CatTax.CHANNEL_DESCRIPTION), role=locale_str(CatTax.ROLE_DESCRIPTION)
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def setup_gate(
        self,
        interaction: discord.Interaction[YiqiBot],
        channel: discord.TextChannel,
        role: discord.Role,
    ) -> None:
        assert interaction.guild_id is not None
        if role.is_default() or role.managed:
            await send_ephemeral(interaction, _(CatTax.UNUSABLE_ROLE))
            return
        await self.bot.services.cat_tax.configure(interaction.guild_id, channel.id, role.id)
        text = _(CatTax.ENABLED, channel=channel.mention, role=role.mention)
        if not role.is_assignable():
            # Saved anyway: the admin may fix the role order next; the gate retries then.
            text += "\n" + _(CatTax.CANNOT_ASSIGN_YET, role=role.mention)
        await send_ephemeral(interaction, text)

    @app_commands.command(
        name=command_name(CatTax.OFF_NAME), description=locale_str(CatTax.OFF_DESCRIPTION)
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def off(self, interaction: discord.Interaction[YiqiBot]) -> None:
        assert interaction.guild_id is not None
        was_on = await self.bot.services.cat_tax.disable(interaction.guild_id)
        await send_ephemeral(interaction, _(CatTax.DISABLED if was_on else CatTax.WAS_OFF))


class CatTaxGateCog(commands.Cog):
    """Reads posts in each server's gate channel."""

    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if (
            message.guild is None
            or message.author.bot
            or message.webhook_id is not None
            or message.type not in (discord.MessageType.default, discord.MessageType.reply)
        ):
            return
        guild = message.guild
        outcome = await self.bot.services.cat_tax.handle_post(
            gate_post(message), lambda role_id: self._grant(guild, message.author, role_id)
        )
        if outcome is None:
            return
        role = guild.get_role(outcome.settings.role_id)
        reply = gate_reply(
            outcome,
            message.author.mention,
            role.mention if role else f"<@&{outcome.settings.role_id}>",
        )
        if reply is not None:
            await message.reply(reply, mention_author=False)

    async def _grant(
        self, guild: discord.Guild, author: discord.User | discord.Member, role_id: int
    ) -> None:
        role = guild.get_role(role_id)
        member = author if isinstance(author, discord.Member) else guild.get_member(author.id)
        if role is None or member is None:
            log.warning("cat-tax gate in guild %s: role %s or member gone", guild.id, role_id)
            raise RoleGrantError("role or member not found")
        if role in member.roles:
            return
        gate = await self.bot.services.cat_tax.gate_for(guild.id)
        with use_locale(gate.ui_locale if gate else "en"):
            reason = _(CatTax.AUDIT_REASON)
        try:
            await member.add_roles(role, reason=reason)
        except discord.HTTPException as error:
            log.warning(
                "cat-tax gate in guild %s cannot give role %s to %s (%s): Yiqi needs Manage "
                "Roles and a role above it; the member's next gate post retries",
                guild.id,
                role_id,
                member.id,
                error,
            )
            raise RoleGrantError(str(error)) from error


async def setup(bot: YiqiBot) -> None:
    await bot.add_cog(CatTaxCog(bot))
    await bot.add_cog(CatTaxGateCog(bot))
