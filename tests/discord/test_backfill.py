"""Messages posted while the bot was away are relayed once at the next start (issue 11, item 4).

SimCord stores the messages without announcing them (``broadcast=False``): the bot never sees
the events, as when it was stopped. A restart runs the real start-up back-fill, which reads
the channels' history through discord.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
import simcord

from bot.app import YiqiBot
from bot.settings import Settings
from bot.translation.engine import TranslationEngine
from bot.translation.runtime import LoadedModel
from demo.virtual_time import SkippingTime
from tests.discord.support import World, bridged, relayed


class SimcordClock:
    """The bot's wall clock reads SimCord's time, so "24 hours ago" means the same to both."""

    def __init__(self) -> None:
        self.env: simcord.Env | None = None

    def __call__(self) -> datetime:
        return self.env.now() if self.env is not None else datetime.now(UTC)


@pytest.fixture
def bot_clock() -> SimcordClock:
    return SimcordClock()


async def restart(
    world: World, make_settings: Callable[[], Settings], model: LoadedModel, clock: SimcordClock
) -> tuple[YiqiBot, int]:
    """A new bot process on the same database; returns it and how many it back-filled."""
    bot = YiqiBot(
        make_settings(),
        translation=TranslationEngine({"zh_en": model}),
        time_source=SkippingTime(),
        clock=clock,
    )
    await world.env.restart_bot(bot)
    cog = bot.get_cog("ExchangeCog")
    assert cog is not None and cog.backfill is not None  # type: ignore[attr-defined]
    relayed_now: int = await cog.backfill  # type: ignore[attr-defined]
    await world.env.settle()
    return bot, relayed_now


def unseen(
    world: World, channel: simcord.ChannelHandle, member: simcord.MemberActor, text: str
) -> int:
    """``member`` posts ``text`` while the bot is not listening."""
    return world.env.backend.create_message(channel.id, member.id, text, broadcast=False).id


async def test_messages_posted_while_away_are_relayed_once_in_order_within_the_window(
    world: World,
    bot_clock: SimcordClock,
    make_settings: Callable[[], Settings],
    zh_en_model: LoadedModel,
) -> None:
    w = await bridged(world)
    bot_clock.env = w.env
    await w.alice.send(w.en_channel, "Does every Chinese person own a panda?")
    [origin] = w.en_channel.threads
    [mirror] = w.zh_channel.threads
    unseen(w, mirror, w.wei, "太早了，不该转发")  # older than the window at the next start
    w.env.backend.advance_clock(25 * 3600)
    for n in range(3):
        unseen(w, mirror, w.wei, f"第{n}条：我家没有大熊猫。")
    for n in range(2):
        unseen(w, origin, w.alice, f"Reply {n} while you slept")
    unseen(w, w.en_channel, w.alice, "Is tea always green?")  # a new question, missed too
    await w.bot.close()

    bot, count = await restart(w, make_settings, zh_en_model, bot_clock)
    assert count == 3 + 2 + 1
    into_origin = [m.content for m in relayed(origin)]
    assert [[f"第{n}条" in text for n in range(3)] for text in into_origin] == [
        [True, False, False],
        [False, True, False],
        [False, False, True],
    ]  # each once, in order, and not the message older than the window
    into_mirror = [m.content for m in relayed(mirror)]
    assert [("Reply 0" in t, "Reply 1" in t) for t in into_mirror] == [(True, False), (False, True)]
    assert len(w.zh_channel.threads) == 2  # the missed question got its mirror thread
    assert len(w.en_channel.threads) == 2

    await bot.close()
    again, count = await restart(w, make_settings, zh_en_model, bot_clock)
    assert count == 0  # a second start relays nothing again
    assert len(relayed(origin)) == 3 and len(relayed(mirror)) == 2
    assert len(w.zh_channel.threads) == 2
    await again.close()
