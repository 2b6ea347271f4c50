"""Engine and session factory: one of each per process, built by the composition root."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

# How long a SQLite writer waits for another writer's lock before "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 5000
SQLITE_CACHE_KIB = 64 * 1024  # page cache of the one connection (SQLite default: 2 MiB)
SQLITE_MMAP_BYTES = 256 * 1024 * 1024
# SQLite has one writer at a time. One pooled connection per process makes sessions queue
# in SQLAlchemy's async pool (fair, no thread blocked) instead of racing for the file lock,
# where a burst of 1,000 relays outwaited busy_timeout and failed. The generous pool
# timeout covers such a burst; no code path holds two sessions at once.
SQLITE_POOL_TIMEOUT_S = 300


def create_engine(url: str, **kw: Any) -> AsyncEngine:
    """An async engine for ``url``; SQLite gets its directory, foreign keys, WAL and real BEGINs."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _ensure_sqlite_directory(parsed)
        if parsed.database not in (None, "", ":memory:") and "poolclass" not in kw:
            kw.setdefault("pool_size", 1)
            kw.setdefault("max_overflow", 0)
            kw.setdefault("pool_timeout", SQLITE_POOL_TIMEOUT_S)
        engine = _create_async_engine(parsed, **kw)
        _configure_sqlite(engine)
        return engine
    kw.setdefault("pool_pre_ping", True)
    return _create_async_engine(parsed, **kw)


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose objects stay readable after commit (no lazy reloads in async code)."""
    return async_sessionmaker(engine, expire_on_commit=False)


def _ensure_sqlite_directory(url: URL) -> None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy emit BEGIN itself: the sqlite3 driver's legacy mode skips BEGIN before
        # SELECT, DDL and SAVEPOINT, which breaks savepoints and transactional migrations.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            # WAL lets readers proceed while one writer commits.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            # One connection per process serves everything: give it a real page cache, map the
            # file instead of copying pages through read(), and keep the temporary b-trees of
            # GROUP BY / DISTINCT / ORDER BY in memory (the digest's weekly aggregate uses them).
            cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
            cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
            cursor.execute("PRAGMA temp_store=MEMORY")
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock up front (waiting up to busy_timeout). A deferred
        # transaction that reads and then writes while another one writes fails at once with
        # "database is locked" (its snapshot is stale), which busy_timeout cannot help.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
