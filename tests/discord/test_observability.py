"""The bot's /metrics, /readyz and logs while it relays on SimCord (server enabled: the
scenarios settle with it listening)."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import event, exc

from bot.app import YiqiBot
from bot.observability.logging_setup import build_handler
from bot.settings import Settings
from tests.discord.support import World, bridged, only_thread, relayed
from tests.support.log_capture import on_root_at_debug
from tests.support.relay_faults.injectors import database_engine, fail_webhook_posts
from tests.support.scrape import free_port, get, get_json, sample


@pytest.fixture
def make_settings(make_settings: Callable[[], Settings]) -> Callable[[], Settings]:
    def build() -> Settings:
        return make_settings().model_copy(update={"metrics_port": free_port()})

    return build


def port_of(bot: YiqiBot) -> int:
    assert bot.observability is not None, "YIQI_METRICS_PORT set: the server runs"
    return bot.observability.port


async def test_a_relay_moves_the_relay_and_event_counters(world: World) -> None:
    w = await bridged(world)
    port = port_of(w.bot)
    status, before = await get(port, "/metrics")
    assert status == 200
    assert sample(before, "yiqi_relays_total", outcome="delivered") == 0

    await w.alice.send(w.en_channel, "Does every Chinese person own a panda?")
    mirror = only_thread(w.zh_channel)
    await w.wei.send(mirror, "当然不是")
    assert len(relayed(w.zh_channel)) + len(relayed(only_thread(w.en_channel))) >= 1

    _, after = await get(port, "/metrics")
    assert sample(after, "yiqi_relays_total", outcome="delivered") == 2
    assert sample(after, "yiqi_relay_latency_seconds_count") == 2
    assert sample(after, "yiqi_events_total", event="message") >= 2
    assert sample(after, "yiqi_interactions_total", type="application_command", outcome="ok") == 1
    assert sample(after, "yiqi_translations_total", status="translated") >= 1
    assert sample(after, "yiqi_relay_backlog") == 0
    assert sample(after, "yiqi_gateway_connected", shard="0") == 1


async def test_readyz_is_200_when_ready_and_503_while_the_database_is_down(world: World) -> None:
    w = await bridged(world)
    port = port_of(w.bot)
    status, body = await get_json(port, "/readyz")
    assert status == 200, body
    assert body["checks"] == {"discord": True, "database": True, "translation": True}

    def database_down(*args: Any) -> None:
        raise exc.OperationalError("SELECT 1", None, sqlite3.OperationalError("injected: down"))

    engine = database_engine(w.bot).sync_engine
    event.listen(engine, "before_cursor_execute", database_down)
    try:
        status, body = await get_json(port, "/readyz")
    finally:
        event.remove(engine, "before_cursor_execute", database_down)
    assert status == 503
    assert body["checks"] == {"discord": True, "database": False, "translation": True}

    status, _ = await get_json(port, "/readyz")
    assert status == 200  # back once the database answers again


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Everything logged at DEBUG and above, as the JSON handler renders it."""
    stream = io.StringIO()
    with on_root_at_debug(build_handler("json", stream)):
        yield stream


async def test_relay_logs_are_json_with_ids_and_no_message_content_at_info(
    world: World, json_log: io.StringIO
) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "my cat is called Zanzibar-7781")
    fail_webhook_posts(w.env, 500, times=1)  # the reply's post fails: a warning is logged
    await w.wei.send(only_thread(w.zh_channel), "我的猫叫桑给巴尔")  # a reply: worked as a relay
    assert relayed(only_thread(w.en_channel)) == []

    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    loud = [line for line in lines if line["level"] != "debug"]
    [failed] = [line for line in loud if line.get("logger") == "bot.services.relay.outbox"]
    assert failed["level"] == "warning" and failed["relay_id"] and failed["trace_id"]
    for line in loud:
        shown = json.dumps(line, ensure_ascii=False)
        assert "Zanzibar" not in shown and "桑给巴尔" not in shown, line
    with_guild = [line for line in lines if line.get("guild_id") == w.guild.id]
    assert with_guild and all(line["trace_id"] for line in with_guild)
    relay_lines = [line for line in lines if "relay_id" in line]
    assert relay_lines and all(line.get("guild_id") == w.guild.id for line in relay_lines)
    _, exposition = await get(port_of(w.bot), "/metrics")
    assert sample(exposition, "yiqi_relays_total", outcome="failed") == 1
