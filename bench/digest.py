"""Digest selection over a synthetic busy week, on SQLite and PostgreSQL.

Seeds ``WeekShape().messages`` relayed messages in ``WeekShape().exchanges`` questions of one
guild's week (plus history in another guild and the previous week), then times
``DigestPlanner.select_highlights`` — every query the digest runs — and records the query
plans. Seeding time is reported but is not the metric.
Run as ``python -m bench.digest``; prints one JSON object (last line).
PostgreSQL: ``YIQI_BENCH_DATABASE_URL`` (default ``postgresql+asyncpg://postgres@127.0.0.1:5432/test``)
is only used to create and drop a scratch database; ``--sqlite-only`` skips it.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.digest_seed import GUILD, SyntheticWeek, WeekShape, build, seed_postgres, seed_sqlite
from bot.services.digest.planner import DigestPlanner
from bot.services.digest.weeks import IsoWeek
from db.engine import create_engine, create_sessionmaker
from db.migrate import upgrade_database
from tests.db.scratch_databases import create_scratch_database, drop_scratch_database

WEEK = IsoWeek(2025, 3)
RUNS = 5
DEFAULT_ADMIN_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


async def _statements(engine: AsyncEngine, planner: DigestPlanner) -> list[tuple[str, Any]]:
    """Every SELECT one selection runs, with its parameters (to EXPLAIN them afterwards)."""
    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, params: Any, *args: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, params))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        await planner.select_highlights(GUILD, WEEK)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    return seen


async def _plans(engine: AsyncEngine, statements: list[tuple[str, Any]]) -> list[list[str]]:
    sqlite = engine.dialect.name == "sqlite"
    plans = []
    async with engine.connect() as connection:
        if not sqlite:
            await connection.exec_driver_sql("SET jit = off")  # as the selection runs it
        for statement, params in statements:
            if sqlite:
                rows = await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params)
                plans.append([str(row[-1]) for row in rows])
            else:
                rows = await connection.exec_driver_sql(f"EXPLAIN {statement}", params)
                plans.append([str(row[0]).split("  (cost")[0].rstrip() for row in rows])
    # The guild row and the schedule are primary-key lookups; the rest is the selection.
    return [plan for plan in plans if not any(t in str(plan) for t in ("guilds", "schedules"))]


async def _measure(url: str) -> dict[str, Any]:
    engine = create_engine(url)
    try:
        planner = DigestPlanner(create_sessionmaker(engine))
        await planner.select_highlights(GUILD, WEEK)  # warm the caches, as a running bot has
        timings, cpu = [], []
        for _ in range(RUNS):
            started, started_cpu = time.perf_counter(), time.process_time()
            picked = await planner.select_highlights(GUILD, WEEK)
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        plans = await _plans(engine, await _statements(engine, planner))
    finally:
        await engine.dispose()
    assert picked.question_of_the_week is not None and len(picked.top_exchanges) == 6
    return {
        "best_s": min(timings),
        "median_s": statistics.median(timings),
        # This process's CPU time: all of SQLite's work, only the client's for PostgreSQL.
        "best_cpu_s": min(cpu),
        "runs": RUNS,
        "asked": sum(s.asked for s in picked.stats),
        "plans": plans,
    }


def _on_sqlite(week: SyntheticWeek, workdir: Path) -> dict[str, Any]:
    path = workdir / "digest.db"
    url = f"sqlite+aiosqlite:///{path}"
    upgrade_database(url)
    started = time.perf_counter()
    seed_sqlite(str(path), week)
    seeded = time.perf_counter() - started
    result = asyncio.run(_measure(url))
    return {"seed_s": seeded, **result}


def _on_postgres(week: SyntheticWeek, admin_url: str) -> dict[str, Any]:
    url = asyncio.run(create_scratch_database(admin_url))
    try:
        upgrade_database(url)
        started = time.perf_counter()
        dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        asyncio.run(seed_postgres(dsn, week))
        seeded = time.perf_counter() - started
        result = asyncio.run(_measure(url))
    finally:
        asyncio.run(drop_scratch_database(admin_url, url))
    return {"seed_s": seeded, **result}


def main() -> None:
    shape = WeekShape()
    started = time.perf_counter()
    week = build(shape)
    report: dict[str, Any] = {
        "exchanges": shape.exchanges,
        "messages": shape.messages,
        "stored_messages": len(week.relays),
        "build_s": time.perf_counter() - started,
    }
    with tempfile.TemporaryDirectory(prefix="yiqi-bench-digest-") as workdir:
        report["sqlite"] = _on_sqlite(week, Path(workdir))
    if "--sqlite-only" not in sys.argv:
        admin_url = os.environ.get("YIQI_BENCH_DATABASE_URL", DEFAULT_ADMIN_URL)
        report["postgresql"] = _on_postgres(week, admin_url)
    # The machines are shared: the load says how much of the time was someone else's.
    report["load_average"] = os.getloadavg()[0]
    print(json.dumps(report))


if __name__ == "__main__":
    main()
