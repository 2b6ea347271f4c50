"""No secret in any log line, at any level: a filter on the root handlers rewrites each record.

discord.py logs request URLs at DEBUG, and a webhook's or an interaction's URL carries its
token (whoever has it posts as the relay, pings included); gateway events at DEBUG carry
interaction tokens. The filter sits on the handlers, so it sees every record that is written,
from any library, whatever the level, the message and its traceback included.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterable

REDACTED = "<redacted>"
MIN_SECRET_LENGTH = 16

# (a cheap hint the line must contain, the pattern): most lines skip most patterns.
_PATTERNS = (
    # Webhook and interaction-followup URLs: /webhooks/<id>/<token>
    ("/webhooks/", re.compile(r"(/webhooks/\d+/)[^/\s'\"?<>]+")),
    # Interaction callbacks: /interactions/<id>/<token>/callback
    ("/interactions/", re.compile(r"(/interactions/\d+/)[^/\s'\"?<>]+")),
    # Headers, however printed: "Authorization: Bot …", {'Authorization': 'Bot …'}
    (
        "authorization",
        re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?(?:bot|bearer)?\s*)[^\s'\",}]+"),
    ),
    # A token field of a payload (identify, interactions): 'token': '…', "token": "…"
    ("token", re.compile(r"(?i)(['\"]token['\"]\s*:\s*['\"])[^'\"]+")),
)
# Long runs of the token alphabet: a bot token (<user id in base64>.<timestamp>.<hmac>), or a
# mixed-case run of 60 or more (webhook tokens are 68 characters, interaction tokens longer);
# hex digests (lower case) stay readable.
_LONG_RUN = re.compile(r"(?<![\w.-])[\w.-]{59,}", re.ASCII)
_BOT_TOKEN = re.compile(r"[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}", re.ASCII)
_TOKEN_LENGTH = 60


def _token_parts(match: re.Match[str]) -> str:
    run = match[0]
    if _BOT_TOKEN.fullmatch(run):
        return REDACTED
    return ".".join(REDACTED if _looks_like_token(part) else part for part in run.split("."))


def _looks_like_token(part: str) -> bool:
    return len(part) >= _TOKEN_LENGTH and part != part.lower() and part != part.upper()


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every known secret and every token-shaped string replaced."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    lowered = text.lower()
    for hint, pattern in _PATTERNS:
        if hint in lowered:
            text = pattern.sub(rf"\g<1>{REDACTED}", text)
    return _LONG_RUN.sub(_token_parts, text)


class RedactingFilter(logging.Filter):
    """Rewrites a record's message and traceback before any handler formats them."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        # Too short a "secret" (a test's fake token) would blank ordinary words instead.
        self._secrets = tuple(s for s in secrets if len(s) >= MIN_SECRET_LENGTH)

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, dict):  # a structlog event: its formatter renders the dict
            record.msg = {
                key: redact(value, self._secrets) if isinstance(value, str) else value
                for key, value in record.msg.items()
            }
        else:
            try:
                message = record.getMessage()
            except Exception:  # bad arguments: logging reports those itself; keep the format
                message = str(record.msg)
            record.msg, record.args = redact(message, self._secrets), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self._secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self._secrets)
        return True


def install_redaction(handlers: Iterable[logging.Handler], secrets: Iterable[str] = ()) -> None:
    """Put one ``RedactingFilter`` on each handler (on handlers, not loggers: a logger's
    filter misses records its children propagate)."""
    secrets = tuple(secrets)
    for handler in handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter(secrets))


def error_summary(error: BaseException) -> str:
    """An error for a log line: its type and HTTP status and code where it has them, never
    its text (an exception's message may quote what a member wrote)."""
    details = [
        f"{name} {value}"
        for name in ("status", "code")
        if isinstance(value := getattr(error, name, None), int)
    ]
    return " ".join([type(error).__name__, *details])


def error_trace(error: BaseException) -> str:
    """Where ``error`` (and each error it came from) was raised: the frames, and each error
    by ``error_summary``; the full text goes to DEBUG only."""
    chain: list[str] = []
    current: BaseException | None = error
    while current is not None and len(chain) < _MAX_CHAIN:
        frames = "".join(traceback.format_tb(current.__traceback__))
        chain.append(f"{frames}{error_summary(current)}")
        current = current.__cause__ or current.__context__
    return "\n(which came from)\n".join(chain)


_MAX_CHAIN = 8
