"""The bot's UI in English, Simplified and Traditional Chinese (gettext catalogs in locale/).

Cogs import ``_``, ``N_``, ``use_locale`` and the msgctxt constants from here; the
discord.py ``Translator`` lives in ``bot.i18n.app_commands_translator`` so that importing
this package never imports discord.
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
