"""INSERT that skips rows whose unique key already exists, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession


async def insert_ignoring_conflicts(
    session: AsyncSession,
    model: type[Any],
    rows: Sequence[Mapping[str, Any]],
    conflict_columns: Sequence[str],
) -> None:
    """Insert ``rows`` into ``model``'s table; rows clashing on ``conflict_columns`` are skipped.

    Unlike catching IntegrityError this never aborts a PostgreSQL transaction, and it stays
    correct when another process inserts the same key concurrently.
    """
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        statement: Any = postgresql_insert(model).on_conflict_do_nothing(
            index_elements=list(conflict_columns)
        )
    elif dialect == "sqlite":
        statement = sqlite_insert(model).on_conflict_do_nothing(
            index_elements=list(conflict_columns)
        )
    else:
        raise NotImplementedError(f"insert-or-ignore is not implemented for {dialect}")
    await session.execute(statement, [dict(row) for row in rows])
