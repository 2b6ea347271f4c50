"""APScheduler jobs for digests: armed from the database, at the right local time, re-armed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from apscheduler.events import EVENT_JOB_EXECUTED, EVENT_JOB_SUBMITTED, JobEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.digest.config import DigestConfigService
from bot.services.digest.jobs import DigestJobs, job_id
from tests.db.digest_support import GUILD, configure

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
async def scheduler() -> AsyncIterator[AsyncIOScheduler]:
    # Paused: tests call the job themselves at a controlled time; the end-to-end test resumes it.
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.start(paused=True)
    yield scheduler
    scheduler.shutdown(wait=False)


class Runs:
    """The job's work, recorded: which guild, at what (patched) wall-clock time."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, datetime]] = []

    async def __call__(self, guild_id: int) -> None:
        self.calls.append((guild_id, datetime.now(UTC)))


async def test_rebuild_arms_each_enabled_schedule_in_its_own_zone(
    session_factory: async_sessionmaker[AsyncSession], scheduler: AsyncIOScheduler
) -> None:
    await configure(session_factory, guild_id=1, timezone="America/New_York")
    await configure(session_factory, guild_id=2, timezone="Europe/Berlin", weekday=4, at=time(18))
    await configure(session_factory, guild_id=3)  # Monday 09:00 Shanghai
    await configure(session_factory, guild_id=4)
    await DigestConfigService(session_factory).update(4, enabled=False)
    scheduler.add_job(print, "date", run_date=datetime(2027, 1, 1, tzinfo=UTC), id=job_id(5))
    scheduler.add_job(print, "date", run_date=datetime(2027, 1, 1, tzinfo=UTC), id="relay-retry")

    # Thursday 5 March 2026: New York has not changed to summer time yet (Sunday 8th).
    with time_machine.travel(datetime(2026, 3, 5, 12, tzinfo=UTC), tick=False):
        jobs = DigestJobs(scheduler, DigestConfigService(session_factory), Runs())
        await jobs.rebuild()
        armed = jobs.armed()

    assert armed == {
        1: datetime(2026, 3, 9, 13, tzinfo=UTC),  # Monday 09:00 EDT, after the change
        2: datetime(2026, 3, 6, 17, tzinfo=UTC),  # Friday 18:00 CET
        3: datetime(2026, 3, 9, 1, tzinfo=UTC),  # Monday 09:00 CST (China)
    }
    assert armed[1].astimezone(NEW_YORK).time() == time(9)
    assert scheduler.get_job("relay-retry") is not None  # other jobs are left alone


async def test_each_run_re_arms_the_next_week_at_the_same_local_time(
    session_factory: async_sessionmaker[AsyncSession], scheduler: AsyncIOScheduler
) -> None:
    schedule = await configure(session_factory, timezone="Europe/Berlin", weekday=0)
    runs = Runs()
    jobs = DigestJobs(scheduler, DigestConfigService(session_factory), runs)
    due = datetime(2026, 3, 23, 8, tzinfo=UTC)  # Monday 09:00 CET; summer time from the 29th
    with time_machine.travel(due - timedelta(days=2), tick=False):
        assert jobs.arm(schedule) == due

    seen = []
    for week in range(3):
        with time_machine.travel(due + timedelta(milliseconds=5), tick=False):
            await jobs.fire(GUILD, due)
        seen.append(due.astimezone(BERLIN))
        assert runs.calls[week] == (GUILD, due + timedelta(milliseconds=5))
        due = jobs.armed()[GUILD]
    assert [d.isoformat() for d in seen] == [
        "2026-03-23T09:00:00+01:00",
        "2026-03-30T09:00:00+02:00",
        "2026-04-06T09:00:00+02:00",
    ]


async def test_a_failing_run_still_re_arms_and_disabling_disarms(
    session_factory: async_sessionmaker[AsyncSession], scheduler: AsyncIOScheduler
) -> None:
    schedule = await configure(session_factory)

    async def broken(guild_id: int) -> Any:
        raise RuntimeError("Discord is down")

    config = DigestConfigService(session_factory)
    jobs = DigestJobs(scheduler, config, broken)
    due = datetime(2026, 3, 9, 1, tzinfo=UTC)
    with time_machine.travel(due, tick=False):
        jobs.arm(schedule)
        await jobs.fire(GUILD, due)
    assert jobs.armed() == {GUILD: due + timedelta(days=7)}

    assert jobs.arm(await config.update(GUILD, enabled=False)) is None
    assert jobs.armed() == {}


class SchedulerEvents:
    """APScheduler's own reports: jobs handed to the executor, and jobs finished."""

    def __init__(self, scheduler: AsyncIOScheduler) -> None:
        self.submitted: list[str] = []
        self.finished = asyncio.Event()
        scheduler.add_listener(self._on_event, EVENT_JOB_SUBMITTED | EVENT_JOB_EXECUTED)

    def _on_event(self, event: JobEvent) -> None:
        if event.code == EVENT_JOB_SUBMITTED:
            self.submitted.append(event.job_id)
        else:
            self.finished.set()


async def woken(scheduler: AsyncIOScheduler) -> None:
    """Wake the scheduler now and return once it has looked at its jobs."""
    scheduler.wakeup()  # queued on the loop: it runs before the future below resolves
    looked = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().call_soon(looked.set_result, None)
    await looked


async def test_the_scheduler_fires_the_job_at_nine_local_across_the_change(
    session_factory: async_sessionmaker[AsyncSession], scheduler: AsyncIOScheduler
) -> None:
    """End to end through APScheduler's own job store and executor, on a frozen clock that
    the test moves: the first Monday 09:00 in New York after the switch to summer time."""
    schedule = await configure(session_factory, timezone="America/New_York")
    runs = Runs()
    jobs = DigestJobs(scheduler, DigestConfigService(session_factory), runs)
    events = SchedulerEvents(scheduler)
    due = datetime(2026, 3, 9, 13, tzinfo=UTC)
    with time_machine.travel(due - timedelta(minutes=1), tick=False) as clock:
        assert jobs.arm(schedule) == due
        scheduler.resume()
        clock.move_to(due - timedelta(microseconds=1))
        await woken(scheduler)
        assert events.submitted == []  # not a moment early

        clock.move_to(due)
        await woken(scheduler)
        assert events.submitted == [job_id(GUILD)]
        # Finished means the job ran and armed its next run (APScheduler drops the spent one).
        await asyncio.wait_for(events.finished.wait(), timeout=10)
    [(guild, fired_at)] = runs.calls
    local = fired_at.astimezone(NEW_YORK)
    assert guild == GUILD
    assert fired_at == due
    assert (local.date().isoformat(), local.hour, local.minute) == ("2026-03-09", 9, 0)
    assert jobs.armed() == {GUILD: datetime(2026, 3, 16, 13, tzinfo=UTC)}
