"""Database URLs as operators write them, turned into the async drivers Yiqi runs on."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

# The plain forms name the synchronous drivers (psycopg, sqlite3), which Yiqi does not install.
_ASYNC_DRIVERS = {
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
    "sqlite": "sqlite+aiosqlite",
}
_SUPPORTED = frozenset(_ASYNC_DRIVERS.values())
URL_HINT = "use postgresql+asyncpg://USER:PASSWORD@HOST:5432/DATABASE or sqlite+aiosqlite:///PATH"
_MAX_PORT = 65535


def async_database_url(url: str) -> str:
    """``url`` with its async driver; ValueError (saying what to write) if Yiqi cannot use it."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise ValueError(f"not a database URL: {URL_HINT}") from None
    driver = _ASYNC_DRIVERS.get(parsed.drivername, parsed.drivername)
    if driver not in _SUPPORTED:
        raise ValueError(f"driver {parsed.drivername!r} is not supported: {URL_HINT}")
    if parsed.port is not None and not 1 <= parsed.port <= _MAX_PORT:
        raise ValueError(f"port {parsed.port} is not in 1-{_MAX_PORT}")
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


def redacted(url: str) -> str:
    """``url`` fit to print: the password hidden (an unparsable URL is shown as ``<invalid>``)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<invalid>"


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite database at ``url`` (None: another database, or not a plain file)."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return None if database.startswith("file:") else Path(database).expanduser()
