"""What the digest reads for "learning this week" and for the chart of the week."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.digest.chart import WeekCounts
from bot.services.digest.highlights import (
    CorrectionHighlight,
    ImprovementHighlight,
    LearningHighlights,
)
from bot.services.digest.weeks import IsoWeek
from bot.services.discord_text import jump_url
from db.enums import Side
from db.models import Correction, TranslationMemoryEntry
from db.repositories.digest_community import DigestCommunityRepository
from db.repositories.digest_learning import DigestLearningRepository

# A few of each: the section celebrates, it does not grade the whole week.
MAX_CORRECTIONS = 3
MAX_IMPROVEMENTS = 3


async def select_learning(
    session: AsyncSession,
    guild_id: int,
    start: datetime,
    end: datetime,
    *,
    opted_out_by_default: bool,
) -> LearningHighlights:
    """The week's most helpful corrections and improved translations (visible members only)."""
    learning = DigestLearningRepository(session)
    corrections = await learning.helpful_corrections(
        guild_id, start, end, limit=MAX_CORRECTIONS, opted_out_by_default=opted_out_by_default
    )
    improvements = await learning.improvements(
        guild_id, start, end, limit=MAX_IMPROVEMENTS, opted_out_by_default=opted_out_by_default
    )
    return LearningHighlights(
        corrections=[_correction(guild_id, row) for row in corrections.rows],
        corrections_total=corrections.total,
        improvements=[_improvement(row) for row in improvements.rows],
        improvements_total=improvements.total,
    )


async def week_counts(
    session: AsyncSession, guild_id: int, week: IsoWeek, timezone: str
) -> WeekCounts:
    """Questions asked and answers posted per side per day of ``week`` in the digest's time
    zone."""
    start, end = week.bounds_utc(timezone)
    community = DigestCommunityRepository(session)
    asked = await community.question_times(guild_id, start, end)
    answers = await community.answer_times(guild_id, start, end)
    return count_days(week, timezone, asked, answers)


def count_days(
    week: IsoWeek,
    timezone: str,
    asked_times: Iterable[tuple[Side, datetime]],
    answer_times: Iterable[tuple[Side, datetime]] = (),
) -> WeekCounts:
    """Buckets (side, asked at) and (side, answered at) into the week's local days."""
    zone = ZoneInfo(timezone)
    days = tuple(week.monday() + timedelta(days=n) for n in range(7))
    index = {day: n for n, day in enumerate(days)}
    asked = {side: [0] * 7 for side in Side}
    answers = {side: [0] * 7 for side in Side}

    def day_of(moment: datetime) -> int | None:
        local: date = moment.astimezone(zone).date()
        return index.get(local)

    for side, asked_at in asked_times:
        if (day := day_of(asked_at)) is not None:
            asked[side][day] += 1
    for side, answered_at in answer_times:
        if (day := day_of(answered_at)) is not None:
            answers[side][day] += 1
    return WeekCounts(
        week=str(week),
        days=days,
        asked={side: tuple(values) for side, values in asked.items()},
        answers={side: tuple(values) for side, values in answers.items()},
    )


def _correction(guild_id: int, row: Correction) -> CorrectionHighlight:
    card = row.card_message_id
    return CorrectionHighlight(
        language=row.language,
        learner_id=row.learner_id,
        corrector_id=row.corrector_id,
        original=row.original_text,
        corrected=row.corrected_text,
        note=row.note,
        helpful_count=row.helpful_count,
        card_url=jump_url(guild_id, row.channel_id, card) if card else None,
    )


def _improvement(row: TranslationMemoryEntry) -> ImprovementHighlight:
    return ImprovementHighlight(
        source_side=row.source_side,
        source=row.source_text,
        machine=row.machine_text,
        human=row.human_text,
        editor_id=row.editor_id,
    )
