"""One APScheduler job per guild, armed for its next slot and re-armed after each run.

A DateTrigger computed by ``WeeklySlot.next_due`` (not a CronTrigger) keeps one definition of
"when" for the jobs, the catch-up and the tests, DST rules included. The database is the
source of truth: ``rebuild`` at start, ``arm`` / ``disarm`` on every change.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from apscheduler.triggers.date import DateTrigger

from bot.services.digest.config import DigestConfigService, ScheduleInfo
from db.clock import Clock, utcnow

log = logging.getLogger(__name__)
JOB_PREFIX = "digest:"


def job_id(guild_id: int) -> str:
    return f"{JOB_PREFIX}{guild_id}"


class DigestJobs:
    """Keeps the scheduler's digest jobs in line with the stored schedules."""

    def __init__(
        self,
        scheduler: Any,  # apscheduler's AsyncIOScheduler (untyped)
        schedules: DigestConfigService,
        run: Callable[[int], Awaitable[object]],
        *,
        clock: Clock = utcnow,
    ) -> None:
        self._scheduler = scheduler
        self._schedules = schedules
        self._run = run
        self._clock = clock

    async def rebuild(self) -> None:
        """Arm every enabled schedule and drop jobs of guilds that have none."""
        schedules = await self._schedules.enabled()
        wanted = {job_id(s.guild_id) for s in schedules}
        for job in self._scheduler.get_jobs():
            if job.id.startswith(JOB_PREFIX) and job.id not in wanted:
                job.remove()
        for schedule in schedules:
            self.arm(schedule)

    def arm(self, schedule: ScheduleInfo, *, after: datetime | None = None) -> datetime | None:
        """(Re)arm the guild's job for its next slot; a disabled schedule has none."""
        if not schedule.enabled:
            self.disarm(schedule.guild_id)
            return None
        due = schedule.slot.next_due(after or self._clock()).due_at
        self._scheduler.add_job(
            self.fire,
            DateTrigger(run_date=due),
            args=[schedule.guild_id, due],
            id=job_id(schedule.guild_id),
            replace_existing=True,
            # However late the loop gets to it, run it: the publisher's grace window decides.
            misfire_grace_time=None,
            coalesce=True,
        )
        return due

    def disarm(self, guild_id: int) -> None:
        if self._scheduler.get_job(job_id(guild_id)) is not None:
            self._scheduler.remove_job(job_id(guild_id))

    def disarm_all(self) -> None:
        for guild_id in self.armed():
            self.disarm(guild_id)

    def armed(self) -> dict[int, datetime]:
        """Guild id → the next run of its job."""
        return {
            int(job.id.removeprefix(JOB_PREFIX)): job.next_run_time
            for job in self._scheduler.get_jobs()
            if job.id.startswith(JOB_PREFIX)
        }

    async def fire(self, guild_id: int, due_at: datetime) -> None:
        """The job: post the guild's due digest, then arm the next slot."""
        try:
            await self._run(guild_id)
        except Exception:
            log.exception("scheduled digest failed for guild %s", guild_id)
        finally:
            schedule = await self._schedules.get(guild_id)
            if schedule is None:
                self.disarm(guild_id)
            else:
                # Never the slot just run again, even if the clock looks a little early.
                self.arm(schedule, after=max(self._clock(), due_at))
