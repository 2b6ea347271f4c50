"""Database failures an operator can fix, said in one line (instead of a driver traceback).

``database_problem`` names what is wrong with the database at a URL; ``is_unreachable`` tells
the failures worth waiting out at start (the server is down or still starting) from those
that only a change of configuration fixes.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from bot.errors import OperatorError
from db.urls import redacted

_UNKNOWN_DATABASE = "3D000"
_BAD_LOGIN = frozenset({"28000", "28P01"})
_STARTING_OR_FULL = frozenset({"57P03", "53300"})  # cannot connect now, too many connections
_NO_TABLE = "42P01"
_MIGRATE = "run `yiqi db upgrade`"


def is_unreachable(error: BaseException) -> bool:
    """Whether ``error`` says the database server cannot be reached (yet)."""
    for cause in _causes(error):
        if isinstance(cause, ConnectionError | TimeoutError | socket.gaierror):
            return True
        if isinstance(cause, OSError) and cause.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH):
            return True
        if getattr(cause, "sqlstate", None) in _STARTING_OR_FULL:
            return True
    return False


def database_problem(error: BaseException, url: str) -> OperatorError | None:
    """``error`` as one line about the database at ``url``, or None if it is not about that."""
    where = f"the database at {redacted(url)}"
    if is_unreachable(error):
        reason = _first_line(error)
        return OperatorError(
            f"cannot reach {where} ({reason}): is the server running? check YIQI_DATABASE_URL"
        )
    for cause in _causes(error):
        state = getattr(cause, "sqlstate", None)
        if state == _UNKNOWN_DATABASE:
            return OperatorError(
                f"{where} does not exist: create it (createdb) or fix YIQI_DATABASE_URL"
            )
        if state in _BAD_LOGIN:
            return OperatorError(
                f"{where} refused the login ({_first_line(cause)}): "
                "fix the user or password in YIQI_DATABASE_URL"
            )
        if state == _NO_TABLE or "no such table" in str(cause):
            return OperatorError(f"{where} is not migrated: {_MIGRATE}")
    if isinstance(error, DBAPIError) and make_url(url).get_backend_name() == "sqlite":
        return _sqlite_problem(error, url)
    return None


def not_migrated(url: str, revision: str | None) -> OperatorError:
    at = "" if revision is None else f" (it is at revision {revision})"
    return OperatorError(f"the database at {redacted(url)} is not migrated{at}: {_MIGRATE}")


def _sqlite_problem(error: DBAPIError, url: str) -> OperatorError | None:
    message = str(error.orig)
    if "unable to open database file" in message or "readonly database" in message:
        path = Path(make_url(url).database or "")
        return OperatorError(
            f"cannot open the SQLite database {path} for writing ({message}): make "
            f"{path.parent} writable, or set YIQI_DATA_DIR or YIQI_DATABASE_URL"
        )
    return None


def _causes(error: BaseException) -> Iterator[BaseException]:
    """``error``, the driver error SQLAlchemy wraps, and what caused each (cycle-safe)."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending += [getattr(current, "orig", None), current.__cause__, current.__context__]


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
