"""0008 (exactly-once relay) keeps every row: mirrors already delivered count as showing their
first revision, the new states are allowed, and a downgrade turns them into failed-for-good."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import command
from sqlalchemy.ext.asyncio import AsyncConnection

from db.migrate import alembic_config, upgrade_database
from tests.db.test_migration_0007 import ROW, _on, _seed_at_0006

NEW_COLUMNS = {"lease_owner", "lease_until", "attempt_started_at", "attempt_digest", "revision"}
RELAYS = sa.table(
    "relayed_messages",
    sa.column("id", sa.BigInteger()),
    sa.column("status", sa.String()),
    sa.column("next_retry_at", sa.DateTime(timezone=True)),
    sa.column("mirrored_revision", sa.Integer()),
    sa.column("revision", sa.Integer()),
)


async def _add_pending(connection: AsyncConnection) -> None:
    pending = {**ROW, "id": 2, "origin_message_id": 11, "mirror_message_id": None}
    await connection.execute(
        sa.insert(sa.table("relayed_messages", *(sa.column(k) for k in pending))).values(
            status="pending", **{k: v for k, v in pending.items() if k != "status"}
        )
    )


async def _states(connection: AsyncConnection) -> list[tuple[Any, ...]]:
    c = RELAYS.c
    result = await connection.execute(
        sa.select(c.id, c.status, c.revision, c.mirrored_revision).order_by(c.id)
    )
    return [tuple(row) for row in result]


async def _dead_letter_second(connection: AsyncConnection) -> None:
    await connection.execute(sa.update(RELAYS).where(RELAYS.c.id == 2).values(status="dead"))


async def _old_states(connection: AsyncConnection) -> list[tuple[Any, ...]]:
    c = RELAYS.c
    result = await connection.execute(sa.select(c.id, c.status, c.next_retry_at).order_by(c.id))
    return [tuple(row) for row in result]


async def _columns(connection: AsyncConnection) -> set[str]:
    def names(sync: sa.Connection) -> set[str]:
        return {c["name"] for c in sa.inspect(sync).get_columns("relayed_messages")}

    return await connection.run_sync(names)


def test_0008_up_and_down_keeps_every_relay(fresh_db_url: str) -> None:
    upgrade_database(fresh_db_url, "0006")
    _on(fresh_db_url, _seed_at_0006)
    upgrade_database(fresh_db_url, "0007")
    _on(fresh_db_url, _add_pending)

    upgrade_database(fresh_db_url, "0008")
    assert _on(fresh_db_url, _columns) >= NEW_COLUMNS
    assert _on(fresh_db_url, _states) == [(1, "delivered", 0, 0), (2, "pending", 0, None)]
    _on(fresh_db_url, _dead_letter_second)  # the widened CHECK takes the new state

    command.downgrade(alembic_config(fresh_db_url), "0007")
    assert not NEW_COLUMNS & _on(fresh_db_url, _columns)
    assert _on(fresh_db_url, _old_states) == [(1, "delivered", None), (2, "failed", None)]
