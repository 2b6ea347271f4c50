"""The UI catalogs as discord.py's ``app_commands.Translator`` (command names, descriptions).

Conventions, shared with the extractor (``bot/i18n/extract/method.py``):

* Every slash command, group and option **name** is written
  ``locale_str("setup", msgctxt="command-name")``. Discord only accepts lowercase names
  matching ``^[-_\\w]{1,32}$`` (CJK letters allowed); the context keeps these entries apart
  from the same English word used in a sentence, so their translations can obey that rule.
* Context-menu names use ``msgctxt="context-menu"``: up to 32 characters, spaces and capitals
  allowed, so "Translate" is not forced to lowercase.
* Descriptions and choice names carry no context; Discord allows up to 100 characters.

A name location without ``msgctxt`` is still looked up under the right context, and a
translation Discord would reject (bad name, too long) is dropped with a warning: one bad entry
must not make the whole command sync fail.
"""

from __future__ import annotations

import logging
from typing import Final

from discord import Locale
from discord.app_commands import (
    ContextMenu,
    TranslationContextLocation,
    TranslationContextTypes,
    Translator,
    locale_str,
)

from bot.i18n.catalogs import COMMAND_NAME, CONTEXT_MENU, Catalogs
from bot.i18n.checks import COMMAND_NAME_PATTERN, CONTEXT_MENU_MAX
from bot.services.discord_text import DESCRIPTION_LIMIT, discord_length

log = logging.getLogger(__name__)

CHINESE_LOCALES: Final = frozenset({Locale.chinese, Locale.taiwan_chinese})

_Where = TranslationContextLocation
_NAMES: Final = frozenset({_Where.command_name, _Where.group_name, _Where.parameter_name})


def _msgctxt(string: locale_str, context: TranslationContextTypes) -> str | None:
    explicit = string.extras.get("msgctxt")
    if isinstance(explicit, str):
        return explicit
    if context.location is _Where.command_name and isinstance(context.data, ContextMenu):
        return CONTEXT_MENU
    return COMMAND_NAME if context.location in _NAMES else None


def fits_discord(text: str, context: TranslationContextTypes) -> bool:
    """Whether Discord accepts ``text`` as a localization at this location."""
    if context.location is _Where.command_name and isinstance(context.data, ContextMenu):
        return 1 <= len(text) <= CONTEXT_MENU_MAX
    if context.location in _NAMES:
        return bool(COMMAND_NAME_PATTERN.fullmatch(text)) and text == text.lower()
    return 1 <= discord_length(text) <= DESCRIPTION_LIMIT


class CatalogTranslator(Translator):
    """Localizes command names and descriptions into zh-CN and zh-TW from the catalogs."""

    def __init__(self, catalogs: Catalogs) -> None:
        self._catalogs = catalogs

    async def translate(
        self, string: locale_str, locale: Locale, context: TranslationContextTypes
    ) -> str | None:
        if locale not in CHINESE_LOCALES:
            return None
        msgctxt = _msgctxt(string, context)
        found = self._catalogs.find(locale.value, string.message, context=msgctxt)
        if found is None or fits_discord(found, context):
            return found
        log.warning(
            "dropping %s translation %r of %r: Discord would reject it at %s",
            locale.value,
            found,
            string.message,
            context.location.name,
        )
        return None


def command_name(msgid: str) -> locale_str:
    """A command, group or option name: its msgid, marked for the name rules and catalogs."""
    return locale_str(msgid, msgctxt=COMMAND_NAME)
