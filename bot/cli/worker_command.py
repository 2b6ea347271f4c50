"""``yiqi translate-worker``: serve the installed models to the bots over NATS (issue 13)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from typing import Any

from bot.errors import OperatorError
from bot.settings import Settings
from bot.translation.loading import load_models
from bot.translation.packages import list_installed
from bot.translation.remote.protocol import DEFAULT_PREFIX
from bot.translation.runtime import DecodingOptions, LoadedModel

log = logging.getLogger(__name__)


def register(commands: Any) -> None:
    worker = commands.add_parser(
        "translate-worker",
        help="serve the installed models to the bots over NATS (needs YIQI_NATS_URL)",
    )
    worker.add_argument(
        "--subject-prefix", default=DEFAULT_PREFIX, help="NATS subjects: PREFIX.<direction>"
    )
    worker.set_defaults(handler=run_worker)


def run_worker(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.nats_url:
        raise OperatorError("set YIQI_NATS_URL to the NATS server (e.g. nats://127.0.0.1:4222)")
    try:
        import nats  # noqa: F401 - the `scale` extra
    except ImportError:
        raise OperatorError("install the scale extra: pip install -e '.[scale]'") from None
    options = DecodingOptions(
        beam_size=settings.translation_beam_size, max_batch=settings.translation_max_batch
    )
    # Each package is tried in a child first: one that crashes cannot take the worker down.
    loaded = load_models(
        list_installed(settings.models_dir),
        threads=settings.translation_threads,
        options=options,
        isolate=True,
    )
    if not loaded.models:
        raise OperatorError(
            f"no loadable model in {settings.models_dir}: yiqi models install …", exit_code=3
        )
    asyncio.run(_serve(settings, settings.nats_url, loaded.models, args.subject_prefix))
    return 0


async def _serve(settings: Settings, url: str, models: dict[str, LoadedModel], prefix: str) -> None:
    import nats

    from bot.translation.remote.metrics_server import MetricsServer
    from bot.translation.remote.worker import TranslationWorker

    worker = TranslationWorker(
        models, max_in_flight=settings.worker_max_in_flight, subject_prefix=prefix
    )
    metrics = (
        MetricsServer(worker.metrics.registry, settings.metrics_port, host=settings.metrics_host)
        if (settings.metrics_port)
        else None
    )
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    connection = await nats.connect(url, name="yiqi-translate-worker", max_reconnect_attempts=-1)
    try:
        await worker.start(connection)
        print(f"translation worker ready: {sorted(models)} on {prefix}.*", flush=True)
        await stopping.wait()
        log.info("translation worker stopping: answering the requests it holds")
        await worker.stop()
    finally:
        await connection.drain()
        if metrics is not None:
            metrics.stop()
