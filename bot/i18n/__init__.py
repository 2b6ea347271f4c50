"""The bot's UI in English, Simplified and Traditional Chinese (gettext catalogs in locale/).

Cogs import ``_``, ``N_``, ``use_locale`` and the msgctxt constants from here. The
discord.py ``Translator`` is a Discord adapter (``bot.adapters.app_commands_translator``):
nothing in this package imports discord, which an import contract checks.
"""

from bot.i18n.catalogs import (
    COMMAND_NAME,
    CONTEXT_MENU,
    LOCALE_DIR,
    Catalogs,
    normalize_locale,
)
from bot.i18n.context import (
    N_,
    _,
    _n,
    current_locale,
    install_catalogs,
    installed_catalogs,
    set_locale,
    use_locale,
)

__all__ = [
    "COMMAND_NAME",
    "CONTEXT_MENU",
    "LOCALE_DIR",
    "N_",
    "Catalogs",
    "_",
    "_n",
    "current_locale",
    "install_catalogs",
    "installed_catalogs",
    "normalize_locale",
    "set_locale",
    "use_locale",
]
