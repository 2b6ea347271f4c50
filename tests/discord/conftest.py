"""Yiqi under SimCord: the real bot, discord.py parsers and command tree, a simulated Discord."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import discord
import pytest
import simcord
import simcord.interactions

from bot.app import YiqiBot
from bot.settings import Settings
from bot.translation.engine import TranslationEngine
from bot.translation.runtime import LoadedModel
from demo.simcord_threads import webhook_threads
from demo.virtual_time import SkippingTime
from tests.discord.support import World
from tests.support.clock import MovableClock


@pytest.fixture
def discord_locales(monkeypatch: pytest.MonkeyPatch) -> dict[int, str]:
    """user id → the Discord client locale their interactions carry (SimCord sends en-US)."""
    locales: dict[int, str] = {}
    original = simcord.interactions.base_payload

    def with_locale(*args: Any, **kwargs: Any) -> Any:
        record, payload = original(*args, **kwargs)
        locale = locales.get(int(kwargs["user_id"]))
        if locale is not None:
            payload["locale"] = locale
        return record, payload

    monkeypatch.setattr(simcord.interactions, "base_payload", with_locale)
    return locales


@pytest.fixture
def bot_data_dir(tmp_path: Path, sqlite_template: Path) -> Path:
    """The bot's data directory, its database already migrated: the bot's own start-up
    migration then finds nothing to do (one migration per session instead of per bot)."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copyfile(sqlite_template, data_dir / "yiqi.db")
    return data_dir


@pytest.fixture
def make_settings(bot_data_dir: Path) -> Callable[[], Settings]:
    def build() -> Settings:
        # Scenarios run the retry sweep and the pen-pal matching themselves; far-off timers
        # keep SimCord's settle() from waiting on the scheduler's next wake-up.
        return Settings(
            data_dir=bot_data_dir,
            translation_cache=False,
            relay_retry_seconds=3600,
            penpal_match_seconds=86400,
        )

    return build


@pytest.fixture(autouse=True)
def _webhooks_post_into_threads() -> Iterator[None]:
    with webhook_threads():
        yield


@pytest.fixture
async def simcord_bot(
    make_settings: Callable[[], Settings], zh_en_model: LoadedModel, bot_clock: MovableClock
) -> AsyncIterator[YiqiBot]:
    """The real bot over a zh→en model: the tiny one unless the test is marked ``realmodel``.

    SimCord's ``simcord_env`` fixture runs it.

    Sends are paced at Discord's limits on a clock that jumps instead of waiting; the bot's
    wall clock is ``bot_clock`` (a scenario moves it to make retries due).
    """
    engine = TranslationEngine({"zh_en": zh_en_model})
    bot = YiqiBot(make_settings(), translation=engine, time_source=SkippingTime(), clock=bot_clock)
    yield bot
    await bot.close()  # SimCord detaches the bot without closing it: release its database
    await engine.close()


@pytest.fixture
def world(simcord_env: simcord.Env, simcord_bot: YiqiBot, discord_locales: dict[int, str]) -> World:
    env = simcord_env
    guild = env.create_guild("RedNote Friends")
    admin_role = guild.create_role("admin", permissions=discord.Permissions(manage_guild=True))
    return World(
        env=env,
        bot=simcord_bot,
        guild=guild,
        en_channel=guild.create_text_channel("ask-english"),
        zh_channel=guild.create_text_channel("问问中文"),
        admin=guild.add_member(env.create_user("mod"), roles=[admin_role]),
        alice=guild.add_member(env.create_user("alice", global_name="Alice")),
        wei=guild.add_member(env.create_user("wei", global_name="小伟")),
    )
