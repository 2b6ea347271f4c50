"""0007 gives relayed messages their render inputs (attachment links, reply target) and a table
for a long mirror's parts, without losing rows, and takes them away again on downgrade."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from alembic import command
from sqlalchemy.ext.asyncio import AsyncConnection

from db.engine import create_engine
from db.migrate import alembic_config, upgrade_database

T = TypeVar("T")
NOW = datetime(2026, 12, 1, tzinfo=UTC)
NEW_COLUMNS = {"attachment_urls", "reply_to_message_id"}
PARTS = sa.table(
    "relayed_message_parts",
    sa.column("relay_id", sa.BigInteger()),
    sa.column("position", sa.Integer()),
    sa.column("message_id", sa.BigInteger()),
)
GUILDS = sa.table(
    "guilds",
    sa.column("id", sa.BigInteger()),
    sa.column("ui_locale", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
# The columns 0006 has; 0007's are added below for reading and writing after the upgrade.
_OLD: list[sa.ColumnClause[Any]] = [
    sa.column("id", sa.BigInteger()),
    sa.column("guild_id", sa.BigInteger()),
    sa.column("origin_side", sa.String()),
    sa.column("author_id", sa.BigInteger()),
    sa.column("origin_message_id", sa.BigInteger()),
    sa.column("origin_channel_id", sa.BigInteger()),
    sa.column("mirror_channel_id", sa.BigInteger()),
    sa.column("mirror_message_id", sa.BigInteger()),
    sa.column("original_text", sa.Text()),
    sa.column("status", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
]
RELAYS_0006 = sa.table("relayed_messages", *_OLD)
RELAYS_0007 = sa.table(
    "relayed_messages",
    *(sa.column(c.name, c.type) for c in _OLD),
    sa.column("attachment_urls", sa.JSON()),
    sa.column("reply_to_message_id", sa.BigInteger()),
)
ROW = {
    "id": 1,
    "guild_id": 1,
    "origin_side": "zh",
    "author_id": 2,
    "origin_message_id": 10,
    "origin_channel_id": 20,
    "mirror_channel_id": 30,
    "mirror_message_id": 40,
    "original_text": "很辣",
    "status": "delivered",
    "created_at": NOW,
    "updated_at": NOW,
}


def _on(url: str, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
    async def run() -> T:
        engine = create_engine(url)
        try:
            async with engine.begin() as connection:
                return await work(connection)
        finally:
            await engine.dispose()

    return asyncio.run(run())


async def _seed_at_0006(connection: AsyncConnection) -> None:
    await connection.execute(
        sa.insert(GUILDS).values(id=1, ui_locale="zh", created_at=NOW, updated_at=NOW)
    )
    await connection.execute(sa.insert(RELAYS_0006).values(**ROW))


async def _columns(connection: AsyncConnection) -> set[str]:
    def names(sync: sa.Connection) -> set[str]:
        return {c["name"] for c in sa.inspect(sync).get_columns("relayed_messages")}

    return await connection.run_sync(names)


async def _has_parts_table(connection: AsyncConnection) -> bool:
    def has(sync: sa.Connection) -> bool:
        return sa.inspect(sync).has_table("relayed_message_parts")

    return await connection.run_sync(has)


async def _render_inputs(connection: AsyncConnection) -> list[tuple[Any, ...]]:
    t = RELAYS_0007.c
    result = await connection.execute(sa.select(t.id, t.attachment_urls, t.reply_to_message_id))
    parts = list(
        await connection.execute(
            sa.select(PARTS.c.relay_id, PARTS.c.message_id).order_by(PARTS.c.position)
        )
    )
    return [
        (*row, [part.message_id for part in parts if part.relay_id == row.id]) for row in result
    ]


async def _store_render_inputs(connection: AsyncConnection) -> None:
    await connection.execute(
        sa.update(RELAYS_0007).values(
            attachment_urls=["https://cdn.example/a.png"],
            reply_to_message_id=9,
        )
    )
    await connection.execute(
        sa.insert(PARTS),
        [
            {"relay_id": 1, "position": 1, "message_id": 41},
            {"relay_id": 1, "position": 2, "message_id": 2**62},
        ],
    )


async def _old_rows(connection: AsyncConnection) -> list[tuple[Any, ...]]:
    t = RELAYS_0006.c
    result = await connection.execute(sa.select(t.id, t.original_text, t.mirror_message_id))
    return [tuple(row) for row in result]


def test_0007_adds_the_render_inputs_with_empty_values_for_existing_rows(
    fresh_db_url: str,
) -> None:
    upgrade_database(fresh_db_url, "0006")
    _on(fresh_db_url, _seed_at_0006)

    upgrade_database(fresh_db_url, "0007")
    assert _on(fresh_db_url, _columns) >= NEW_COLUMNS
    assert _on(fresh_db_url, _has_parts_table)
    assert _on(fresh_db_url, _render_inputs) == [(1, [], None, [])]
    # Snowflakes round-trip exactly, parts in order.
    _on(fresh_db_url, _store_render_inputs)
    assert _on(fresh_db_url, _render_inputs) == [(1, ["https://cdn.example/a.png"], 9, [41, 2**62])]
    assert _on(fresh_db_url, _old_rows) == [(1, "很辣", 40)]


def test_0007_downgrade_drops_them_and_keeps_every_row(fresh_db_url: str) -> None:
    upgrade_database(fresh_db_url, "0006")
    _on(fresh_db_url, _seed_at_0006)
    upgrade_database(fresh_db_url, "0007")
    _on(fresh_db_url, _store_render_inputs)

    command.downgrade(alembic_config(fresh_db_url), "0006")
    assert not NEW_COLUMNS & _on(fresh_db_url, _columns)
    assert not _on(fresh_db_url, _has_parts_table)
    assert _on(fresh_db_url, _old_rows) == [(1, "很辣", 40)]

    upgrade_database(fresh_db_url, "head")
    assert _on(fresh_db_url, _render_inputs) == [(1, [], None, [])]
