"""Scheduled jobs counted by APScheduler's own listeners (a real scheduler, jobs due now)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MISSED,
    JobExecutionEvent,
)
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.observability.discord_hooks import watch_scheduler
from bot.observability.metrics import Metrics


async def test_runs_errors_and_last_success_per_job_family() -> None:
    metrics = Metrics()
    scheduler = AsyncIOScheduler(timezone="UTC")
    watch_scheduler(metrics, scheduler)
    finished: asyncio.Queue[str] = asyncio.Queue()
    scheduler.add_listener(
        lambda event: finished.put_nowait(event.job_id), EVENT_JOB_EXECUTED | EVENT_JOB_ERROR
    )

    async def works() -> None:
        pass

    async def fails() -> None:
        raise RuntimeError("injected")

    now = datetime.now(UTC)
    scheduler.add_job(works, "date", run_date=now, id="digest:1234")
    scheduler.add_job(fails, "date", run_date=now, id="relay-retry")
    scheduler.start()
    try:
        done = {await asyncio.wait_for(finished.get(), 30) for _ in range(2)}
    finally:
        scheduler.shutdown(wait=False)

    assert done == {"digest:1234", "relay-retry"}
    value = metrics.registry.get_sample_value
    assert value("yiqi_scheduled_job_runs_total", {"job": "digest", "outcome": "ok"}) == 1
    assert value("yiqi_scheduled_job_runs_total", {"job": "relay-retry", "outcome": "error"}) == 1
    last = value("yiqi_scheduled_job_last_success_timestamp_seconds", {"job": "digest"})
    assert last is not None and last >= now.timestamp() - 1
    assert (
        value("yiqi_scheduled_job_last_success_timestamp_seconds", {"job": "relay-retry"}) is None
    )


def test_a_missed_run_is_counted_as_missed() -> None:
    metrics = Metrics()
    listeners: list[object] = []

    class Recorder:
        def add_listener(self, callback: object, mask: int) -> None:
            listeners.append(callback)

    watch_scheduler(metrics, Recorder())
    [on_job] = listeners
    assert callable(on_job)
    on_job(JobExecutionEvent(EVENT_JOB_MISSED, "penpal-match", None, datetime.now(UTC)))
    labels = {"job": "penpal-match", "outcome": "missed"}
    assert metrics.registry.get_sample_value("yiqi_scheduled_job_runs_total", labels) == 1
