"""A translation worker: serves its models' sentences to every bot process over NATS.

Each direction's subject is subscribed in one queue group, so requests load-balance across
workers. Requests from all bots go through one ``MicroBatcher`` per direction (and beam
size), so they share model calls exactly as one bot's messages do in process; a long post
is still served in slices behind other requests' first sentences.

At most ``max_in_flight`` requests are held at once; past that a request is answered
``busy`` at once, so a flood costs a short answer each and never queues without bound (a
request is at most NATS's max payload, 1 MB by default).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import TYPE_CHECKING

from bot.translation.batching import MicroBatcher
from bot.translation.remote.metrics import WorkerMetrics
from bot.translation.remote.protocol import (
    DEFAULT_PREFIX,
    QUEUE_GROUP,
    Answer,
    ProtocolError,
    decode_request,
    encode_answer,
    subject,
)
from bot.translation.runtime import LoadedModel

if TYPE_CHECKING:
    from nats.aio.client import Client
    from nats.aio.msg import Msg
    from nats.aio.subscription import Subscription

log = logging.getLogger(__name__)


class TranslationWorker:
    def __init__(
        self,
        models: Mapping[str, LoadedModel],
        *,
        max_in_flight: int,
        subject_prefix: str = DEFAULT_PREFIX,
        metrics: WorkerMetrics | None = None,
        executor: Executor | None = None,
    ) -> None:
        self._models = dict(models)
        self._max_in_flight = max_in_flight
        self._prefix = subject_prefix
        self.metrics = metrics or WorkerMetrics()
        # One thread, as in process: batching, not parallel calls, is where speed comes from.
        self._executor = executor or ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="yiqi-worker"
        )
        self._batchers: dict[tuple[str, int], MicroBatcher[str, str]] = {}
        self._subscriptions: list[Subscription] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self.in_flight = 0
        self.peak_in_flight = 0
        self.answered = 0  # translations sent back (for tests and benchmarks)

    @property
    def directions(self) -> frozenset[str]:
        return frozenset(self._models)

    def batchers(self) -> list[MicroBatcher[str, str]]:
        return list(self._batchers.values())

    async def start(self, connection: Client) -> None:
        """Subscribe to every direction's subject; requests are served from now on."""
        for direction in sorted(self._models):
            self._subscriptions.append(
                await connection.subscribe(
                    subject(self._prefix, direction),
                    queue=QUEUE_GROUP,
                    cb=self._receiver(direction),
                )
            )
        await connection.flush()  # the server knows the subscriptions before we say "ready"
        log.info("translation worker serving %s on %s.*", sorted(self._models), self._prefix)

    async def stop(self) -> None:
        """Take no new requests, answer those held, then release the model thread."""
        for subscription in self._subscriptions:
            # What NATS already delivered is still served (nats-py leaves drain untyped).
            await subscription.drain()  # type: ignore[no-untyped-call]
        self._subscriptions.clear()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        for batcher in self._batchers.values():
            await batcher.wait_idle()
        self._executor.shutdown(wait=True)

    def _receiver(self, direction: str) -> Callable[[Msg], Awaitable[None]]:
        async def receive(message: Msg) -> None:
            # Runs in the subscription's one reader task: admission is decided in order,
            # and the translation runs in a task of its own so the reader keeps reading.
            arrived = time.perf_counter()
            if self.in_flight >= self._max_in_flight:
                self.metrics.busy.inc()
                self.metrics.requests.labels(direction, "busy").inc()
                await _respond(message, Answer(busy=True))
                return
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
            self.metrics.in_flight.set(self.in_flight)
            task = asyncio.create_task(self._serve(direction, message, arrived))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

        return receive

    async def _serve(self, direction: str, message: Msg, arrived: float) -> None:
        try:
            answer = await self._answer(direction, message.data)
        finally:
            self.in_flight -= 1
            self.metrics.in_flight.set(self.in_flight)
        outcome = "error" if answer.error is not None else "ok"
        self.metrics.requests.labels(direction, outcome).inc()
        self.metrics.latency.labels(direction).observe(time.perf_counter() - arrived)
        if await _respond(message, answer) and answer.translations is not None:
            self.answered += 1

    async def _answer(self, direction: str, data: bytes) -> Answer:
        try:
            request = decode_request(data)
        except ProtocolError as error:
            return Answer(error=str(error))
        model = self._models[direction]
        try:
            batcher = self._batcher(direction, request.beam_size or model.options.beam_size)
            translations = await batcher.submit_many(request.sentences)
        except Exception as error:
            log.exception(
                "translation failed (%s, %d sentences)", direction, len(request.sentences)
            )
            return Answer(error=f"{type(error).__name__}: {error}")
        return Answer(translations, model_version=model.model_version)

    def _batcher(self, direction: str, beam_size: int) -> MicroBatcher[str, str]:
        key = (direction, beam_size)
        batcher = self._batchers.get(key)
        if batcher is None:
            model = self._models[direction]

            def run(sentences: Sequence[str]) -> list[str]:
                self.metrics.batch_sizes.observe(len(sentences))
                return model.translate_sentences(sentences, beam_size=beam_size)

            batcher = MicroBatcher(
                run,
                self._executor,
                max_batch=model.options.drain_size,
                bulk_batch=model.options.bulk_batch,
            )
            self._batchers[key] = batcher
        return batcher


async def _respond(message: Msg, answer: Answer) -> bool:
    try:
        await message.respond(encode_answer(answer))
    except Exception:  # the connection went away: the bot's request times out and retries
        log.warning("could not answer a translation request", exc_info=True)
        return False
    return True
