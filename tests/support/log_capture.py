"""Log lines as a redacting root handler writes them (as ``configure_logging`` sets it up)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from bot.services.log_redaction import install_redaction


class WrittenLines(logging.Handler):
    """Every record, formatted as the process's log shows it, with its level."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.lines: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append((record.levelno, self.format(record)))

    def text(self, at_least: int = logging.NOTSET) -> str:
        return "\n".join(line for level, line in self.lines if level >= at_least)


@contextmanager
def written_at_debug(secrets: Iterable[str] = ()) -> Iterator[WrittenLines]:
    """A redacting root handler, the root logger at DEBUG, for the duration."""
    handler = WrittenLines()
    install_redaction([handler], secrets)
    with on_root_at_debug(handler):
        yield handler


@contextmanager
def on_root_at_debug(handler: logging.Handler) -> Iterator[None]:
    """``handler`` on the root logger, and the root at DEBUG, for the duration."""
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
