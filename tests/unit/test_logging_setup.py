"""Logs: JSON lines with the bound ids, the same shape for discord.py's and SQLAlchemy's own
records, console rendering on a terminal, and filters kept when set up again."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from bot.observability.logging_setup import build_handler, configure_logging
from bot.services.log_redaction import REDACTED, install_redaction


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def restore_root() -> Iterator[logging.Logger]:
    """The root logger (put back by the suite's conftest) and structlog's defaults."""
    yield logging.getLogger()
    structlog.reset_defaults()


def test_stdlib_and_structlog_records_are_json_lines_with_bound_ids(
    restore_root: logging.Logger,
) -> None:
    stream = io.StringIO()
    configure_logging("INFO", "json", stream)
    with structlog.contextvars.bound_contextvars(guild_id=5, shard_id=0, trace_id="abc"):
        logging.getLogger("discord.gateway").info("Shard ID %s has connected", 0)
        logging.getLogger("sqlalchemy.engine").warning("pool overflow")
        structlog.get_logger("bot.test").info("relay delivered", relay_id=9)
    logging.getLogger("bot.quiet").debug("below the level")

    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [line["event"] for line in lines] == [
        "Shard ID 0 has connected",
        "pool overflow",
        "relay delivered",
    ]
    assert all(line["guild_id"] == 5 and line["trace_id"] == "abc" for line in lines)
    assert [line["logger"] for line in lines] == [
        "discord.gateway",
        "sqlalchemy.engine",
        "bot.test",
    ]
    assert lines[1]["level"] == "warning" and lines[2]["relay_id"] == 9
    assert all(line["timestamp"].endswith("Z") for line in lines)


def _fail() -> None:
    raise ValueError("boom")


def test_exceptions_are_rendered_inside_the_json_line() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("bot.failing")
    handler = build_handler("json", stream)
    logger.addHandler(handler)
    try:
        try:
            _fail()
        except ValueError:
            logger.exception("job failed")
    finally:
        logger.removeHandler(handler)
    [line] = [json.loads(text) for text in stream.getvalue().splitlines()]
    assert line["event"] == "job failed" and "ValueError: boom" in line["exception"]


def test_a_terminal_gets_console_lines_and_auto_is_json_elsewhere() -> None:
    terminal, pipe = _Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        logger = logging.getLogger("bot.where")
        handler = build_handler("auto", stream)
        logger.addHandler(handler)
        logger.warning("hello")
        logger.removeHandler(handler)
    with pytest.raises(json.JSONDecodeError):
        json.loads(terminal.getvalue())
    assert "hello" in terminal.getvalue()
    assert json.loads(pipe.getvalue())["event"] == "hello"


def test_setting_up_again_replaces_the_handler_and_keeps_its_filters(
    restore_root: logging.Logger,
) -> None:
    first = configure_logging("INFO", "json", io.StringIO())

    class Redact(logging.Filter):
        pass

    redact = Redact()
    first.addFilter(redact)
    stream = io.StringIO()
    second = configure_logging("INFO", "json", stream)
    ours = [h for h in restore_root.handlers if h.get_name() == first.get_name()]
    assert ours == [second]
    assert redact in second.filters


def test_the_redaction_filter_on_our_handler_covers_structlog_and_stdlib_records(
    restore_root: logging.Logger,
) -> None:
    stream = io.StringIO()
    handler = configure_logging("DEBUG", "json", stream)
    install_redaction([handler])
    url = "https://discord.com/api/v10/webhooks/123/" + "Ab1" * 23
    logging.getLogger("discord.webhook.async_").debug("POST %s has returned 204", url)
    structlog.get_logger("bot.test").info("posted", url=url)

    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [line["event"] for line in lines] == [
        f"POST https://discord.com/api/v10/webhooks/123/{REDACTED} has returned 204",
        "posted",
    ]
    assert lines[1]["url"].endswith(f"/webhooks/123/{REDACTED}")
