"""``yiqi run`` at start: a database or Discord that cannot be reached is waited out (capped
backoff, one log line per attempt); a rejected token stops at once, in one line.

Discord's HTTP API is a local aiohttp server here (or a closed port), reached by the real
discord.py login path.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import discord
import pytest
from aiohttp import web
from sqlalchemy import make_url
from sqlalchemy.exc import DBAPIError

from bot.app import YiqiBot
from bot.backoff import Backoff
from bot.cli.failures import report
from bot.cli.run_command import serve_until_signal
from bot.cli.startup import wait_for_database
from bot.errors import OperatorError
from bot.settings import Settings
from bot.translation.engine import TranslationEngine
from db.problems import database_problem

QUICK = Backoff(attempts=3, first=0.01, cap=0.02)


@dataclass
class DiscordApi:
    base: str
    logins: list[str] = field(default_factory=list)


@pytest.fixture
async def rejecting_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[DiscordApi]:
    """Discord's API answering every login with 401, as it does for a revoked token."""
    listener = socket.create_server(("127.0.0.1", 0))
    api = DiscordApi(f"http://127.0.0.1:{listener.getsockname()[1]}/api/v10")

    async def who_am_i(request: web.Request) -> web.Response:
        api.logins.append(request.headers.get("Authorization", ""))
        return web.json_response({"message": "401: Unauthorized", "code": 0}, status=401)

    app = web.Application()
    app.router.add_get("/api/v10/users/@me", who_am_i)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.SockSite(runner, listener).start()
    monkeypatch.setattr(discord.http.Route, "BASE", api.base)
    yield api
    await runner.cleanup()


def closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port: int = probe.getsockname()[1]
    return port


def gatewayless_bot(settings: Settings) -> YiqiBot:
    return YiqiBot(settings, translation=TranslationEngine({}), sync_commands=False)


async def test_a_rejected_token_is_one_line_and_not_retried(
    rejecting_discord: DiscordApi,
    make_settings: Callable[[], Settings],
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = make_settings()
    bot = gatewayless_bot(settings)
    with pytest.raises(OperatorError) as raised:
        await serve_until_signal(bot, "revoked-token", QUICK)
    assert rejecting_discord.logins == ["Bot revoked-token"]  # once: a bad token is not retried
    assert not bot.setup_started and bot.is_closed()
    assert report(raised.value, settings) == 2
    line = capsys.readouterr().err
    assert line.count("\n") == 1
    assert "Discord rejected YIQI_DISCORD_TOKEN" in line
    assert "revoked-token" not in line


async def test_an_unreachable_discord_is_retried_with_backoff_then_one_line(
    monkeypatch: pytest.MonkeyPatch,
    make_settings: Callable[[], Settings],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{closed_port()}/api/v10")
    bot = gatewayless_bot(make_settings())
    with (
        caplog.at_level(logging.WARNING, logger="bot.cli.startup"),
        pytest.raises(OperatorError, match="cannot reach Discord after 3 attempts"),
    ):
        await serve_until_signal(bot, "token", QUICK)
    waits = [r.getMessage() for r in caplog.records if r.name == "bot.cli.startup"]
    assert len(waits) == 2
    assert "Discord unreachable at login" in waits[0]
    assert "attempt 1 of 3, next in 0.01 s" in waits[0]
    assert "attempt 2 of 3, next in 0.02 s" in waits[1]
    assert not bot.setup_started  # nothing was built for a login that never happened


async def test_an_unreachable_database_is_waited_for_then_one_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{closed_port()}/yiqi"
    with (
        caplog.at_level(logging.WARNING, logger="bot.cli.startup"),
        pytest.raises(OperatorError, match=r"cannot reach the database at .* after 3"),
    ):
        await wait_for_database(url, QUICK)
    waits = [r.getMessage() for r in caplog.records if r.name == "bot.cli.startup"]
    assert [("attempt 1 of 3" in w, "attempt 2 of 3" in w) for w in waits] == [
        (True, False),
        (False, True),
    ]


@pytest.mark.skipif(not os.environ.get("YIQI_TEST_DATABASE_URL"), reason="needs PostgreSQL")
@pytest.mark.postgres
async def test_an_unknown_database_is_not_waited_for(caplog: pytest.LogCaptureFixture) -> None:
    admin = os.environ["YIQI_TEST_DATABASE_URL"]
    url = make_url(admin).set(database="yiqi_no_such_database").render_as_string(False)
    with (
        caplog.at_level(logging.WARNING, logger="bot.cli.startup"),
        pytest.raises(DBAPIError) as raised,
    ):
        await wait_for_database(url, QUICK)
    assert not [r for r in caplog.records if r.name == "bot.cli.startup"]
    problem = database_problem(raised.value, url)
    assert problem is not None
    assert "yiqi_no_such_database does not exist" in str(problem)


def test_backoff_doubles_up_to_its_cap() -> None:
    assert list(Backoff(attempts=7, first=1, cap=10).delays()) == [1, 2, 4, 8, 10, 10]
