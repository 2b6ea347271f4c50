"""Translation workers on the local NATS server, in process or as ``yiqi translate-worker``
subprocesses (which a test may freeze or ``kill -9``). Each test uses its own subject prefix,
so parallel runs never answer each other's requests."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import uuid
from collections.abc import AsyncIterator, Mapping
from concurrent.futures import Executor
from contextlib import asynccontextmanager
from pathlib import Path

import nats
import pytest

from bot.translation.cache import TranslationCache
from bot.translation.engine import TranslationEngine
from bot.translation.packages import list_installed
from bot.translation.remote.client import connect_engine
from bot.translation.remote.worker import TranslationWorker
from bot.translation.runtime import LoadedModel

NATS_URL = os.environ.get("YIQI_TEST_NATS_URL", "")
REPO = Path(__file__).resolve().parents[2]
# Applied to every test here: run when .ci/run (or the developer) found NATS answering.
needs_nats = [
    pytest.mark.nats,
    pytest.mark.skipif(not NATS_URL, reason="YIQI_TEST_NATS_URL is not set (no NATS server)"),
]


def unique_prefix() -> str:
    return f"yiqi-test.{uuid.uuid4().hex[:12]}"


@asynccontextmanager
async def running_worker(
    models: Mapping[str, LoadedModel],
    prefix: str,
    *,
    max_in_flight: int = 256,
    executor: Executor | None = None,
) -> AsyncIterator[TranslationWorker]:
    """A worker on its own NATS connection, as a separate process would have."""
    connection = await nats.connect(NATS_URL)
    worker = TranslationWorker(
        models, max_in_flight=max_in_flight, subject_prefix=prefix, executor=executor
    )
    await worker.start(connection)
    try:
        yield worker
    finally:
        await worker.stop()
        await connection.close()


@asynccontextmanager
async def remote_engine(
    prefix: str,
    *,
    directions: tuple[str, ...] = ("en_zh", "zh_en"),
    timeout: float = 10.0,
    cache: TranslationCache | None = None,
) -> AsyncIterator[TranslationEngine]:
    """The bot's engine with every model call sent to the workers."""
    engine = await connect_engine(
        NATS_URL, directions, request_timeout=timeout, subject_prefix=prefix, cache=cache
    )
    try:
        yield engine
    finally:
        await engine.close()


class WorkerProcess:
    """``yiqi translate-worker`` in a subprocess, serving the models under ``data_dir``."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls, data_dir: Path, prefix: str) -> WorkerProcess:
        env = {
            **os.environ,
            "YIQI_DATA_DIR": str(data_dir),
            "YIQI_NATS_URL": NATS_URL,
            "PYTHONPATH": str(REPO),
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "translate-worker",
            "--subject-prefix",
            prefix,
            env=env,
            cwd=str(data_dir),
            stdout=asyncio.subprocess.PIPE,
        )
        assert process.stdout is not None
        line = await process.stdout.readline()  # printed once subscribed
        assert line.startswith(b"translation worker ready"), line
        return cls(process)

    def freeze(self) -> None:
        """Stop it dead while it keeps its connection: requests routed to it get no answer."""
        os.kill(self.process.pid, signal.SIGSTOP)

    async def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        assert await self.process.wait() == -signal.SIGKILL


def tiny_models(models_dir: Path) -> dict[str, LoadedModel]:
    """A fresh load of the tiny packages installed in ``models_dir`` (one per worker)."""
    return {m.direction: LoadedModel(m) for m in list_installed(models_dir)}
