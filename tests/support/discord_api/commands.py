"""Discord's application-command naming rules that its OpenAPI file does not carry.

From Discord's docs (Application Commands, "Application Command Naming"): CHAT_INPUT command
names and all option names match ``^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$`` (Unicode
flag) and use the lower-case variant of any letter that has one; the same holds for their
localized names. Descriptions of CHAT_INPUT commands and options are 1-100 characters; USER
and MESSAGE commands have an empty description. Localization keys are Discord locales.
Required options come before optional ones, and names are unique where they sit.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

from tests.support.discord_api.schema import Failure, child, utf16_length

# Discord documents the apostrophe; the vendored README's copy of the rule predates it.
NAME_RULE = regex.compile(r"^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$")
CHAT_INPUT = 1
SUBCOMMAND_KINDS = frozenset({1, 2})  # SUB_COMMAND, SUB_COMMAND_GROUP
DESCRIPTION_LIMIT = 100
COMMAND_ROUTES = frozenset(
    {
        "/applications/{application_id}/commands",
        "/applications/{application_id}/commands/{command_id}",
        "/applications/{application_id}/guilds/{guild_id}/commands",
        "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}",
    }
)


def command_failures(body: Any, locales: frozenset[str]) -> list[Failure]:
    """Naming failures in a command sync body: a list (bulk overwrite) or one command."""
    commands = body if isinstance(body, list) else [body]
    found: list[Failure] = []
    seen: set[tuple[Any, Any]] = set()
    for index, command in enumerate(commands):
        if not isinstance(command, dict):
            continue  # the schema reports the shape
        pointer = child("", index) if isinstance(body, list) else ""
        key = (command.get("type") or CHAT_INPUT, command.get("name"))
        if key in seen:
            found.append(Failure(child(pointer, "name"), key[1], "unique command name per type"))
        seen.add(key)
        found += list(_command(command, pointer, locales))
    return found


def _command(command: dict[str, Any], pointer: str, locales: frozenset[str]) -> Iterator[Failure]:
    chat_input = (command.get("type") or CHAT_INPUT) == CHAT_INPUT
    if chat_input:
        yield from _names(command, pointer, locales)
        yield from _descriptions(command, pointer, locales)
    else:
        yield from _locale_keys(command, "name_localizations", pointer, locales)
        description = command.get("description")
        if description:
            yield Failure(
                child(pointer, "description"), description, "empty for USER/MESSAGE commands"
            )
    yield from _options(command.get("options") or [], child(pointer, "options"), locales)


def _options(options: list[Any], pointer: str, locales: frozenset[str]) -> Iterator[Failure]:
    names: set[Any] = set()
    optional_seen = False
    for index, option in enumerate(options):
        if not isinstance(option, dict):
            continue
        here = child(pointer, index)
        if option.get("name") in names:
            yield Failure(child(here, "name"), option.get("name"), "unique option name")
        names.add(option.get("name"))
        yield from _names(option, here, locales)
        yield from _descriptions(option, here, locales)
        for number, choice in enumerate(option.get("choices") or []):
            if isinstance(choice, dict):
                where = child(child(here, "choices"), number)
                yield from _locale_keys(choice, "name_localizations", where, locales)
        if option.get("type") in SUBCOMMAND_KINDS:
            yield from _options(option.get("options") or [], child(here, "options"), locales)
        elif option.get("required"):
            if optional_seen:
                yield Failure(here, option.get("name"), "required options before optional ones")
        else:
            optional_seen = True


def _names(item: dict[str, Any], pointer: str, locales: frozenset[str]) -> Iterator[Failure]:
    named = [(child(pointer, "name"), item.get("name"))]
    localized = item.get("name_localizations") or {}
    named += [(child(child(pointer, "name_localizations"), k), v) for k, v in localized.items()]
    for where, name in named:
        if not isinstance(name, str) or not NAME_RULE.match(name):
            yield Failure(where, name, f"command name regex {NAME_RULE.pattern}")
        elif name != name.lower():
            yield Failure(where, name, "command names are lower case")
    yield from _locale_keys(item, "name_localizations", pointer, locales)


def _descriptions(item: dict[str, Any], pointer: str, locales: frozenset[str]) -> Iterator[Failure]:
    described = [(child(pointer, "description"), item.get("description"))]
    localized = item.get("description_localizations") or {}
    where = child(pointer, "description_localizations")
    described += [(child(where, k), v) for k, v in localized.items()]
    for at, text in described:
        length = utf16_length(text) if isinstance(text, str) else 0
        if not 1 <= length <= DESCRIPTION_LIMIT:
            yield Failure(at, text, f"description of 1-{DESCRIPTION_LIMIT} (is {length})")
    yield from _locale_keys(item, "description_localizations", pointer, locales)


def _locale_keys(
    item: dict[str, Any], field: str, pointer: str, locales: frozenset[str]
) -> Iterator[Failure]:
    for locale in item.get(field) or {}:
        if locale not in locales:
            yield Failure(child(child(pointer, field), locale), locale, "a Discord locale")
