"""Alembic environment: async engines, a connection handed in by ``db.migrate``, or the CLI."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from contextlib import contextmanager
from logging.config import fileConfig
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

import db.models  # noqa: F401  (registers every table on the metadata)
from db.base import Base, UtcDateTime
from db.engine import create_engine
from db.migrate import migrations_serialized

config = context.config
if config.config_file_name is not None and config.file_config.has_section("loggers"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _database_url() -> str:
    url = (
        config.attributes.get("url")
        or context.get_x_argument(as_dictionary=True).get("url")
        or os.environ.get("YIQI_DATABASE_URL")
        or config.get_main_option("sqlalchemy.url")
    )
    if not url:
        raise RuntimeError("no database URL: pass -x url=..., or set YIQI_DATABASE_URL")
    return str(url)


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    # Migrations stay independent of application code: UtcDateTime is a plain aware DateTime.
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(**kw: Any) -> None:
    context.configure(
        target_metadata=Base.metadata,
        render_item=_render_item,
        compare_type=True,
        **kw,
    )


@contextmanager
def _sqlite_foreign_keys_off(connection: Connection) -> Iterator[None]:
    """Batch migrations rebuild tables; with foreign keys on, dropping one cascades deletes.

    The pragma only takes effect outside a transaction, so it goes straight to the driver.
    """
    cursor = connection.connection.cursor()
    cursor.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def _run_on_connection(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    _configure(
        connection=connection,
        render_as_batch=sqlite,
        # db.engine makes SQLAlchemy emit BEGIN on SQLite, so DDL is transactional there too.
        transactional_ddl=True,
    )
    if not sqlite:
        with migrations_serialized(connection), context.begin_transaction():
            context.run_migrations()
        return
    with _sqlite_foreign_keys_off(connection), context.begin_transaction():
        context.run_migrations()
        violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if violations:
            raise RuntimeError(f"migration left broken foreign keys: {violations[:5]}")


async def _run_with_new_engine(url: str) -> None:
    engine = create_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_on_connection)
    finally:
        await engine.dispose()


def _run_offline() -> None:
    _configure(url=_database_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def _run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on_connection(connection)
    else:
        asyncio.run(_run_with_new_engine(_database_url()))


if context.is_offline_mode():
    _run_offline()
else:
    _run_online()
