"""Mistakes an operator can fix: the ``yiqi`` command prints them as one line, no traceback.

The lowest layer of ``bot`` (``db`` imports it too): it imports nothing of the project.
"""

from __future__ import annotations

# The ``yiqi`` command's exit status for an operator mistake (argparse uses 2 for usage).
EXIT_OPERATOR = 2


class OperatorError(Exception):
    """Something in the configuration or the environment is wrong; the message says what
    and how to fix it, on one line."""

    def __init__(self, message: str, *, exit_code: int = EXIT_OPERATOR) -> None:
        super().__init__(message)
        self.exit_code = exit_code
