"""asyncpg arms a 300 s expiry timer per cached prepared statement. SimCord virtualizes the
timers the bot arms, and its settle() waited on those for ever: engines made while this is
active keep statements without an expiry (the cache stays bounded by its size)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

NO_STATEMENT_EXPIRY = {"max_cached_statement_lifetime": 0}  # asyncpg: 0 = never expires


def _create(url: Any, **kw: Any) -> AsyncEngine:
    if make_url(url).get_backend_name() == "postgresql":
        kw["connect_args"] = {**NO_STATEMENT_EXPIRY, **kw.get("connect_args", {})}
    return create_async_engine(url, **kw)


@contextmanager
def no_statement_expiry_timers() -> Iterator[None]:
    with mock.patch("db.engine._create_async_engine", _create):
        yield
