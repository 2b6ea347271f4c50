"""Logs as JSON lines through structlog (console rendering on a terminal).

discord.py's, SQLAlchemy's and Yiqi's own ``logging`` records all pass through one root
handler whose formatter is structlog's ``ProcessorFormatter``, so every line has one shape,
with the context bound in ``structlog.contextvars`` (guild, shard, relay, trace ids).
Filters other code adds to that handler (e.g. redaction) are kept when it is set up again.
"""

from __future__ import annotations

import logging
import sys
from typing import Literal, TextIO

import structlog
from structlog.typing import Processor

LogFormat = Literal["auto", "json", "console"]

# Marks the handler this module installed, so a second call replaces it instead of stacking.
_OURS = "yiqi-structlog"


def _shared_processors() -> list[Processor]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def _renderer(log_format: LogFormat, stream: TextIO) -> Processor:
    console = log_format == "console" or (log_format == "auto" and stream.isatty())
    if console:
        return structlog.dev.ConsoleRenderer()
    return structlog.processors.JSONRenderer()


def build_handler(log_format: LogFormat = "auto", stream: TextIO | None = None) -> logging.Handler:
    """A handler rendering every record (stdlib or structlog) in the chosen format."""
    stream = stream if stream is not None else sys.stderr
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_shared_processors(),
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            _renderer(log_format, stream),
        ],
    )
    handler = logging.StreamHandler(stream)
    handler.set_name(_OURS)
    handler.setFormatter(formatter)
    return handler


def configure_logging(
    level: str = "INFO", log_format: LogFormat = "auto", stream: TextIO | None = None
) -> logging.Handler:
    """Route all logging through one structlog-formatted root handler; returns it, so a
    caller can add filters to it (filters on a previous one of ours carry over)."""
    structlog.configure(
        processors=[
            *_shared_processors(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    root = logging.getLogger()
    handler = build_handler(log_format, stream)
    for previous in list(root.handlers):
        if previous.get_name() == _OURS:
            for kept in previous.filters:
                handler.addFilter(kept)
            root.removeHandler(previous)
    root.addHandler(handler)
    root.setLevel(level.upper())
    return handler
