"""Safety on SimCord: no secret or member text in the logs, member text shown as written in
the bot's own posts, /digest preview for admins, per-member cooldowns."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import discord
import pytest
from simcord.backend.errors import SetupError
from simcord.http import client as simcord_http

from bot.adapters.cooldowns import MemberOnCooldown
from bot.services.log_redaction import REDACTED
from bot.settings import Settings
from db.enums import Side
from tests.discord.support import World, bridged, last_reply, relayed
from tests.support import digest_week
from tests.support.clock import MovableClock
from tests.support.digest_week import WEEK_START, WeekWriter
from tests.support.log_capture import WrittenLines, written_at_debug
from tests.support.markup import live_markup
from tests.support.relay_faults.injectors import fail_webhook_posts

NITRO = "[Free Nitro](https://evil.example/login)"
NITRO_SHOWN = "\\[Free Nitro\\]\\(https\\://evil.example/login\\)"
SECRET_TEXT = "my secret plans for the weekend"
COOLDOWN_REPLY = re.compile(r"^You're going a bit fast: try again in (\d+) s\.$")


@pytest.fixture
def make_settings(make_settings: Callable[[], Settings]) -> Callable[[], Settings]:
    """One Translate per member per 30 s, so a test reaches the limit in two uses."""
    return lambda: make_settings().model_copy(update={"translate_rate": "1/30"})


@pytest.fixture
def captured() -> Iterator[WrittenLines]:
    with written_at_debug() as lines:
        yield lines


@pytest.fixture
def discord_request_logs(monkeypatch: pytest.MonkeyPatch) -> None:
    """SimCord answers in place of discord.py's transport, which logs every request at DEBUG
    (its URL carries a webhook's or an interaction's token): log those lines as it does."""
    webhook_log = logging.getLogger("discord.webhook.async_")
    http_log = logging.getLogger("discord.http")
    webhook_request = simcord_http.FakeWebhookAdapter.request
    http_request = simcord_http.FakeHTTPClient.request

    async def logged_webhook(self: Any, route: Any, *args: Any, **kwargs: Any) -> Any:
        result = await webhook_request(self, route, *args, **kwargs)
        # discord/webhook/async_.py, AsyncWebhookAdapter.request
        webhook_log.debug(
            "Webhook ID %s with %s %s has returned status code %s",
            route.webhook_id,
            route.method,
            route.url,
            200,
        )
        return result

    async def logged_http(self: Any, route: Any, **kwargs: Any) -> Any:
        result = await http_request(self, route, **kwargs)
        # discord/http.py, HTTPClient.request
        http_log.debug("%s %s has received %s", route.method, route.url, result)
        return result

    monkeypatch.setattr(simcord_http.FakeWebhookAdapter, "request", logged_webhook)
    monkeypatch.setattr(simcord_http.FakeHTTPClient, "request", logged_http)


@pytest.mark.usefixtures("discord_request_logs")
async def test_a_relay_at_debug_logs_no_token_and_its_errors_no_text(
    world: World, captured: WrittenLines
) -> None:
    w = await bridged(world)
    # Discord refuses the first webhook post with an error that quotes the message.
    fail_webhook_posts(w.env, 400, times=1, code=50035, message=f"bad content: {SECRET_TEXT}")
    await w.alice.send(w.en_channel, f"{SECRET_TEXT} (first)")
    await w.alice.send(w.en_channel, f"{SECRET_TEXT} (second)")
    await w.wei.slash(w.zh_channel, "language", language="zh-CN")  # an interaction's token
    assert relayed(w.zh_channel), "the second message was mirrored"

    everything = captured.text()
    hook_tokens = [h.token for h in w.env.backend.webhooks.values() if h.token]
    assert hook_tokens
    for token in [*hook_tokens, "simcord.fake.token"]:
        assert token not in everything
    # The lines were written, with the token's place marked.
    assert f"/{REDACTED}?" in everything or f"/{REDACTED} " in everything
    assert re.search(rf"/interactions/\d+/{re.escape(REDACTED)}/callback", everything)

    warnings = captured.text(logging.WARNING)
    assert re.search(r"relay \d+: .*HTTPException status 400 code 50035", warnings)
    assert SECRET_TEXT not in warnings


async def test_the_similar_questions_post_shows_titles_as_written(world: World) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, f"{NITRO} @everyone do pandas eat bamboo every day?")
    await w.alice.send(w.en_channel, "Do pandas eat bamboo every day?")
    [thread] = [t for t in w.en_channel.threads if t.name == "Do pandas eat bamboo every day?"]
    [notice] = [m for m in thread.history() if m.author.bot and "bamboo" in m.content]
    assert NITRO not in notice.content
    assert NITRO_SHOWN in notice.content
    assert not notice.mention_everyone
    # The one live link is the bot's jump link around the title.
    [line] = [line for line in notice.content.splitlines() if line.startswith("• [")]
    title = re.sub(r"\]\(https://discord\.com/channels/\d+/\d+\)$", "", line[len("• [") :])
    assert live_markup(title) == []


async def test_a_digest_shows_quotes_and_names_as_written(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world
    monkeypatch.setattr(digest_week, "GUILD", w.guild.id)
    async with w.bot.services.sessions() as session:
        writer = WeekWriter(session)
        await writer.guild()
        question = await writer.question(
            Side.EN,
            f"{NITRO} # where do pandas live?",
            asker=1,
            at=WEEK_START,
            translation="熊猫住在哪里？ @everyone",
        )
        reply = await writer.reply(
            question, Side.ZH, "四川 <@123>", author=2, at=WEEK_START, translation="Sichuan"
        )
        reply.author_name = "-# **admin** ||x||"
        await session.commit()

    result = await w.admin.slash(w.en_channel, "digest preview", week="2025-W03")
    shown = "\n".join(str(f.content) for f in result.followups)
    assert NITRO_SHOWN in shown and NITRO not in shown
    assert "@\u200beveryone" in shown and "\\<@123\\>" in shown
    assert "\\-# \\*\\*admin\\*\\* \\|\\|x\\|\\|" in shown
    quotes = [line for line in shown.splitlines() if line.startswith("> ")]
    assert len(quotes) == 4
    for quote in quotes:  # "> 🇺🇸 **name**: text": only the bot's bold around the name
        member_text = re.sub(r"^> \S+ (\*\*(.*?)\*\*: )?", r"\2 ", quote)
        assert live_markup(member_text) == [], quote


async def test_digest_preview_is_for_members_with_manage_server(world: World) -> None:
    w = world
    with pytest.raises(SetupError, match="default-member-permissions"):
        await w.alice.slash(w.en_channel, "digest preview", week="2025-W03")
    # A server owner may show /digest to everyone (Integrations settings): still refused.
    [digest] = [c for c in await w.bot.tree.fetch_commands() if c.name == "digest"]
    w.guild.set_command_permissions(digest, {w.alice: True})
    refused = await w.alice.slash(w.en_channel, "digest preview", week="2025-W03")
    assert last_reply(refused) == "Only members with Manage Server can do this."
    allowed = await w.admin.slash(w.en_channel, "digest preview", week="2025-W03")
    assert "2025-W03" in last_reply(allowed)
    # The refusal came from the command's own check, through the tree's error handler.
    assert [type(e) for e in w.env.errors] == [discord.app_commands.MissingPermissions]


async def test_a_second_translate_within_the_window_is_refused_until_it_passes(
    world: World, bot_clock: MovableClock
) -> None:
    w = world
    message = await w.wei.send(w.zh_channel, "🐱🐱🐱")
    first = await w.alice.context_menu(w.zh_channel, "Translate", message)
    assert last_reply(first) == "Nothing to translate."
    again = await w.alice.context_menu(w.zh_channel, "Translate", message)
    assert again.ephemeral
    wait = COOLDOWN_REPLY.match(last_reply(again))
    assert wait is not None and 1 <= int(wait[1]) <= 30
    assert [type(e) for e in w.env.errors] == [MemberOnCooldown]
    other = await w.wei.context_menu(w.zh_channel, "Translate", message)  # another member
    assert last_reply(other) == "Nothing to translate."

    bot_clock.advance(timedelta(seconds=30))
    after = await w.alice.context_menu(w.zh_channel, "Translate", message)
    assert last_reply(after) == "Nothing to translate."


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-CN", r"^操作太快了：请 \d+ 秒后再试。$"), ("zh-TW", r"^操作太快了：請 \d+ 秒後再試。$")],
)
async def test_the_cooldown_reply_is_in_the_members_language(
    world: World, language: str, expected: str
) -> None:
    w = world
    await w.wei.slash(w.zh_channel, "language", language=language)
    message = await w.alice.send(w.en_channel, "🐱")
    await w.wei.context_menu(w.en_channel, "Translate", message)
    again = await w.wei.context_menu(w.en_channel, "Translate", message)
    assert re.match(expected, last_reply(again))
    assert [type(e) for e in w.env.errors] == [MemberOnCooldown]


async def test_digest_preview_has_its_own_cooldown(world: World) -> None:
    w = world
    for _ in range(2):  # the default: two previews a minute
        shown = await w.admin.slash(w.en_channel, "digest preview", week="2025-W03")
        assert "2025-W03" in last_reply(shown)
    third = await w.admin.slash(w.en_channel, "digest preview", week="2025-W03")
    assert COOLDOWN_REPLY.match(last_reply(third))
    assert [type(e) for e in w.env.errors] == [MemberOnCooldown]


async def test_ask_has_its_own_cooldown(world: World) -> None:
    w = world
    lonely = w.guild.create_text_channel("general")
    for _ in range(3):  # the default: three a minute (each counts, answered or not)
        asked = await w.alice.slash(lonely, "ask", question="Hello?")
        assert "/ask" in last_reply(asked)
    fourth = await w.alice.slash(lonely, "ask", question="Hello?")
    assert COOLDOWN_REPLY.match(last_reply(fourth))
    translated = await w.alice.context_menu(  # another command: its own count
        w.zh_channel, "Translate", await w.wei.send(w.zh_channel, "🐱")
    )
    assert last_reply(translated) == "Nothing to translate."
    assert [type(e) for e in w.env.errors] == [MemberOnCooldown]
