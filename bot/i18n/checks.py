"""Catalog checks: every source string translated, placeholders kept, command names valid."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from bot.i18n.catalogs import COMMAND_NAME, CONTEXT_MENU, LOCALES, po_path

# Discord's rule for slash command, group and option names (CJK letters allowed).
COMMAND_NAME_PATTERN: Final = re.compile(r"^[-_\w]{1,32}$")
CONTEXT_MENU_MAX: Final = 32


@dataclass(frozen=True)
class Problem:
    locale: str
    msgid: str
    context: str | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.msgid!r}" + (f" (msgctxt {self.context!r})" if self.context else "")
        return f"{self.locale}: {where}: {self.reason}"


def placeholders(text: str) -> set[str]:
    """The ``{field}`` names of a ``str.format`` template (raises ValueError if malformed)."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def _texts(value: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _placeholder_problem(source: Message, translations: list[str]) -> str | None:
    expected = set().union(*(placeholders(text) for text in _texts(source.id)))
    plural = not isinstance(source.id, str)
    for text in translations:
        try:
            found = placeholders(text)
        except ValueError as error:
            return f"malformed braces in {text!r}: {error}"
        # A plural form may leave out {n} ("one cat"), a plain message must keep every field.
        if found != expected and not (plural and found <= expected):
            return f"placeholders {sorted(found)} in {text!r}, expected {sorted(expected)}"
    return None


def _name_problem(context: str | None, text: str) -> str | None:
    if context == COMMAND_NAME and not (
        COMMAND_NAME_PATTERN.fullmatch(text) and text == text.lower()
    ):
        return f"{text!r} is not a valid Discord command name (lowercase, ^[-_\\w]{{1,32}}$)"
    if context == CONTEXT_MENU and not 1 <= len(text) <= CONTEXT_MENU_MAX:
        return f"{text!r} is not 1-{CONTEXT_MENU_MAX} characters"
    return None


def _message_problem(source: Message, found: Message | None) -> str | None:
    translations = _texts(found.string) if found is not None else []
    if found is None or not translations or not all(translations):
        return "not translated"
    if found.fuzzy:
        return "fuzzy (needs review)"
    if problem := _placeholder_problem(source, translations):
        return problem
    for text in translations:
        if problem := _name_problem(source.context, text):
            return problem
    return None


def check_catalog(template: Catalog, catalog: Catalog, locale: str) -> list[Problem]:
    """Problems of ``locale``'s ``catalog`` against the msgids extracted into ``template``."""
    problems = []
    for source in _entries(template):
        found = catalog.get(source.id, context=source.context)
        if reason := _message_problem(source, found):
            msgid = _texts(source.id)[0]
            problems.append(Problem(locale, msgid, source.context, reason))
    return problems


def unused_entries(template: Catalog, catalog: Catalog) -> list[Message]:
    """Entries translated in ``catalog`` that the source no longer has (harmless, stale)."""
    return [m for m in _entries(catalog) if template.get(m.id, context=m.context) is None]


def _entries(catalog: Catalog) -> Iterable[Message]:
    return (message for message in catalog if message.id)


def read_catalogs(locale_dir: Path) -> dict[str, Catalog]:
    """The ``.po`` catalog of each UI locale (missing file → empty catalog)."""
    catalogs = {}
    for locale in LOCALES:
        path = po_path(locale_dir, locale)
        if path.is_file():
            with path.open("rb") as source:
                catalogs[locale] = read_po(source, locale=locale)
        else:
            catalogs[locale] = Catalog(locale=locale)
    return catalogs


def check_all(template: Catalog, locale_dir: Path) -> list[Problem]:
    """Problems in every UI locale's catalog."""
    return [
        problem
        for locale, catalog in read_catalogs(locale_dir).items()
        for problem in check_catalog(template, catalog, locale)
    ]
