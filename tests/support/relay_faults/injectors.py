"""The faults: Discord refusing or losing webhook posts, a moderator deleting the webhook, the
database failing writes, PostgreSQL connections killed from outside."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import simcord
from sqlalchemy import event, exc, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from bot.adapters.mirror_sink import WEBHOOK_NAME
from bot.app import YiqiBot

# Webhook execute: POST /webhooks/{id}/{token} (a thread is a query parameter).
WEBHOOK_EXECUTE = "/webhooks/*/*"
MISSING_PERMISSIONS = 50013
KILL_OTHER_CONNECTIONS = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


def fail_webhook_posts(
    env: simcord.Env, status: int, *, times: int | None, code: int = 0, message: str = ""
) -> None:
    """The next ``times`` webhook posts (None: every one) get ``status`` from Discord.

    SimCord answers with the status and JSON error only: a 429 carries no ``Retry-After``.
    """
    env.inject_error(
        "POST",
        WEBHOOK_EXECUTE,
        status=status,
        code=code,
        message=message or f"injected {status}",
        times=times,
    )


def heal_webhook_posts(env: simcord.Env) -> None:
    env.backend.faults[:] = [f for f in env.backend.faults if f["path"] != WEBHOOK_EXECUTE]


def answer_lost() -> None:
    """Discord stored the post, then the answer never arrived (raised inside SimCord after the
    message exists, so the bot's request fails as an aiohttp timeout would)."""
    raise TimeoutError("injected: the webhook post was accepted but its answer was lost")


def delete_relay_webhook(env: simcord.Env, channel_id: int) -> None:
    """A moderator deletes Yiqi's relay webhook of ``channel_id`` (Server Settings)."""
    for hook in list(env.backend.webhooks.values()):
        if hook.channel_id == channel_id and hook.name == WEBHOOK_NAME:
            env.backend.delete_webhook(hook.id)


def database_engine(bot: YiqiBot) -> AsyncEngine:
    bind = bot.services.sessions.kw["bind"]
    assert isinstance(bind, AsyncEngine)
    return bind


class FailingWrites:
    """While armed, every ``every``-th write statement fails as a dropped database would."""

    def __init__(self, every: int) -> None:
        self.every = every
        self.armed = False
        self.writes = 0
        self.failed = 0

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not self.armed or statement.lstrip()[:6].upper() not in ("INSERT", "UPDATE", "DELETE"):
            return
        self.writes += 1
        if self.writes % self.every == 0:
            self.failed += 1
            raise exc.OperationalError(
                statement, None, sqlite3.OperationalError("injected: disk I/O error")
            )


@contextmanager
def failing_writes(bot: YiqiBot, every: int) -> Iterator[FailingWrites]:
    engine = database_engine(bot).sync_engine
    fault = FailingWrites(every)
    event.listen(engine, "before_cursor_execute", fault)
    try:
        yield fault
    finally:
        event.remove(engine, "before_cursor_execute", fault)


async def kill_postgres_connections(url: str) -> int:
    """Terminate every other connection to the bot's database, from a connection of our own."""
    killer = create_async_engine(url, poolclass=NullPool)
    try:
        async with killer.connect() as connection:
            return len((await connection.execute(text(KILL_OTHER_CONNECTIONS))).all())
    finally:
        await killer.dispose()
