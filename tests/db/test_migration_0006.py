"""0006 drops guilds.relay_allowed_bot_ids without losing rows, and puts it back on downgrade."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine.interfaces import ReflectedColumn
from sqlalchemy.ext.asyncio import AsyncConnection

from db.engine import create_engine
from db.migrate import alembic_config, upgrade_database

T = TypeVar("T")
NOW = datetime(2026, 12, 1, tzinfo=UTC)
GUILDS = sa.table(
    "guilds",
    sa.column("id", sa.BigInteger()),
    sa.column("ui_locale", sa.String()),
    sa.column("relay_allowed_bot_ids", sa.JSON()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
MEMBERS = sa.table(
    "members",
    sa.column("guild_id", sa.BigInteger()),
    sa.column("user_id", sa.BigInteger()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


def _on(url: str, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
    async def run() -> T:
        engine = create_engine(url)
        try:
            async with engine.begin() as connection:
                return await work(connection)
        finally:
            await engine.dispose()

    return asyncio.run(run())


async def _seed_at_0005(connection: AsyncConnection) -> None:
    stamps = {"created_at": NOW, "updated_at": NOW}
    await connection.execute(
        sa.insert(GUILDS).values(id=1, ui_locale="zh", relay_allowed_bot_ids=[99], **stamps)
    )
    await connection.execute(sa.insert(MEMBERS).values(guild_id=1, user_id=2, **stamps))


def _guild_columns(sync: sa.Connection) -> dict[str, ReflectedColumn]:
    return {column["name"]: column for column in sa.inspect(sync).get_columns("guilds")}


async def _columns(connection: AsyncConnection) -> dict[str, ReflectedColumn]:
    return await connection.run_sync(_guild_columns)


async def _rows(connection: AsyncConnection) -> tuple[list[Any], list[Any]]:
    guilds = await connection.execute(sa.text("SELECT id, ui_locale FROM guilds"))
    members = await connection.execute(sa.text("SELECT guild_id, user_id FROM members"))
    return [tuple(row) for row in guilds], [tuple(row) for row in members]


async def _allowed_bots(connection: AsyncConnection) -> list[Any]:
    result = await connection.execute(sa.select(GUILDS.c.relay_allowed_bot_ids))
    return list(result.scalars())


def test_0006_drops_the_column_and_keeps_every_row(fresh_db_url: str) -> None:
    upgrade_database(fresh_db_url, "0005")
    _on(fresh_db_url, _seed_at_0005)

    upgrade_database(fresh_db_url, "0006")
    assert "relay_allowed_bot_ids" not in _on(fresh_db_url, _columns)
    # On SQLite the table is rebuilt: the guild and the member that references it both survive.
    assert _on(fresh_db_url, _rows) == ([(1, "zh")], [(1, 2)])


def test_0006_downgrade_restores_the_column_as_0001_made_it(fresh_db_url: str) -> None:
    upgrade_database(fresh_db_url, "0005")
    _on(fresh_db_url, _seed_at_0005)
    upgrade_database(fresh_db_url, "0006")

    command.downgrade(alembic_config(fresh_db_url), "0005")
    column = _on(fresh_db_url, _columns)["relay_allowed_bot_ids"]
    assert column["nullable"] is False
    assert column["default"] is None
    # The dropped values are gone for good; existing rows get the empty list.
    assert _on(fresh_db_url, _allowed_bots) == [[]]
    assert _on(fresh_db_url, _rows) == ([(1, "zh")], [(1, 2)])

    upgrade_database(fresh_db_url, "head")
    assert "relay_allowed_bot_ids" not in _on(fresh_db_url, _columns)
