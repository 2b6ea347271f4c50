"""The catalogs feed discord.py's command-tree localizations."""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord import Locale, app_commands
from discord.app_commands import (
    TranslationContext,
    TranslationContextLocation,
    TranslationContextTypes,
    locale_str,
)

from bot.adapters.app_commands_translator import CatalogTranslator
from bot.i18n import COMMAND_NAME, Catalogs
from bot.i18n.messages.exchange import Exchange
from bot.i18n.messages.language import Language
from bot.i18n.messages.setup import Setup

Where = TranslationContextLocation


def _context(location: Where, data: Any = None) -> TranslationContextTypes:
    return TranslationContext(location, data)  # type: ignore[call-overload, no-any-return]


@pytest.fixture
def translator(catalogs: Catalogs) -> CatalogTranslator:
    return CatalogTranslator(catalogs)


@pytest.mark.parametrize(
    ("locale", "expected"), [(Locale.chinese, "设置"), (Locale.taiwan_chinese, "設定")]
)
async def test_command_names_in_both_chinese_locales(
    translator: CatalogTranslator, locale: Locale, expected: str
) -> None:
    name = locale_str("setup", msgctxt=COMMAND_NAME)
    assert await translator.translate(name, locale, _context(Where.command_name)) == expected


async def test_other_locales_get_none(translator: CatalogTranslator) -> None:
    name = locale_str("setup", msgctxt=COMMAND_NAME)
    for locale in (Locale.french, Locale.american_english, Locale.japanese):
        assert await translator.translate(name, locale, _context(Where.command_name)) is None


async def test_missing_entries_get_none(translator: CatalogTranslator) -> None:
    text = locale_str("Not in the catalog")
    context = _context(Where.command_description)
    assert await translator.translate(text, Locale.chinese, context) is None


async def test_name_locations_default_to_the_command_name_context(
    translator: CatalogTranslator,
) -> None:
    bare = locale_str("language")
    assert await translator.translate(bare, Locale.chinese, _context(Where.parameter_name)) == (
        "语言"
    )


async def test_translation_discord_would_reject_is_dropped(
    translator: CatalogTranslator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Catalogs, "find", lambda *args, **kwargs: "Not A Name")
    name = locale_str("setup", msgctxt=COMMAND_NAME)
    assert await translator.translate(name, Locale.chinese, _context(Where.command_name)) is None
    description = locale_str("Remove a bridge")
    context = _context(Where.command_description)
    assert await translator.translate(description, Locale.chinese, context) == "Not A Name"
    monkeypatch.setattr(Catalogs, "find", lambda *args, **kwargs: "长" * 101)
    assert await translator.translate(description, Locale.chinese, context) is None


def _tree() -> app_commands.CommandTree[discord.Client]:
    """The seeded commands declared the way cogs declare them."""
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(
        discord.Client(intents=discord.Intents.none())
    )
    setup = app_commands.Group(
        name=locale_str(Setup.NAME, msgctxt=COMMAND_NAME),
        description=locale_str(Setup.DESCRIPTION),
    )

    @setup.command(
        name=locale_str(Setup.BRIDGE_NAME, msgctxt=COMMAND_NAME),
        description=locale_str(Setup.BRIDGE_DESCRIPTION),
    )
    @app_commands.rename(
        english_channel=locale_str(Setup.ENGLISH_CHANNEL_NAME, msgctxt=COMMAND_NAME),
        chinese_channel=locale_str(Setup.CHINESE_CHANNEL_NAME, msgctxt=COMMAND_NAME),
    )
    @app_commands.describe(
        english_channel=locale_str(Setup.ENGLISH_CHANNEL_DESCRIPTION),
        chinese_channel=locale_str(Setup.CHINESE_CHANNEL_DESCRIPTION),
    )
    async def bridge(
        interaction: discord.Interaction,
        english_channel: discord.TextChannel,
        chinese_channel: discord.TextChannel,
    ) -> None: ...

    @app_commands.command(
        name=locale_str(Language.NAME, msgctxt=COMMAND_NAME),
        description=locale_str(Language.DESCRIPTION),
    )
    @app_commands.rename(language=locale_str(Language.OPTION_NAME, msgctxt=COMMAND_NAME))
    @app_commands.describe(language=locale_str(Language.OPTION_DESCRIPTION))
    @app_commands.choices(
        language=[
            app_commands.Choice(name=locale_str(Language.ENGLISH), value="en"),
            app_commands.Choice(name=locale_str(Language.SIMPLIFIED), value="zh-CN"),
            app_commands.Choice(name=locale_str(Language.TRADITIONAL), value="zh-TW"),
        ]
    )
    async def language(interaction: discord.Interaction, language: str) -> None: ...

    @app_commands.context_menu(name=locale_str(Exchange.TRANSLATE_MENU, msgctxt="context-menu"))
    async def translate(interaction: discord.Interaction, message: discord.Message) -> None: ...

    tree.add_command(setup)
    tree.add_command(language)
    tree.add_command(translate)
    return tree


async def test_command_tree_payloads_are_localized(translator: CatalogTranslator) -> None:
    tree = _tree()
    setup, language = (tree.get_command(name) for name in ("setup", "language"))
    menu = tree.get_command("Translate", type=discord.AppCommandType.message)
    assert setup is not None and language is not None and menu is not None

    group = await setup.get_translated_payload(tree, translator)
    assert group["name_localizations"] == {"zh-CN": "设置", "zh-TW": "設定"}
    bridge = group["options"][0]
    assert bridge["name_localizations"] == {"zh-CN": "桥接", "zh-TW": "橋接"}
    channels = {o["name"]: o["name_localizations"] for o in bridge["options"]}
    assert channels == {
        "english_channel": {"zh-CN": "英文频道", "zh-TW": "英文頻道"},
        "chinese_channel": {"zh-CN": "中文频道", "zh-TW": "中文頻道"},
    }

    command = await language.get_translated_payload(tree, translator)
    assert command["description_localizations"]["zh-TW"] == "選擇 Yiqi 與你交流時使用的語言"
    choices = {c["name"]: c.get("name_localizations") for c in command["options"][0]["choices"]}
    assert choices["English"] == {"zh-CN": "英语", "zh-TW": "英語"}
    # Identical translations are left out: Discord shows the default name.
    assert choices["简体中文"] == {"zh-TW": "簡體中文"}

    context_menu = await menu.get_translated_payload(tree, translator)
    assert context_menu["name_localizations"] == {"zh-CN": "翻译", "zh-TW": "翻譯"}
