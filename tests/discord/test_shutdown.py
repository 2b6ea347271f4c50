"""Clean shutdown (SPEC §7): relays under way finish or stay stored; a restart sends the rest.

Limit (see bot/in_flight.py): a relay cancelled at the end of the grace period before its
first database write (the very first step) is lost; the scenarios here let every relay store
its message first, as a grace period of seconds does in practice.

SimCord scenarios close the real bot in the middle of a reply burst. The signal test runs
``yiqi run``'s serving function with the real bot minus the gateway and sends the process a
real SIGTERM / SIGINT.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import pytest
import simcord
from sqlalchemy import select

from bot.app import YiqiBot
from bot.cli.run_command import serve_until_signal
from bot.settings import Settings
from bot.translation.engine import TranslationEngine
from bot.translation.runtime import LoadedModel
from db.enums import RelayStatus
from db.models import RelayedMessage
from demo.virtual_time import SkippingTime
from tests.discord.support import World, bridged, relayed
from tests.support.clock import MovableClock


class ClockThatStops:
    """Jumps like ``SkippingTime`` until ``stop_at``; a sleep past it parks for good.

    The burst's first 30 mirrors fit Discord's first 60-second window; the 31st must wait
    for the next one, which never comes, so the close happens with the rest under way.
    """

    def __init__(self, stop_at: float) -> None:
        self.stop_at = stop_at
        self.parked = 0
        self._now = 0.0

    def now(self) -> float:
        return self._now

    async def sleep(self, seconds: float) -> None:
        wake_at = self._now + seconds
        if wake_at < self.stop_at:
            await asyncio.sleep(0)
            self._now = max(self._now, wake_at)
            return
        self.parked += 1
        await asyncio.get_running_loop().create_future()


@pytest.fixture
def clock() -> ClockThatStops:
    return ClockThatStops(stop_at=59.0)


@pytest.fixture
def engine(zh_en_model: LoadedModel) -> TranslationEngine:
    return TranslationEngine({"zh_en": zh_en_model})


@pytest.fixture
async def simcord_bot(
    make_settings: Callable[[], Settings], engine: TranslationEngine, clock: ClockThatStops
) -> AsyncIterator[YiqiBot]:
    settings = make_settings()
    settings.shutdown_grace_seconds = 0.2  # the parked sends would never finish
    bot = YiqiBot(settings, translation=engine, time_source=clock)
    yield bot
    await bot.close()  # a no-op where the test closed it already
    await engine.close()


async def burst(w: World, count: int) -> tuple[list[simcord.ChannelHandle], list[int]]:
    """``count`` Chinese replies in one question's mirror thread, all before the bot runs."""
    await w.alice.send(w.en_channel, "Does every Chinese person own a panda?")
    [mirror] = w.zh_channel.threads
    ids = [
        w.env.backend.create_message(mirror.id, w.wei.id, f"第{n}条：我家没有大熊猫。").id
        for n in range(count)
    ]
    return w.en_channel.threads, ids


def numbers(thread: simcord.ChannelHandle) -> list[int]:
    return [int(m.content.split("第")[1].split("条")[0]) for m in relayed(thread)]


async def stalled(w: World, clock: ClockThatStops, origin_ids: list[int]) -> None:
    """Let the burst run until it can go no further: all stored, one send parked, the rest
    queued behind it. (SimCord's settle() can't be used: waits behind a parked send are
    not ones it recognizes.) A bounded wait, not a timing assertion."""
    for _ in range(2400):
        if clock.parked and len(await statuses(w.bot, origin_ids)) == len(origin_ids):
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the burst did not reach the parked send")


async def statuses(bot: YiqiBot, origin_ids: list[int]) -> dict[int, RelayStatus]:
    async with bot.services.sessions() as session:
        rows = await session.scalars(
            select(RelayedMessage).where(RelayedMessage.origin_message_id.in_(origin_ids))
        )
        return {row.origin_message_id: row.status for row in rows}


async def test_close_mid_burst_keeps_the_rest_pending_and_a_restart_delivers_it(
    world: World,
    clock: ClockThatStops,
    engine: TranslationEngine,
    make_settings: Callable[[], Settings],
    bot_clock: MovableClock,
) -> None:
    w = await bridged(world)
    [origin], sent = await burst(w, 40)
    await stalled(w, clock, sent)
    assert numbers(origin) == list(range(30))  # one rate window's worth, in order
    assert len(w.bot.in_flight) == 10

    await w.bot.close()
    assert len(w.bot.in_flight) == 0
    assert numbers(origin) == list(range(30))

    restarted = YiqiBot(
        make_settings(), translation=engine, time_source=SkippingTime(), clock=bot_clock
    )
    await w.env.restart_bot(restarted)
    stored = await statuses(restarted, sent)
    assert len(stored) == 40  # every message is in the database ...
    assert sorted(stored.values()).count(RelayStatus.DELIVERED) == 30
    assert set(stored.values()) == {RelayStatus.DELIVERED, RelayStatus.PENDING}  # ... or pending

    bot_clock.advance(timedelta(minutes=5))  # past the crash-retry delay
    cog = restarted.get_cog("ExchangeCog")
    assert cog is not None
    delivered = 0
    while sent_now := await cog.retry_pending():  # type: ignore[attr-defined]
        delivered += sent_now
    assert delivered == 10
    assert numbers(origin) == list(range(40))  # each exactly once, still in order
    assert set((await statuses(restarted, sent)).values()) == {RelayStatus.DELIVERED}
    await restarted.close()


async def test_close_lets_relays_under_way_finish_within_the_grace_period(
    world: World, clock: ClockThatStops
) -> None:
    w = await bridged(world)
    clock.stop_at = float("inf")  # no parked sends: everything can finish
    w.bot.settings.shutdown_grace_seconds = 120
    [origin], sent = await burst(w, 20)  # events are queued; the relays have not run yet

    await w.bot.close()  # with no grace period, these relays would be cancelled unfinished
    assert numbers(origin) == list(range(20))
    assert len(w.bot.in_flight) == 0
    assert len(sent) == 20


class GatewaylessYiqi(YiqiBot):
    """The real bot, built and closed for real; ``start`` skips the Discord login and gateway
    (no network here) and then runs until closed, as a connected bot does."""

    def __init__(self, settings: Settings, engine: TranslationEngine) -> None:
        super().__init__(settings, translation=engine, sync_commands=False)
        self.ready = asyncio.Event()
        self.closes = 0

    async def start(self, token: str, *, reconnect: bool = True) -> None:
        await self.setup_hook()
        self.ready.set()
        await asyncio.get_running_loop().create_future()  # until close() cancels it

    async def close(self) -> None:
        self.closes += 1
        await super().close()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_yiqi_run_closes_the_bot_on_a_signal_and_returns(
    signum: signal.Signals, make_settings: Callable[[], Settings]
) -> None:
    engine = TranslationEngine({})
    bot = GatewaylessYiqi(make_settings(), engine)
    serving = asyncio.create_task(serve_until_signal(bot, "token"))
    await bot.ready.wait()
    assert bot.services.scheduler.running

    signal.raise_signal(signum)
    assert await serving == 0
    assert bot.closes == 1 and bot.is_closed()
    with pytest.raises(RuntimeError):
        bot.services  # noqa: B018 — torn down by close()
    await engine.close()
