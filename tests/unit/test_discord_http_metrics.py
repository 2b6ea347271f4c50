"""discord.py's own HTTP session, traced: REST answers and webhook posts counted by status,
429s by scope. Against a fake Discord on loopback: SimCord replaces the transport below the
aiohttp session, so only a real session shows what the trace sees."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import discord
import discord.http
import pytest
from aiohttp import web

from bot.app import YiqiBot
from bot.settings import Settings
from tests.support.scrape import free_port

ME = {"id": "42", "username": "yiqi", "discriminator": "0", "avatar": None, "bot": True}


def _json(payload: object, status: int = 200, **headers: str) -> web.Response:
    # discord.py parses a body as JSON only for exactly this content type.
    return web.Response(
        status=status,
        body=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", **headers},
    )


@pytest.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[list[str]]:
    """Answers GET /users/@me; a webhook post is rate limited once, then taken."""
    seen: list[str] = []

    async def me(request: web.Request) -> web.Response:
        seen.append("me")
        return _json(ME)

    async def execute(request: web.Request) -> web.Response:
        seen.append("webhook")
        if seen.count("webhook") == 1:
            # "Via" marks a real Discord 429 (without it discord.py assumes a Cloudflare ban).
            limited = {
                "retry_after": 0.01,
                "global": False,
                "message": "You are being rate limited.",
            }
            return _json(limited, 429, Via="1.1 google", **{"X-RateLimit-Scope": "shared"})
        return web.Response(status=204)

    app = web.Application()
    app.router.add_get("/api/v10/users/@me", me)
    app.router.add_post("/api/v10/webhooks/{id}/{token}", execute)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    base = f"http://127.0.0.1:{port}/api/v10"
    monkeypatch.setattr(discord.http.Route, "BASE", base)
    monkeypatch.setattr("discord.webhook.async_.Route.BASE", base)
    yield seen
    await runner.cleanup()


async def test_webhook_posts_and_rate_limits_are_counted(
    fake_discord: list[str], tmp_path: Path
) -> None:
    bot = YiqiBot(Settings(data_dir=tmp_path))
    try:
        await bot.http.static_login("token")
        hook = discord.Webhook.partial(7, "secret", client=bot)
        await hook.send("hello")
    finally:
        await bot.http.close()

    assert fake_discord == ["me", "webhook", "webhook"]  # the 429 was retried
    value = bot.metrics.registry.get_sample_value
    responses = "yiqi_discord_http_responses_total"
    assert value(responses, {"kind": "api", "method": "GET", "status": "200"}) == 1
    assert value(responses, {"kind": "webhook", "method": "POST", "status": "429"}) == 1
    assert value(responses, {"kind": "webhook", "method": "POST", "status": "204"}) == 1
    limited = {"kind": "webhook", "scope": "shared"}
    assert value("yiqi_discord_http_rate_limited_total", limited) == 1
