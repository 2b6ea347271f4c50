"""``/glossary add|remove|list``: terms with fixed translations (Manage Server to change)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.adapters.app_commands_translator import command_name
from bot.adapters.command_tree import send_ephemeral
from bot.i18n import _, current_locale
from bot.i18n.messages.glossary import Glossary
from bot.services.discord_split import pack_lines
from bot.services.discord_text import inline_text
from bot.services.glossary.service import (
    MAX_SERVER_TERMS,
    MAX_TERM_LENGTH,
    GlossaryEntry,
    GlossaryError,
    GlossaryProblem,
)
from bot.translation.scripts import convert

if TYPE_CHECKING:
    from bot.app import YiqiBot


_PLAIN_PROBLEMS = {
    GlossaryProblem.EMPTY: Glossary.EMPTY,
    GlossaryProblem.NOT_ENGLISH: Glossary.NOT_ENGLISH,
    GlossaryProblem.NOT_CHINESE: Glossary.NOT_CHINESE,
    GlossaryProblem.RESERVED: Glossary.RESERVED,
}


class GlossaryCog(
    commands.GroupCog,
    group_name=command_name(Glossary.NAME),
    group_description=locale_str(Glossary.DESCRIPTION),
):
    """No default_permissions on the group: ``list`` is for everyone."""

    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot
        super().__init__()

    def _shown(self, entry: GlossaryEntry) -> dict[str, str]:
        """The entry's sides for the viewer: Chinese in their script, markdown escaped."""
        chinese = entry.zh
        if current_locale() == "zh_TW":
            chinese = convert(chinese, self.bot.settings.traditional_variant)
        return {
            "english": inline_text(entry.en),
            "chinese": inline_text(chinese),
        }

    def _problem(self, error: GlossaryError, typed: str) -> str:
        problem = error.problem
        if problem in _PLAIN_PROBLEMS:
            return _(_PLAIN_PROBLEMS[problem])
        if problem is GlossaryProblem.TOO_LONG:
            return _(Glossary.TOO_LONG, limit=MAX_TERM_LENGTH)
        if problem is GlossaryProblem.FULL:
            return _(Glossary.FULL, limit=MAX_SERVER_TERMS)
        term = inline_text(typed)
        if problem is GlossaryProblem.NOT_FOUND or error.existing is None:
            return _(Glossary.NOT_FOUND, term=term)
        shown = self._shown(error.existing)
        if problem is GlossaryProblem.ALREADY_THERE:
            return _(Glossary.ALREADY_THERE, **shown)
        return _(Glossary.TAKEN, term=term, **shown)

    @app_commands.command(
        name=command_name(Glossary.ADD_NAME), description=locale_str(Glossary.ADD_DESCRIPTION)
    )
    @app_commands.guild_only()
    @app_commands.rename(
        english=command_name(Glossary.ENGLISH_NAME), chinese=command_name(Glossary.CHINESE_NAME)
    )
    @app_commands.describe(
        english=locale_str(Glossary.ENGLISH_DESCRIPTION),
        chinese=locale_str(Glossary.CHINESE_DESCRIPTION),
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def add(
        self, interaction: discord.Interaction[YiqiBot], english: str, chinese: str
    ) -> None:
        assert interaction.guild_id is not None
        try:
            entry = await self.bot.services.glossary.add(
                interaction.guild_id, english, chinese, by=interaction.user.id
            )
        except GlossaryError as error:
            clash = chinese if error.problem is GlossaryProblem.CHINESE_TAKEN else english
            await send_ephemeral(interaction, self._problem(error, clash))
            return
        done = Glossary.RESTORED if entry.built_in else Glossary.ADDED
        await send_ephemeral(interaction, _(done, **self._shown(entry)))

    @app_commands.command(
        name=command_name(Glossary.REMOVE_NAME), description=locale_str(Glossary.REMOVE_DESCRIPTION)
    )
    @app_commands.guild_only()
    @app_commands.rename(term=command_name(Glossary.TERM_NAME))
    @app_commands.describe(term=locale_str(Glossary.TERM_DESCRIPTION))
    @app_commands.checks.has_permissions(manage_guild=True)
    async def remove(self, interaction: discord.Interaction[YiqiBot], term: str) -> None:
        assert interaction.guild_id is not None
        try:
            entry = await self.bot.services.glossary.remove(interaction.guild_id, term)
        except GlossaryError as error:
            await send_ephemeral(interaction, self._problem(error, term))
            return
        await send_ephemeral(interaction, _(Glossary.REMOVED, **self._shown(entry)))

    @app_commands.command(
        name=command_name(Glossary.LIST_NAME), description=locale_str(Glossary.LIST_DESCRIPTION)
    )
    @app_commands.guild_only()
    async def list_terms(self, interaction: discord.Interaction[YiqiBot]) -> None:
        assert interaction.guild_id is not None
        entries = await self.bot.services.glossary.entries(interaction.guild_id)
        if not entries:
            await send_ephemeral(interaction, _(Glossary.EMPTY_LIST))
            return
        built_in = _(Glossary.BUILT_IN)
        lines = [_(Glossary.HEADING)]
        for entry in entries:
            shown = self._shown(entry)
            marker = f" *({built_in})*" if entry.built_in else ""
            lines.append(f"• {shown['english']} ↔ {shown['chinese']}{marker}")
        for chunk in pack_lines(lines):
            await send_ephemeral(interaction, chunk)


async def setup(bot: YiqiBot) -> None:
    await bot.add_cog(GlossaryCog(bot))
