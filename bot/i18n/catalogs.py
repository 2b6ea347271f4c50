"""The gettext catalogs of the bot's UI, read at start.

In a checkout there is no compile step and no ``.mo`` file in git: each ``.po`` file is parsed
with Babel and compiled in memory, so editing a translation needs nothing but a restart. An
installed wheel has no ``locale/`` beside the code; it carries the catalogs compiled to ``.mo``
inside this package (setup.py), and those are read instead.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Final

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN: Final = "yiqi"
SOURCE_LOCALE: Final = "en"
# The UI locales with catalogs; Discord only has these two Chinese locales.
LOCALES: Final = ("zh_CN", "zh_TW")
_CHECKOUT_LOCALE_DIR: Final = Path(__file__).resolve().parents[2] / "locale"
_PACKAGED_LOCALE_DIR: Final = Path(__file__).resolve().parent / "locale"
# The checkout's .po sources win (edits count); an installed wheel has only the packaged .mo.
LOCALE_DIR: Final = (
    _CHECKOUT_LOCALE_DIR
    if (_CHECKOUT_LOCALE_DIR / f"{DOMAIN}.pot").is_file()
    else _PACKAGED_LOCALE_DIR
)

# msgctxt conventions (see bot/adapters/app_commands_translator.py for the rules behind them).
COMMAND_NAME: Final = "command-name"
"""Every Discord slash command, group and option *name*: lowercase, ``^[-_\\w]{1,32}$``."""
CONTEXT_MENU: Final = "context-menu"
"""Context-menu command names: up to 32 characters, spaces and capitals allowed."""

_BY_KEY: Final = {locale.lower(): locale for locale in LOCALES}


def normalize_locale(locale: str) -> str:
    """Discord's ``zh-CN`` / ``zh-TW`` (any case, ``-`` or ``_``) → catalog name; else ``en``."""
    return _BY_KEY.get(locale.strip().replace("-", "_").lower(), SOURCE_LOCALE)


def po_path(locale_dir: Path, locale: str) -> Path:
    return locale_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(locale_dir: Path, locale: str) -> Path:
    return po_path(locale_dir, locale).with_suffix(".mo")


def _read(locale_dir: Path, locale: str) -> gettext.GNUTranslations | None:
    """The ``.po`` source when present, else the ``.mo`` a wheel carries, else None."""
    if (po_file := po_path(locale_dir, locale)).is_file():
        return _compile(po_file, locale)
    if (mo_file := mo_path(locale_dir, locale)).is_file():
        with mo_file.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    return None


def _compile(po_file: Path, locale: str) -> gettext.GNUTranslations:
    with po_file.open("rb") as source:
        catalog = read_po(source, locale=locale, domain=DOMAIN)
    buffer = io.BytesIO()
    # Fuzzy and empty entries are left out, so lookups fall back to English for them.
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@dataclass(frozen=True)
class Catalogs:
    """Translations per catalog locale; every lookup falls back to the English msgid."""

    translations: Mapping[str, gettext.GNUTranslations]

    @classmethod
    def load(cls, locale_dir: Path = LOCALE_DIR) -> Catalogs:
        """Read ``<locale_dir>/<locale>/LC_MESSAGES/yiqi.po`` (or ``.mo``) for each UI locale."""
        found = {
            locale: translations
            for locale in LOCALES
            if (translations := _read(locale_dir, locale)) is not None
        }
        return cls(MappingProxyType(found))

    @classmethod
    def empty(cls) -> Catalogs:
        return cls(MappingProxyType({}))

    def gettext(self, locale: str, msgid: str, *, context: str | None = None) -> str:
        """The translation of ``msgid`` for a (Discord or catalog) locale, else ``msgid``."""
        found = self.translations.get(normalize_locale(locale))
        if found is None:
            return msgid
        if context is None:
            return found.gettext(msgid)
        return found.pgettext(context, msgid)

    def ngettext(
        self, locale: str, singular: str, plural: str, n: int, *, context: str | None = None
    ) -> str:
        """Plural-aware lookup; English rules (``n == 1``) when there is no catalog."""
        found = self.translations.get(normalize_locale(locale))
        if found is None:
            return singular if n == 1 else plural
        if context is None:
            return found.ngettext(singular, plural, n)
        return found.npgettext(context, singular, plural, n)

    def find(self, locale: str, msgid: str, *, context: str | None = None) -> str | None:
        """The translation, or None when the locale is English or the entry is missing.

        A translation identical to the msgid counts as missing: nothing to localize.
        """
        translated = self.gettext(locale, msgid, context=context)
        return None if translated == msgid else translated
