"""The replies of ``/digest config`` and ``/digest now``, in the member's language."""

from __future__ import annotations

from datetime import datetime

from bot.i18n import _
from bot.i18n.messages.digest import WEEKDAYS, Digest
from bot.services.digest.config import ScheduleInfo
from bot.services.digest.publisher import Outcome, PublishResult

_OUTCOME_TEXT = {
    Outcome.POSTED: Digest.POSTED,
    Outcome.ALREADY_POSTED: Digest.ALREADY_POSTED,
    Outcome.ALREADY_SKIPPED: Digest.ALREADY_SKIPPED,
    Outcome.TOO_LATE: Digest.ALREADY_SKIPPED,
    Outcome.IN_PROGRESS: Digest.IN_PROGRESS,
    Outcome.LOST_CLAIM: Digest.IN_PROGRESS,
    Outcome.NOTHING_TO_POST: Digest.NOTHING_TO_POST,
    Outcome.CHANNEL_UNAVAILABLE: Digest.CHANNEL_UNAVAILABLE,
    Outcome.NOT_SCHEDULED: Digest.NOT_CONFIGURED,
}


def discord_timestamp(moment: datetime) -> str:
    """A date every member's client shows in their own language and time zone."""
    return f"<t:{int(moment.timestamp())}:F>"


def schedule_summary(schedule: ScheduleInfo, next_due: datetime | None) -> str:
    fields = {
        "channel": f"<#{schedule.channel_id}>",
        "weekday": _(WEEKDAYS[schedule.slot.weekday]),
        "time": schedule.slot.local_time.strftime("%H:%M"),
        "timezone": schedule.slot.timezone,
    }
    if schedule.enabled and next_due is not None:
        return _(Digest.SCHEDULED, next=discord_timestamp(next_due), **fields)
    return _(Digest.OFF, **fields)


def publish_reply(result: PublishResult) -> str:
    channel = f"<#{result.channel_id}>" if result.channel_id else "?"
    return _(_OUTCOME_TEXT[result.outcome], week=str(result.week), channel=channel)
