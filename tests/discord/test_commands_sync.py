"""``yiqi commands sync`` against Discord's HTTP API served on loopback: the real discord.py
login (no gateway) runs the bot's set-up, and every command the cogs define is registered."""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import discord
import pytest
from aiohttp import web

from bot.cli.commands_command import synced
from bot.settings import Settings

APP_ID = "1100000000000000001"
USER = {"id": APP_ID, "username": "Yiqi", "discriminator": "0", "avatar": None, "bot": True}


def _json(body: object) -> web.Response:
    # discord.py reads a body as JSON only when Content-Type is exactly this (no charset).
    return web.Response(
        body=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )


@dataclass
class FakeDiscord:
    commands: list[dict[str, Any]] = field(default_factory=list)
    syncs: int = 0


@pytest.fixture
async def discord_api(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    api = FakeDiscord()

    async def me(_: web.Request) -> web.Response:
        return _json(USER)

    async def application(_: web.Request) -> web.Response:
        return _json(
            {
                "id": APP_ID,
                "name": "Yiqi",
                "icon": None,
                "description": "",
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": USER,
                "verify_key": "0" * 64,
                "flags": 0,
            }
        )

    async def put_commands(request: web.Request) -> web.Response:
        api.syncs += 1
        payload = await request.json()
        api.commands = [
            # As Discord answers: context menus come back with an empty description.
            {"description": "", **command, "id": str(index + 1), "application_id": APP_ID}
            | {"version": "1"}
            for index, command in enumerate(payload)
        ]
        return _json(api.commands)

    async def get_commands(_: web.Request) -> web.Response:
        return _json(api.commands)

    app = web.Application()
    app.router.add_get("/api/v10/users/@me", me)
    app.router.add_get("/api/v10/oauth2/applications/@me", application)
    app.router.add_put(f"/api/v10/applications/{APP_ID}/commands", put_commands)
    app.router.add_get(f"/api/v10/applications/{APP_ID}/commands", get_commands)
    listener = socket.create_server(("127.0.0.1", 0))
    runner = web.AppRunner(app)
    await runner.setup()
    await web.SockSite(runner, listener).start()
    monkeypatch.setattr(
        discord.http.Route, "BASE", f"http://127.0.0.1:{listener.getsockname()[1]}/api/v10"
    )
    yield api
    await runner.cleanup()


async def test_sync_registers_every_command_of_every_cog(
    discord_api: FakeDiscord, make_settings: Callable[[], Settings]
) -> None:
    count = await synced(make_settings(), "a-token")

    assert discord_api.syncs == 1
    names = {command["name"] for command in discord_api.commands}
    assert {"ask", "penpal", "privacy", "setup", "digest", "Translate"} <= names
    assert count == len(discord_api.commands)
