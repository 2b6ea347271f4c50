"""The current UI locale (per task) and the ``_`` / ``_n`` / ``N_`` functions cogs call.

The locale lives in a ``ContextVar``: discord.py runs each interaction in its own task, so
setting it for one interaction never leaks into another. The catalogs are installed by the bot
at start, never at import time; until then ``_`` returns the English text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token

from bot.i18n.catalogs import SOURCE_LOCALE, Catalogs, normalize_locale

log = logging.getLogger(__name__)

_current_locale: ContextVar[str] = ContextVar("yiqi_locale", default=SOURCE_LOCALE)


class _Installed:
    """Holds the process's catalogs (a holder, so installing needs no ``global``)."""

    catalogs: Catalogs = Catalogs.empty()


def install_catalogs(catalogs: Catalogs | None) -> None:
    """Make ``catalogs`` the ones ``_`` uses; ``None`` goes back to English only."""
    _Installed.catalogs = catalogs if catalogs is not None else Catalogs.empty()


def installed_catalogs() -> Catalogs:
    return _Installed.catalogs


def current_locale() -> str:
    """The catalog locale in effect: ``en``, ``zh_CN`` or ``zh_TW``."""
    return _current_locale.get()


def set_locale(locale: str) -> Token[str]:
    """Set the locale for the rest of the current task (e.g. in ``interaction_check``)."""
    return _current_locale.set(normalize_locale(locale))


@contextmanager
def use_locale(locale: str) -> Iterator[str]:
    """Translate with ``locale`` (Discord's ``zh-CN`` etc. accepted) inside the block."""
    token = set_locale(locale)
    try:
        yield _current_locale.get()
    finally:
        _current_locale.reset(token)


def _format(translated: str, msgid: str, fields: dict[str, object]) -> str:
    if not fields:
        return translated
    try:
        return translated.format(**fields)
    except (KeyError, IndexError, ValueError):
        # A broken translation must not break the reply: say it in English instead.
        log.exception("bad placeholders in the %s translation of %r", current_locale(), msgid)
        return msgid.format(**fields)


def _(msgid: str, /, **fields: object) -> str:
    """Translate ``msgid`` into the current locale, then fill ``{placeholders}`` from fields."""
    translated = _Installed.catalogs.gettext(current_locale(), msgid)
    return _format(translated, msgid, fields)


def _n(singular: str, plural: str, n: int, /, **fields: object) -> str:
    """Plural form for ``n``; ``{n}`` is available to the text along with ``fields``."""
    translated = _Installed.catalogs.ngettext(current_locale(), singular, plural, n)
    english = singular if n == 1 else plural
    return _format(translated, english, {"n": n, **fields})


def N_(msgid: str, /, *, msgctxt: str | None = None) -> str:  # noqa: N802 (gettext's name)
    """Mark ``msgid`` for extraction without translating it (translated later, at use).

    ``msgctxt`` only tells the extractor which context the entry belongs to.
    """
    del msgctxt
    return msgid
