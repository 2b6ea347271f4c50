"""Translation workers on the local NATS server (issue 13), serving the tiny real packages:
answers come back exactly once and spread over the workers, a flood is refused "busy" with
in-flight work bounded, and the CLI translates through them."""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nats
import pytest

from bot.backoff import Backoff
from bot.errors import OperatorError
from bot.translation.engine import TranslationEngine
from bot.translation.languages import Reader
from bot.translation.remote.client import RemoteModel, connect_engine
from bot.translation.remote.errors import NoWorkersError, WorkersBusyError
from bot.translation.remote.metrics_server import MetricsServer
from bot.translation.remote.protocol import decode_answer, subject
from bot.translation.remote.worker import TranslationWorker
from bot.translation.results import TranslationStatus
from tests.support.nats_workers import (
    NATS_URL,
    REPO,
    needs_nats,
    remote_engine,
    running_worker,
    tiny_models,
    unique_prefix,
)

pytestmark = needs_nats
SENTENCES = [f"Hello number {n}, how are you today?" for n in range(200)]


async def test_a_burst_is_answered_once_each_and_shared_by_two_workers(
    tiny_data_dir: Path,
) -> None:
    prefix = unique_prefix()
    async with (
        running_worker(tiny_models(tiny_data_dir / "models"), prefix) as one,
        running_worker(tiny_models(tiny_data_dir / "models"), prefix) as two,
        remote_engine(prefix) as engine,
    ):
        # One message per request, as the pipeline sends them: 200 requests at once.
        results = await asyncio.gather(*(engine.translate(s, Reader.ZH_CN) for s in SENTENCES))
    assert all(r.status is TranslationStatus.TRANSLATED for r in results)
    assert one.answered + two.answered == len(SENTENCES)  # each request answered once
    assert one.answered > 0 and two.answered > 0  # the queue group spread them
    # Both workers ran the model on batches of several requests.
    assert max(b.stats.largest_batch for w in (one, two) for b in w.batchers()) > 1
    # Same pipeline, same model: what the bot shows is what it would show in process.
    assert [r.text for r in results] == await _in_process(tiny_data_dir, SENTENCES)
    assert {r.model_version for r in results} == {"translate-en_zh-0.1"}


async def _in_process(data_dir: Path, texts: list[str]) -> list[str]:
    engine = TranslationEngine(tiny_models(data_dir / "models"))
    try:
        return [(await engine.translate(t, Reader.ZH_CN)).text for t in texts]
    finally:
        await engine.close()


async def test_a_flood_is_answered_busy_and_in_flight_work_stays_bounded(
    tiny_data_dir: Path,
) -> None:
    prefix, bound, flood = unique_prefix(), 8, 60
    gate = threading.Event()
    executor = ThreadPoolExecutor(max_workers=1)
    executor.submit(gate.wait)  # the model thread is busy until the gate opens
    async with running_worker(
        tiny_models(tiny_data_dir / "models"), prefix, max_in_flight=bound, executor=executor
    ) as worker:
        connection = await nats.connect(NATS_URL)
        model = RemoteModel(connection, "en_zh", timeout=30, subject_prefix=prefix)
        calls = [asyncio.create_task(model.submit_many([f"message {n}"])) for n in range(flood)]
        while _sample(worker, "yiqi_worker_busy_total") < flood - bound:  # all refusals sent
            await asyncio.sleep(0.01)
        gate.set()
        outcomes = await asyncio.gather(*calls, return_exceptions=True)
        await connection.close()
    busy = [o for o in outcomes if isinstance(o, WorkersBusyError)]
    served = [o for o in outcomes if isinstance(o, list)]
    assert len(busy) == flood - bound and len(served) == bound
    assert worker.peak_in_flight == bound and worker.in_flight == 0


async def test_no_worker_is_an_immediate_transient_error() -> None:
    async with remote_engine(unique_prefix()) as engine:
        with pytest.raises(NoWorkersError):
            await engine.translate("Where is the train station?", Reader.ZH_CN)


async def test_readiness_asks_the_workers_without_touching_a_model(tiny_data_dir: Path) -> None:
    prefix = unique_prefix()
    async with remote_engine(prefix, directions=("en_zh",)) as engine:
        assert not await engine.reachable()  # no worker yet: /readyz says "translation"
        async with running_worker(tiny_models(tiny_data_dir / "models"), prefix) as worker:
            assert await engine.reachable()
            assert worker.answered == 1 and worker.peak_in_flight == 1
            assert all(b.stats.largest_batch == 0 for b in worker.batchers())
        assert not await engine.reachable()


async def test_nats_down_at_start_is_waited_for_then_one_clear_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    closed_port = "nats://yiqi:secret@127.0.0.1:9"  # discard: nothing listens there
    with pytest.raises(OperatorError) as raised:
        await connect_engine(
            closed_port, ["zh_en"], request_timeout=1, start_backoff=Backoff(attempts=2, first=0.01)
        )
    assert "cannot reach NATS at nats://127.0.0.1:9 after 2 attempts" in str(raised.value)
    assert "attempt 1, next in 0.01 s" in caplog.text
    assert "secret" not in caplog.text + str(raised.value)


async def test_a_request_of_another_version_gets_an_error_answer(tiny_data_dir: Path) -> None:
    prefix = unique_prefix()
    async with running_worker(tiny_models(tiny_data_dir / "models"), prefix) as worker:
        connection = await nats.connect(NATS_URL)
        try:
            reply = await connection.request(
                subject(prefix, "en_zh"), b'{"v": 99, "sentences": ["hi"]}', timeout=10
            )
        finally:
            await connection.close()
    answer = decode_answer(reply.data)  # the answer is of the worker's version, naming why
    assert answer.error is not None and "unsupported version 99" in answer.error
    labels = {"direction": "en_zh", "outcome": "error"}
    assert _sample(worker, "yiqi_worker_requests_total", labels) == 1


def _sample(worker: TranslationWorker, name: str, labels: dict[str, str] | None = None) -> float:
    return worker.metrics.registry.get_sample_value(name, labels or {}) or 0.0


async def test_the_worker_serves_its_metrics(tiny_data_dir: Path) -> None:
    prefix = unique_prefix()
    async with (
        running_worker(tiny_models(tiny_data_dir / "models"), prefix) as worker,
        remote_engine(prefix) as engine,
    ):
        await engine.translate("Good night and see you soon.", Reader.ZH_CN)
        server = MetricsServer(worker.metrics.registry, 0, host="127.0.0.1")
        try:
            url = f"http://127.0.0.1:{server.port}/metrics"
            body = await asyncio.to_thread(lambda: urllib.request.urlopen(url).read().decode())
        finally:
            server.stop()
    assert 'yiqi_worker_requests_total{direction="en_zh",outcome="ok"} 1.0' in body
    assert "yiqi_worker_batch_size_bucket" in body
    assert 'yiqi_worker_request_seconds_count{direction="en_zh"} 1.0' in body
    assert "yiqi_worker_in_flight 0.0" in body and "yiqi_worker_busy_total 0.0" in body


async def test_yiqi_translate_uses_the_workers_when_nats_is_set(
    tiny_data_dir: Path, tmp_path: Path
) -> None:
    """No model beside the CLI: the translation can only come from the worker."""
    prefix = unique_prefix()
    text = "Thank you very much for your help."
    expected = (await _in_process(tiny_data_dir, [text]))[0]
    async with running_worker(tiny_models(tiny_data_dir / "models"), prefix) as worker:
        env = {**os.environ, "YIQI_DATA_DIR": str(tmp_path), "YIQI_NATS_URL": NATS_URL}
        env["PYTHONPATH"] = str(REPO)
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            # This test's own subjects (the CLI always uses the default prefix).
            f"import sys; from bot.translation.remote import protocol as p; "
            f"p.DEFAULT_PREFIX = {prefix!r}; from bot.cli import main; sys.exit(main())",
            "translate",
            "--from",
            "en",
            "--to",
            "zh",
            text,
            env=env,
            cwd=str(tmp_path),
            stdout=asyncio.subprocess.PIPE,
        )
        out, _ = await process.communicate()
    assert process.returncode == 0
    assert worker.answered == 1
    assert out.decode().strip() == expected
