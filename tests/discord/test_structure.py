"""Every extension loads, every command is synced, and Chinese names are offered."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import discord
import pytest
import simcord

import cogs
from bot.app import EXTENSIONS
from tests.discord.support import World


def _cog_modules() -> set[str]:
    """Every module and package directly under cogs/: each one is meant to be an extension."""
    return {f"cogs.{module.name}" for module in pkgutil.iter_modules(cogs.__path__)}


def test_the_bot_loads_every_cog_under_cogs() -> None:
    assert len(EXTENSIONS) == len(set(EXTENSIONS)), EXTENSIONS
    assert set(EXTENSIONS) == _cog_modules()


@pytest.mark.parametrize("name", sorted(_cog_modules()))
def test_each_cog_module_is_an_extension(name: str) -> None:
    setup = getattr(importlib.import_module(name), "setup", None)
    assert inspect.iscoroutinefunction(setup), f"{name} has no async setup(bot)"


async def test_every_extension_loads_and_commands_sync(world: World) -> None:
    assert set(world.bot.extensions) == set(EXTENSIONS)
    names = set(world.admin.available_commands(world.en_channel))
    expected = ("setup bridge", "setup show", "setup status", "setup remove", "language", "ask")
    for command in (*expected, "answered"):
        assert command in names, (command, sorted(names))


async def test_command_names_are_localized_for_chinese_clients(world: World) -> None:
    translator = world.bot.tree.translator
    assert translator is not None
    setup = world.bot.tree.get_command("setup")
    assert setup is not None
    payload = await setup.get_translated_payload(world.bot.tree, translator)
    assert payload["name_localizations"][discord.Locale.chinese.value] == "设置"
    assert payload["name_localizations"][discord.Locale.taiwan_chinese.value] == "設定"


async def test_simcord_gives_a_slow_machine_time_to_settle(simcord_env: simcord.Env) -> None:
    from tests.conftest import SIMCORD_SETTLE_SECONDS

    assert simcord_env.settle_timeout == SIMCORD_SETTLE_SECONDS
