"""What the ``yiqi`` command prints when a command fails: one line on stderr, no traceback.

Operator mistakes (OperatorError, and library errors whose cause is known) say what is wrong
and how to fix it. Anything else is a bug: one line pointing at ``--debug``, which shows the
traceback.
"""

from __future__ import annotations

import errno
import sys

from bot.errors import EXIT_OPERATOR, OperatorError
from bot.settings import Settings
from db.problems import database_problem

EXIT_UNEXPECTED = 1
DEBUG_HINT = "run with --debug for details"
_MAX_LINE = 400


def operator_problem(error: BaseException, settings: Settings) -> OperatorError | None:
    """``error`` as an operator mistake, or None when it is not a known one."""
    if isinstance(error, OperatorError):
        return error
    found = database_problem(error, settings.effective_database_url)
    if found is not None:
        return found
    if isinstance(error, OSError) and error.filename is not None:
        return _file_problem(error)
    return None


def _file_problem(error: OSError) -> OperatorError | None:
    if isinstance(error, PermissionError) or error.errno in (errno.EROFS, errno.EPERM):
        return OperatorError(
            f"cannot write {error.filename} ({error.strerror}): make it writable, "
            "or set YIQI_DATA_DIR to a writable directory"
        )
    if error.errno == errno.ENOSPC:
        return OperatorError(f"no space left to write {error.filename}: free some disk space")
    return None


def print_line(message: str) -> None:
    """One line on stderr, however the message was built."""
    line = " ".join(message.split())
    if len(line) > _MAX_LINE:
        line = line[: _MAX_LINE - 1] + "…"
    print(f"yiqi: error: {line}", file=sys.stderr)


def report(error: Exception, settings: Settings) -> int:
    """Print ``error`` as one line; the exit status to return."""
    problem = operator_problem(error, settings)
    if problem is not None:
        print_line(str(problem))
        return problem.exit_code
    print_line(f"unexpected {type(error).__name__}: {error} ({DEBUG_HINT})")
    return EXIT_UNEXPECTED


__all__ = ["EXIT_OPERATOR", "report"]
