"""Posting a guild's weekly digest exactly once, across restarts and processes.

Claim before post: the (guild, week) row is inserted before anything is sent, and the UNIQUE
pair lets one process win. The holder renews the claim (``claimed_at``) before each message
and records the ids sent so far, so a claim left unrenewed for longer than the lease means its
holder died; one process then takes it over with a conditional UPDATE and sends only the
parts not sent yet. Parts sent but not recorded (a crash right after Discord answered) are
found by looking for Yiqi's own messages in the channel since the last renewal. What remains
is a crash inside Discord's own request, which no client can tell apart from a lost request.
The chart of the week is one more message after the text (so it is counted like a part); if
it cannot be drawn, the digest is posted without it.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.observability.metrics import Metrics
from bot.services.digest.config import DigestConfigService, ScheduleInfo
from bot.services.digest.ports import (
    DigestChannelUnavailableError,
    DigestChart,
    DigestComposer,
    DigestPoster,
)
from bot.services.digest.schedule import DEFAULT_SLOT, current_week_digest
from bot.services.digest.weeks import IsoWeek
from db.clock import Clock, utcnow
from db.enums import DigestStatus
from db.repositories import DigestRepository

log = logging.getLogger(__name__)
# Discord's clock and ours may differ a little: look a bit before the last renewal.
CLOCK_MARGIN = timedelta(minutes=1)
# Leaves room for ":pid:token" within the claim column (db CLAIMED_BY_LENGTH).
HOST_NAME_PART = 80


def default_process_id() -> str:
    """Who holds a claim: host, pid and a random part (pids repeat across restarts)."""
    return f"{socket.gethostname()[:HOST_NAME_PART]}:{os.getpid()}:{secrets.token_hex(4)}"


class Outcome(StrEnum):
    POSTED = "posted"
    ALREADY_POSTED = "already_posted"
    ALREADY_SKIPPED = "already_skipped"
    IN_PROGRESS = "in_progress"  # another process holds a fresh claim
    NOTHING_TO_POST = "nothing_to_post"
    TOO_LATE = "too_late"  # missed by more than the grace window: recorded as skipped
    CHANNEL_UNAVAILABLE = "channel_unavailable"
    LOST_CLAIM = "lost_claim"  # taken over while posting (this process stalled past the lease)
    NOT_SCHEDULED = "not_scheduled"


@dataclass(frozen=True)
class PublishResult:
    outcome: Outcome
    week: IsoWeek | None = None
    channel_id: int | None = None
    message_ids: tuple[int, ...] = field(default=())


@dataclass
class _Claim:
    week: IsoWeek
    channel_id: int
    sent: list[int]
    last_renewed: datetime | None  # set when taken over: look for unrecorded messages after it


class DigestPublisher:
    """Posts digests through a ``DigestPoster``; the database decides who posts what."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        schedules: DigestConfigService,
        composer: DigestComposer,
        *,
        grace: timedelta,
        lease: timedelta,
        process_id: str | None = None,
        clock: Clock = utcnow,
        metrics: Metrics | None = None,
    ) -> None:
        self._sessions = sessions
        self._schedules = schedules
        self._composer = composer
        self._grace = grace
        self._lease = lease
        self.process_id = process_id or default_process_id()
        self._clock = clock
        self._metrics = metrics or Metrics()

    async def run_due(self, port: DigestPoster, guild_id: int) -> PublishResult:
        """Post the guild's most recent due digest unless done; too late → recorded as skipped.

        The scheduled job and the catch-up at start both call this.
        """
        schedule = await self._schedules.get(guild_id)
        if schedule is None or not schedule.enabled:
            return PublishResult(Outcome.NOT_SCHEDULED)
        due = schedule.slot.latest_due(self._clock())
        return self._counted(
            await self._publish(port, schedule, due.covered_week, due_at=due.due_at)
        )

    async def post_now(self, port: DigestPoster, guild_id: int) -> PublishResult:
        """``/digest now``: this week's digest (of last week), through the same claim.

        Never a second post of a week; a week that was skipped (missed, or empty then) is
        claimed again and posted.
        """
        schedule = await self._schedules.get(guild_id)
        if schedule is None:
            return PublishResult(Outcome.NOT_SCHEDULED)
        week = current_week_digest(schedule.slot, self._clock())
        return self._counted(await self._publish(port, schedule, week, due_at=None))

    def _counted(self, result: PublishResult) -> PublishResult:
        self._metrics.digest_posted(result.outcome.value)
        return result

    async def catch_up(self, port: DigestPoster) -> list[PublishResult]:
        """At start (and hourly): post what was missed within the grace window, skip the rest,
        and recover claims whose holder died or failed mid-way."""
        results = []
        for schedule in await self._schedules.enabled():
            try:
                results.append(await self.run_due(port, schedule.guild_id))
            except Exception:
                # One guild's failure must not keep the others' digests from being posted.
                log.exception("digest catch-up failed for guild %s", schedule.guild_id)
        return results

    async def upcoming_week(self, guild_id: int) -> IsoWeek:
        """The week the guild's next digest covers (the default schedule's if it has none)."""
        schedule = await self._schedules.get(guild_id)
        slot = schedule.slot if schedule is not None else DEFAULT_SLOT
        return slot.next_due(self._clock()).covered_week

    async def preview(self, guild_id: int, week: IsoWeek) -> list[str]:
        """The guild's digest of ``week`` as it would be posted (nothing is recorded)."""
        return await self._composer.compose(guild_id, week)

    async def preview_chart(self, guild_id: int, week: IsoWeek) -> DigestChart | None:
        """The chart the digest of ``week`` would carry (None: none, or drawing failed)."""
        return await self._chart(guild_id, week)

    async def _chart(self, guild_id: int, week: IsoWeek) -> DigestChart | None:
        try:
            return await self._composer.chart(guild_id, week)
        except Exception:
            # A picture is a bonus: the digest's text goes out without it.
            log.exception("drawing the digest chart of guild %s %s failed", guild_id, week)
            return None

    async def _publish(
        self, port: DigestPoster, schedule: ScheduleInfo, week: IsoWeek, *, due_at: datetime | None
    ) -> PublishResult:
        claim_or_result = await self._acquire(schedule, week, manual=due_at is None)
        if isinstance(claim_or_result, PublishResult):
            return claim_or_result
        claim = claim_or_result
        if due_at is not None and self._clock() - due_at > self._grace:
            reason = f"missed: due {due_at.isoformat()}, grace window of {self._grace} passed"
            await self._skip(schedule.guild_id, week, reason)
            return PublishResult(Outcome.TOO_LATE, week, claim.channel_id, tuple(claim.sent))
        try:
            parts = await self._composer.compose(schedule.guild_id, week)
        except Exception as error:
            # Not left claimed until a takeover: skipped, so /digest now can post it once fixed.
            await self._skip(schedule.guild_id, week, f"composing failed: {error!r}")
            raise
        if not parts:
            await self._skip(schedule.guild_id, week, "nothing to show this week")
            return PublishResult(Outcome.NOTHING_TO_POST, week, claim.channel_id)
        if claim.last_renewed is not None:
            await self._find_unrecorded(port, claim)
        # The chart is its own message after the text: drawn only if it is still to be sent.
        needs_chart = len(claim.sent) <= len(parts)
        chart = await self._chart(schedule.guild_id, week) if needs_chart else None
        return await self._send(port, schedule.guild_id, claim, parts, chart)

    async def _acquire(
        self, schedule: ScheduleInfo, week: IsoWeek, *, manual: bool
    ) -> _Claim | PublishResult:
        """Claim the guild-week, or take over an abandoned claim; else why not."""
        now = self._clock()
        async with self._sessions() as session:
            digests = DigestRepository(session)
            won = await digests.claim_week(
                schedule.guild_id, str(week), self.process_id, now, channel_id=schedule.channel_id
            )
            if won:
                await session.commit()
                return _Claim(week, schedule.channel_id, [], None)
            row = await digests.get(schedule.guild_id, str(week))
            assert row is not None  # claim_week lost to an existing row
            if row.status is DigestStatus.POSTED:
                return PublishResult(
                    Outcome.ALREADY_POSTED, week, row.channel_id, tuple(row.message_ids)
                )
            if row.status is DigestStatus.SKIPPED:
                if manual and await digests.reclaim_skipped(
                    schedule.guild_id,
                    str(week),
                    self.process_id,
                    now,
                    channel_id=schedule.channel_id,
                ):
                    await session.commit()
                    return _Claim(week, schedule.channel_id, [], None)
                return PublishResult(Outcome.ALREADY_SKIPPED, week, row.channel_id)
            taken = await digests.take_over(
                schedule.guild_id, str(week), self.process_id, now, stale_before=now - self._lease
            )
            if not taken:
                return PublishResult(Outcome.IN_PROGRESS, week, row.channel_id)
            await session.commit()
            log.warning(
                "took over the digest of guild %s %s from %s (last renewed %s)",
                schedule.guild_id,
                week,
                row.claimed_by,
                row.claimed_at,
            )
            channel_id = row.channel_id or schedule.channel_id
            return _Claim(week, channel_id, list(row.message_ids), row.claimed_at)

    async def _find_unrecorded(self, port: DigestPoster, claim: _Claim) -> None:
        """Add messages the dead holder sent after its last renewal but never recorded."""
        assert claim.last_renewed is not None
        found = await port.own_messages_since(claim.channel_id, claim.last_renewed - CLOCK_MARGIN)
        claim.sent.extend(m for m in found if m not in claim.sent)

    async def _send(
        self,
        port: DigestPoster,
        guild_id: int,
        claim: _Claim,
        parts: list[str],
        chart: DigestChart | None,
    ) -> PublishResult:
        week = str(claim.week)
        messages: list[tuple[str, DigestChart | None]] = [(part, None) for part in parts]
        if chart is not None:
            messages.append((chart.caption, chart))
        for content, attached in messages[len(claim.sent) :]:
            async with self._sessions() as session:
                held = await DigestRepository(session).renew(
                    guild_id, week, self.process_id, self._clock(), claim.sent
                )
                await session.commit()
            if not held:
                log.error("lost the digest claim of guild %s %s while posting", guild_id, week)
                return PublishResult(Outcome.LOST_CLAIM, claim.week, claim.channel_id)
            try:
                claim.sent.append(await port.send(claim.channel_id, content, chart=attached))
            except DigestChannelUnavailableError as error:
                await self._skip(guild_id, claim.week, f"channel unavailable: {error}")
                return PublishResult(Outcome.CHANNEL_UNAVAILABLE, claim.week, claim.channel_id)
        async with self._sessions() as session:
            posted = await DigestRepository(session).mark_posted(
                guild_id, week, claim.sent, self._clock(), claimed_by=self.process_id
            )
            await session.commit()
        if not posted:
            return PublishResult(Outcome.LOST_CLAIM, claim.week, claim.channel_id)
        return PublishResult(Outcome.POSTED, claim.week, claim.channel_id, tuple(claim.sent))

    async def _skip(self, guild_id: int, week: IsoWeek, reason: str) -> None:
        async with self._sessions() as session:
            await DigestRepository(session).mark_skipped(
                guild_id, str(week), reason, claimed_by=self.process_id
            )
            await session.commit()
