"""``/language`` and the "Translate" message context menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.adapters.command_tree import activate_reader_locale
from bot.adapters.cooldowns import cooldown_check
from bot.i18n import COMMAND_NAME, CONTEXT_MENU, _
from bot.i18n.messages.exchange import Exchange, Relay
from bot.i18n.messages.language import Language
from bot.i18n.messages.pinyin import Pinyin
from bot.services.discord_split import split_message
from bot.services.pinyin.service import TranslationPinyin
from bot.translation.languages import Reader
from bot.translation.results import TranslationResult, TranslationStatus

if TYPE_CHECKING:
    from bot.app import YiqiBot

_LANGUAGE_NAMES = {
    Reader.EN: Language.ENGLISH,
    Reader.ZH_CN: Language.SIMPLIFIED,
    Reader.ZH_TW: Language.TRADITIONAL,
}


def render_private_translation(
    result: TranslationResult, pinyin: TranslationPinyin | None = None
) -> list[str]:
    """The ephemeral messages a viewer sees for a translated message: one, or several in
    order when a long message and its translation together pass Discord's limit.

    With ``pinyin``, a translation into Chinese is shown word by word with its pinyin, and
    so is a Chinese original, in place of the plain original or below the translation.
    """
    if pinyin is not None and pinyin.of_translation:
        return split_message(pinyin.view)
    return split_message(_private_translation(result, pinyin.view if pinyin else None))


def _private_translation(result: TranslationResult, original_pinyin: str | None) -> str:
    original = f">>> {original_pinyin or result.original}"
    heading = _(Pinyin.ORIGINAL_WITH_PINYIN) if original_pinyin else _(Relay.ORIGINAL)
    if result.status is TranslationStatus.UNTOUCHED:
        return _(Exchange.NOTHING_TO_TRANSLATE)
    if result.status is TranslationStatus.UNAVAILABLE:
        source = (result.source or "").upper()
        notice = _(Relay.UNAVAILABLE, source=source, target=result.target.side.upper())
        return f"{notice}\n{original}"
    if result.low_confidence:
        notice = _(Relay.LOW_CONFIDENCE)
        return f"{notice}\n{result.text}\n\n**{heading}**\n{original}"
    if original_pinyin:
        return f"{result.text}\n\n**{heading}**\n{original}"
    return result.text


class LanguageCog(commands.Cog):
    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot
        self.translate_menu = app_commands.ContextMenu(
            name=locale_str(Exchange.TRANSLATE_MENU, msgctxt=CONTEXT_MENU),
            callback=self.translate_message,
        )
        self.translate_menu.add_check(cooldown_check(lambda limits: limits.translate))
        bot.tree.add_command(self.translate_menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.translate_menu.name, type=self.translate_menu.type)

    @app_commands.command(
        name=locale_str(Language.NAME, msgctxt=COMMAND_NAME),
        description=locale_str(Language.DESCRIPTION),
    )
    @app_commands.guild_only()
    @app_commands.rename(
        language=locale_str(Language.OPTION_NAME, msgctxt=COMMAND_NAME),
        pinyin=locale_str(Language.PINYIN_OPTION_NAME, msgctxt=COMMAND_NAME),
    )
    @app_commands.describe(
        language=locale_str(Language.OPTION_DESCRIPTION),
        pinyin=locale_str(Language.PINYIN_OPTION_DESCRIPTION),
    )
    @app_commands.choices(
        language=[
            app_commands.Choice(name=locale_str(Language.ENGLISH), value=Reader.EN.value),
            app_commands.Choice(name=locale_str(Language.SIMPLIFIED), value=Reader.ZH_CN.value),
            app_commands.Choice(name=locale_str(Language.TRADITIONAL), value=Reader.ZH_TW.value),
        ]
    )
    async def language(
        self,
        interaction: discord.Interaction[YiqiBot],
        language: app_commands.Choice[str] | None = None,
        pinyin: bool | None = None,
    ) -> None:
        """Either option alone changes just that; neither shows what is set."""
        assert interaction.guild_id is not None
        members = self.bot.services.members
        guild_id, user_id = interaction.guild_id, interaction.user.id
        lines: list[str] = []
        if language is not None:
            reader = Reader(language.value)
            await members.set_reader(guild_id, user_id, reader)
            activate_reader_locale(reader)  # answer in the language just chosen
            lines.append(_(Language.CHANGED, language=_(_LANGUAGE_NAMES[reader])))
        if pinyin is not None:
            await members.set_pinyin_in_translate(guild_id, user_id, on=pinyin)
            lines.append(_(Language.PINYIN_ON if pinyin else Language.PINYIN_OFF))
        if not lines:
            reader = await members.reader_for(guild_id, user_id, str(interaction.locale))
            wanted = await members.pinyin_in_translate(guild_id, user_id)
            current = Language.CURRENT_PINYIN_ON if wanted else Language.CURRENT_PINYIN_OFF
            lines.append(_(current, language=_(_LANGUAGE_NAMES[reader])))
        await interaction.response.send_message("\n".join(lines), ephemeral=True)

    async def translate_message(
        self, interaction: discord.Interaction[YiqiBot], message: discord.Message
    ) -> None:
        services = self.bot.services
        reader = await services.members.reader_for(
            interaction.guild_id, interaction.user.id, str(interaction.locale)
        )
        bridge = await services.bridges.find_by_channel(_parent_id(message.channel))
        side = bridge.side_of(_parent_id(message.channel)) if bridge else None
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await services.translator.for_reader(
            message.content, interaction.guild_id, reader, prior=side.side if side else None
        )
        pinyin = None
        if await services.members.pinyin_in_translate(interaction.guild_id, interaction.user.id):
            pinyin = await services.pinyin.for_translation(result)
        for part in render_private_translation(result, pinyin):
            await interaction.followup.send(part, ephemeral=True)


def _parent_id(channel: object) -> int:
    """Threads belong to their parent channel's bridge."""
    if isinstance(channel, discord.Thread) and channel.parent_id is not None:
        return channel.parent_id
    return getattr(channel, "id", 0)


async def setup(bot: YiqiBot) -> None:
    await bot.add_cog(LanguageCog(bot))
