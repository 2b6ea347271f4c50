"""The bot's side of the translation workers: the engine's model calls go over NATS.

Only imported when ``YIQI_NATS_URL`` is set, so an in-process bot never imports nats.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

import nats
from nats.aio.client import Client
from nats.errors import ConnectionClosedError, NoRespondersError
from nats.errors import TimeoutError as NatsTimeoutError

from bot.backoff import Backoff
from bot.errors import OperatorError
from bot.translation.cache import TranslationCache
from bot.translation.engine import TranslationEngine
from bot.translation.remote.errors import (
    NoWorkersError,
    WorkerFailedError,
    WorkersBusyError,
    WorkerTimeoutError,
)
from bot.translation.remote.protocol import (
    DEFAULT_PREFIX,
    Request,
    decode_answer,
    encode_request,
    subject,
)

log = logging.getLogger(__name__)

PING_TIMEOUT = 2.0  # readiness asks within the probe's own 3 s
# NATS may start after the bot (compose, a reboot): its first connection is waited for like
# the database's and Discord's at `yiqi run` (about 2.5 minutes, one log line per attempt).
# Once connected, nats-py reconnects by itself.
START_BACKOFF = Backoff()


class RemoteModel:
    """One direction served by the workers: what the pipeline gets instead of a batcher.

    Each call is one request (one message's sentences), so the workers' batcher sees and
    batches every message of every bot as it would in process.
    """

    def __init__(
        self,
        connection: Client,
        direction: str,
        *,
        timeout: float,
        beam_size: int | None = None,
        subject_prefix: str = DEFAULT_PREFIX,
    ) -> None:
        self._connection = connection
        self._subject = subject(subject_prefix, direction)
        self._timeout = timeout
        self._beam_size = beam_size
        self._model_version = ""  # unknown until a worker answers

    @property
    def model_version(self) -> str:
        return self._model_version

    async def answers(self) -> bool:
        """An empty request: a worker answers it at once without touching its model (a busy
        worker is there too; it just has no room for more now)."""
        payload = encode_request(Request([], self._beam_size))
        try:
            reply = await self._connection.request(
                self._subject, payload, timeout=min(self._timeout, PING_TIMEOUT)
            )
        except (NoRespondersError, NatsTimeoutError, ConnectionClosedError):
            return False
        answer = decode_answer(reply.data)
        return answer.busy or answer.error is None

    async def submit_many(self, items: Sequence[str]) -> list[str]:
        if not items:
            return []
        payload = encode_request(Request(list(items), self._beam_size))
        try:
            reply = await self._connection.request(self._subject, payload, timeout=self._timeout)
        except NoRespondersError as error:
            raise NoWorkersError(f"no translation worker serves {self._subject}") from error
        except NatsTimeoutError as error:
            raise WorkerTimeoutError(f"no answer on {self._subject} in {self._timeout}s") from error
        except ConnectionClosedError as error:
            raise NoWorkersError(f"NATS connection closed ({self._subject})") from error
        answer = decode_answer(reply.data)
        if answer.busy:
            raise WorkersBusyError(f"the translation worker on {self._subject} is busy")
        if answer.error is not None or answer.translations is None:
            raise WorkerFailedError(answer.error or "no translations")
        if len(answer.translations) != len(items):
            raise WorkerFailedError(
                f"{len(answer.translations)} translations for {len(items)} sentences"
            )
        self._model_version = answer.model_version
        return answer.translations


async def connect_engine(
    url: str,
    directions: Iterable[str],
    *,
    request_timeout: float,
    beam_size: int | None = None,
    subject_prefix: str = DEFAULT_PREFIX,
    cache: TranslationCache | None = None,
    traditional_config: str = "s2twp",
    start_backoff: Backoff = START_BACKOFF,
) -> TranslationEngine:
    """An engine whose model calls go to the workers; closing it closes the connection."""
    connection = await _connect(url, start_backoff)
    remote = {
        direction: RemoteModel(
            connection,
            direction,
            timeout=request_timeout,
            beam_size=beam_size,
            subject_prefix=subject_prefix,
        )
        for direction in directions
    }
    log.info("translating through workers at %s: %s", url, sorted(remote))
    return TranslationEngine(
        {},
        remote=remote,
        on_close=connection.close,
        cache=cache,
        traditional_config=traditional_config,
    )


def _shown(url: str) -> str:
    """The URL for a log line: without the user and password a NATS URL may carry."""
    parts = urlsplit(url)
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


async def _connect(url: str, backoff: Backoff) -> Client:
    # nats-py's first connect with reconnects on never gives up nor says why: a plain TCP
    # probe is waited out first, with one log line per attempt and one clear error at last.
    waits = backoff.delays()
    attempt = 1
    while (reason := await _unreachable(url)) is not None:
        delay = next(waits, None)
        if delay is None:
            raise OperatorError(
                f"cannot reach NATS at {_shown(url)} after {attempt} attempts ({reason}): "
                "is nats-server running? check YIQI_NATS_URL"
            )
        log.warning(
            "NATS at %s unreachable (%s): attempt %d, next in %.3g s",
            _shown(url), reason, attempt, delay,
        )  # fmt: skip
        await asyncio.sleep(delay)
        attempt += 1
    return await nats.connect(
        url,
        name="yiqi-bot",
        max_reconnect_attempts=-1,  # NATS restarting must not cost the bot its translation
    )


async def _unreachable(url: str) -> str | None:
    """Why none of the servers in ``url`` (comma-separated) takes a TCP connection; None when
    one does."""
    reason = "no server"
    for server in url.split(","):
        parts = urlsplit(server.strip() if "://" in server else f"nats://{server.strip()}")
        try:
            _, writer = await asyncio.wait_for(
                asyncio.open_connection(parts.hostname or "127.0.0.1", parts.port or 4222),
                timeout=PING_TIMEOUT,
            )
        except (OSError, TimeoutError) as error:
            reason = type(error).__name__
            continue
        writer.close()
        await writer.wait_closed()
        return None
    return reason
