"""A direction whose model failed to load at start: the bot runs on, /setup status says so,
and the relay mirrors that side's messages untranslated while the other side translates."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.app import YiqiBot
from bot.settings import Settings
from bot.translation.packages import install_from_file
from demo.virtual_time import SkippingTime
from tests.discord.support import World, bridged, last_reply, relayed
from tests.support.broken_packages import truncate_installed
from tests.support.clock import MovableClock


@pytest.fixture
async def simcord_bot(
    make_settings: Callable[[], Settings],
    tiny_packages: dict[str, Path],
    bot_clock: MovableClock,
) -> AsyncIterator[YiqiBot]:
    """The bot loading its own models at start, from a models directory whose zh→en package
    was damaged after it was installed."""
    settings = make_settings()
    install_from_file(tiny_packages["en_zh"], settings.models_dir)
    truncate_installed(install_from_file(tiny_packages["zh_en"], settings.models_dir).path)
    bot = YiqiBot(settings, time_source=SkippingTime(), clock=bot_clock)
    yield bot
    await bot.close()


async def test_the_bot_starts_with_the_broken_direction_unavailable(world: World) -> None:
    translation = world.bot.services.translation
    assert translation.directions == frozenset({"en_zh"})
    assert list(translation.unavailable) == ["zh_en"]
    assert "invalid payload size" in translation.unavailable["zh_en"]


async def test_setup_status_names_the_unavailable_direction(
    world: World, discord_locales: dict[int, str]
) -> None:
    w = await bridged(world)
    text = last_reply(await w.admin.slash(w.en_channel, "setup status"))
    assert text.splitlines()[0].startswith(
        "⚠️ Chinese → English translation is unavailable: its model failed to load."
    )
    assert "English → Chinese translation is unavailable" not in text

    discord_locales[w.admin.id] = "zh-CN"
    text = last_reply(await w.admin.slash(w.en_channel, "setup status"))
    assert text.splitlines()[0].startswith("⚠️ 中文 → 英文翻译暂不可用：模型加载失败。")


async def test_the_relay_runs_on_without_the_broken_direction(world: World) -> None:
    w = await bridged(world)
    await w.wei.send(w.zh_channel, "火车站在哪里？")
    await w.alice.send(w.en_channel, "Where is the train station?")

    [untranslated] = relayed(w.en_channel)
    assert untranslated.content.startswith("火车站在哪里？\n")
    assert "Translation unavailable" in untranslated.content
    [translated] = relayed(w.zh_channel)  # en→zh still translates (tiny model: gibberish)
    assert not translated.content.startswith("Where is the train station?")
    assert translated.content.endswith("原文: Where is the train station?")
