"""Relay under faults: each fault of ``tests/support/relay_faults`` on SQLite (and PostgreSQL
when a server is reachable), plus a 1,000-reply burst at Discord's real pacing beside the
retry sweep at its production interval. The real bot on SimCord; counts are taken on the
simulated Discord. Random-weight tiny zh→en model: these figures are about delivery, not
translation. Run as ``python -m bench.relay_faults``; prints one JSON object.

PostgreSQL: only when ``YIQI_BENCH_DATABASE_URL`` is set (a server to make scratch databases
on), e.g. ``YIQI_BENCH_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test make bench``.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import shutil
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import simcord

from bot.app import YiqiBot
from bot.settings import Settings
from bot.translation.engine import TranslationEngine
from bot.translation.packages import install_from_file
from bot.translation.runtime import DecodingOptions, LoadedModel
from db.migrate import upgrade_database
from demo.simcord_threads import webhook_threads
from tests.db.scratch_databases import create_scratch_database, drop_scratch_database
from tests.support.clock import MovableClock
from tests.support.discord_api.conformance import ConformanceChecker, describe
from tests.support.relay_faults import scenarios
from tests.support.relay_faults.asyncpg_timers import no_statement_expiry_timers
from tests.support.relay_faults.rig import open_rig
from tests.support.relay_faults.timing import FaultTime
from tests.support.tiny_argos import build_tiny_package

BIG_BURST = int(os.environ.get("YIQI_BENCH_FAULT_BURST", "1000"))


async def run_one(
    fault: scenarios.Fault, model: LoadedModel, workdir: Path, database_url: str | None
) -> dict[str, Any]:
    wall = MovableClock()
    time = FaultTime(wall)

    def make_settings() -> Settings:
        return Settings(
            data_dir=workdir,
            database_url=database_url,
            translation_cache=False,
            relay_retry_seconds=3600,  # the scenario drives the sweep itself
            penpal_match_seconds=86400,
        )

    engine = TranslationEngine({"zh_en": model})
    bot = YiqiBot(make_settings(), translation=engine, time_source=time, clock=wall)
    try:
        with webhook_threads(), no_statement_expiry_timers():
            async with simcord.run(bot, settle_timeout=1800) as env:
                rig = await open_rig(
                    env, bot, time=time, wall=wall, make_settings=make_settings, engine=engine
                )
                try:
                    tally = await fault.run(rig)
                finally:
                    await rig.close()
                violations = ConformanceChecker().check_log(env.http_requests)
                if violations:
                    sys.exit(describe(violations))
                # Errors the bot's handlers raised are part of the fault: counted, not raised.
                handler_errors = len(env.errors)
    finally:
        await bot.close()
        await engine.close()
    return {**asdict(tally), "handler_errors": handler_errors}


async def on_postgres(admin_url: str, run: Any) -> dict[str, Any]:
    url = await create_scratch_database(admin_url)
    try:
        await asyncio.to_thread(upgrade_database, url)
        result: dict[str, Any] = await run(url)
        return result
    finally:
        await drop_scratch_database(admin_url, url)


async def main_async(workdir: Path) -> dict[str, Any]:
    archive = build_tiny_package(workdir / "tiny", "zh", "en")
    installed = install_from_file(archive, workdir / "models")
    model = LoadedModel(installed, options=DecodingOptions(beam_size=2, max_batch=32))
    faults = [
        *scenarios.FAULTS,
        scenarios.Fault(
            f"paced_burst_{BIG_BURST}", functools.partial(scenarios.paced_burst, size=BIG_BURST)
        ),
    ]
    admin_url = os.environ.get("YIQI_BENCH_DATABASE_URL", "")
    use_postgres = bool(admin_url)
    rows: dict[str, list[dict[str, Any]]] = {"sqlite": [], "postgresql": []}
    for index, fault in enumerate(faults):
        if not fault.postgres_only:
            rows["sqlite"].append(await run_one(fault, model, workdir / f"sqlite-{index}", None))
        if use_postgres:
            rows["postgresql"].append(
                await on_postgres(
                    admin_url,
                    lambda url, f=fault, i=index: run_one(f, model, workdir / f"pg-{i}", url),
                )
            )
    return rows


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="yiqi-bench-relay-faults-"))
    try:
        print(json.dumps(asyncio.run(main_async(workdir))))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
