"""No secret in a log line at any level; error lines name ids and error types, not text."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import ClassVar

import pytest

from bot.app import event_ids
from bot.services.log_redaction import (
    REDACTED,
    error_summary,
    error_trace,
    redact,
)
from tests.support.log_capture import WrittenLines, written_at_debug

BOT_TOKEN = "MTA5ODc2NTQzMjEwOTg3NjU0Mw.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB"
WEBHOOK_TOKEN = "Xy9_" + "aBcDeFgHiJ" * 6 + "kLmN"  # 68 characters, as Discord's
INTERACTION_TOKEN = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpBYkNkRWZHaElqS2xNbk9wUXJTdFV2V3h5eg"
HOOK_URL = f"https://discord.com/api/v10/webhooks/1234567890/{WEBHOOK_TOKEN}"


@pytest.fixture
def written() -> Iterator[WrittenLines]:
    with written_at_debug([BOT_TOKEN]) as lines:
        yield lines


def test_discord_py_debug_lines_lose_their_tokens(written: WrittenLines) -> None:
    # The formats discord.py 2.x uses in discord/http.py and discord/webhook/async_.py.
    logging.getLogger("discord.http").debug(
        "%s %s with %s has returned %s", "POST", HOOK_URL, None, 200
    )
    logging.getLogger("discord.webhook.async_").debug(
        "Webhook ID %s with %s %s has returned status code %s",
        1234567890,
        "POST",
        f"{HOOK_URL}?wait=1",
        200,
    )
    callback = f"https://discord.com/api/v10/interactions/99/{INTERACTION_TOKEN}/callback"
    logging.getLogger("discord.webhook.async_").debug("POST %s", callback)
    logging.getLogger("discord.gateway").debug(
        "For Shard ID %s: WebSocket Event: %s",
        None,
        {"t": "INTERACTION_CREATE", "d": {"id": "99", "token": INTERACTION_TOKEN}},
    )
    logging.getLogger("discord.http").debug("headers %s", {"Authorization": f"Bot {BOT_TOKEN}"})
    logging.getLogger("discord.http").debug("Authorization: Bot %s", BOT_TOKEN)
    text = written.text()
    for secret in (BOT_TOKEN, WEBHOOK_TOKEN, INTERACTION_TOKEN):
        assert secret not in text
    assert f"/webhooks/1234567890/{REDACTED}" in text
    assert f"/interactions/99/{REDACTED}/callback" in text
    assert len(text.splitlines()) == 6


def _fail(error: BaseException, cause: BaseException | None = None) -> None:
    raise error from cause


def test_tracebacks_and_exception_messages_are_redacted(written: WrittenLines) -> None:
    try:
        _fail(RuntimeError(f"could not post to {HOOK_URL} with token {BOT_TOKEN}"))
    except RuntimeError:
        logging.getLogger("bot").exception("relay failed")
    text = written.text()
    assert "Traceback" in text and "RuntimeError" in text
    assert WEBHOOK_TOKEN not in text and BOT_TOKEN not in text


def test_the_configured_token_is_redacted_even_in_an_unusual_shape() -> None:
    odd = "not-a-usual-shape-but-the-configured-token"
    assert redact(f"x {odd} y", [odd]) == f"x {REDACTED} y"
    assert redact("a 64-character hex digest " + "ab12" * 16) == "a 64-character hex digest " + (
        "ab12" * 16
    )


def test_error_lines_name_the_error_not_its_text() -> None:
    class FakeHTTPError(Exception):
        status, code = 400, 50035

    # Built at run time: a traceback shows source lines, which must not hold the text.
    secret = "".join(["我的", "秘密消息"])
    error = FakeHTTPError(f"Invalid Form Body: content {secret!r}")
    assert error_summary(error) == "FakeHTTPError status 400 code 50035"
    try:
        try:
            _fail(ValueError(f"member wrote: {secret}"))
        except ValueError as inner:
            _fail(error, inner)
    except FakeHTTPError as raised:
        trace = error_trace(raised)
    assert secret not in trace
    assert "ValueError" in trace and "FakeHTTPError status 400" in trace
    assert "test_log_redaction.py" in trace  # the frames are kept


def test_an_event_is_described_by_its_ids() -> None:
    class Message:
        id, channel_id, guild_id, content = 1, 2, 3, "我的秘密消息"

    class RawEdit:
        message_id, channel_id, guild_id = 4, 5, None
        data: ClassVar = {"content": "我的秘密消息"}

    assert event_ids((Message(), RawEdit())) == (
        "Message(id=1, channel_id=2, guild_id=3), RawEdit(message_id=4, channel_id=5)"
    )
