"""The observability server alone: liveness from the loop's lag, readiness from its checks,
metrics per bot (real HTTP on loopback)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping

import pytest

from bot.observability.health import ReadinessCheck, Throttled, loop_lag, readiness
from bot.observability.http_server import ObservabilityServer
from bot.observability.metrics import Metrics
from tests.support.scrape import free_port, get, get_json, sample

Start = Callable[..., Awaitable[ObservabilityServer]]


@pytest.fixture
async def start_server() -> AsyncIterator[Start]:
    started: list[ObservabilityServer] = []

    async def start(
        lag: float = 0.0,
        checks: Mapping[str, ReadinessCheck] | None = None,
        metrics: Metrics | None = None,
    ) -> ObservabilityServer:
        async def stubbed_lag() -> float:
            return lag

        server = ObservabilityServer(
            metrics or Metrics(),
            checks or {},
            stubbed_lag,
            host="127.0.0.1",
            port=free_port(),
            lag_bound=1.0,
            check_timeout=0.2,
        )
        await server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        await server.stop()


async def test_healthz_is_200_with_the_lag_when_the_loop_answers_in_time(
    start_server: Start,
) -> None:
    server = await start_server(lag=0.002)
    status, body = await get_json(server.port, "/healthz")
    assert status == 200
    assert body == {"status": "ok", "event_loop_lag_seconds": 0.002, "bound": 1.0}


async def test_healthz_is_503_when_the_loop_was_blocked(start_server: Start) -> None:
    metrics = Metrics()
    server = await start_server(lag=4.5, metrics=metrics)
    status, body = await get_json(server.port, "/healthz")
    assert status == 503
    assert body["status"] == "unavailable" and body["event_loop_lag_seconds"] == 4.5
    _, exposition = await get(server.port, "/metrics")
    assert sample(exposition, "yiqi_event_loop_lag_seconds") == 4.5


async def test_loop_lag_measures_a_callback_that_blocks_the_loop() -> None:
    loop = asyncio.get_running_loop()
    loop.call_soon(time.sleep, 0.2)  # runs before the probe's own callback
    assert await loop_lag() >= 0.2


async def test_readyz_names_each_check_and_fails_on_any() -> None:
    never = asyncio.Event()

    async def yes() -> bool:
        return True

    async def hangs() -> bool:
        await never.wait()
        return True

    async def raises() -> bool:
        raise ConnectionRefusedError("database")

    verdict = await readiness({"a": yes, "b": hangs, "c": raises}, each_within=0.05)
    assert not verdict.ok
    assert verdict.detail == {"checks": {"a": True, "b": False, "c": False}}
    assert (await readiness({"a": yes}, each_within=0.05)).ok


async def test_readyz_over_http(start_server: Start) -> None:
    async def down() -> bool:
        return False

    async def up() -> bool:
        return True

    server = await start_server(checks={"database": down, "discord": up})
    status, body = await get_json(server.port, "/readyz")
    assert status == 503
    assert body["checks"] == {"database": False, "discord": True}


async def test_scrape_runs_the_refreshers_first(start_server: Start) -> None:
    metrics = Metrics()

    async def backlog() -> None:
        metrics.relay_backlog.set(7)

    metrics.before_scrape(backlog)
    server = await start_server(metrics=metrics)
    status, exposition = await get(server.port, "/metrics")
    assert status == 200
    assert sample(exposition, "yiqi_relay_backlog") == 7


def test_two_bots_in_one_process_keep_their_own_series() -> None:
    first, second = Metrics(), Metrics()
    first.relay_outcome("dead", "forbidden")
    first.watch_batches(lambda: {"zh_en": {3: 2}})
    second.watch_batches(dict)
    dead = {"outcome": "dead", "fault": "forbidden"}
    assert first.registry.get_sample_value("yiqi_relays_total", dead) == 1
    assert second.registry.get_sample_value("yiqi_relays_total", dead) is None
    batches = {"direction": "zh_en", "le": "4.0"}
    assert first.registry.get_sample_value("yiqi_translation_batch_size_bucket", batches) == 2


async def test_throttled_reads_at_most_once_per_interval() -> None:
    reads: list[int] = []

    async def count() -> float:
        reads.append(1)
        return float(len(reads))

    slow = Throttled(count, interval=3600)
    assert await slow.value() == 1.0
    assert await slow.value() == 1.0
    eager = Throttled(count, interval=0)
    assert await eager.value() == 2.0
    assert await eager.value() == 3.0
