"""Digest selection on real databases: cross-side ranking, balance, opt-out and deletion."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.digest.planner import DigestPlanner
from bot.services.digest.weeks import IsoWeek
from db.enums import Side
from db.models import DigestSchedule
from tests.support.digest_week import WEEK_START, WeekWriter

WEEK = IsoWeek(2025, 3)
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


async def _lively(
    writer: WeekWriter, side: Side, text: str, *, asker: int, day: int, replies: int, crossing: bool
) -> int:
    """A question with ``replies`` replies, all from the other side if ``crossing``."""
    at = WEEK_START + day * DAY
    question = await writer.question(side, text, asker=asker, at=at)
    for number in range(replies):
        reply_side = side.other if crossing else side
        await writer.reply(
            question, reply_side, f"reply {number}", author=500 + number, at=at + number * HOUR
        )
    return question.id


async def test_crossing_sides_beats_a_longer_one_sided_thread(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        writer = WeekWriter(session)
        await writer.guild()
        one_sided = await _lively(
            writer, Side.EN, "Tabs or spaces?", asker=1, day=1, replies=6, crossing=False
        )
        crossing = await _lively(
            writer,
            Side.EN,
            "Does every Chinese person own a panda?",
            asker=2,
            day=2,
            replies=4,
            crossing=True,
        )
        await session.commit()

    picked = await DigestPlanner(session_factory).select_highlights(1, WEEK)

    assert picked.question_of_the_week is not None
    assert picked.question_of_the_week.question_id == crossing
    assert [e.question_id for e in picked.top_exchanges] == [one_sided]
    numbers = picked.question_of_the_week.engagement
    assert (numbers.en_messages, numbers.zh_messages, numbers.participants) == (1, 4, 5)


async def test_each_side_gets_its_share_of_the_slots(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        writer = WeekWriter(session)
        await writer.guild()
        chinese = [
            await _lively(
                writer, Side.ZH, f"问题{n}", asker=10 + n, day=n % 7, replies=8, crossing=True
            )
            for n in range(10)
        ]
        english = [
            await _lively(
                writer, Side.EN, f"Question {n}", asker=30 + n, day=n, replies=1, crossing=True
            )
            for n in range(5)
        ]
        await session.commit()

    picked = await DigestPlanner(session_factory, slots=6).select_highlights(1, WEEK)

    assert picked.question_of_the_week is not None
    assert picked.question_of_the_week.question_id in chinese  # the liveliest of all
    sides = [e.question.side for e in picked.top_exchanges]
    # 7 places in all: the Chinese side 3 (with the question of the week), the English side 4,
    # although every Chinese question was busier than every English one.
    assert sides.count(Side.EN) == 4 and sides.count(Side.ZH) == 2
    assert {e.question_id for e in picked.top_exchanges if e.question.side is Side.EN} < set(
        english
    )


async def test_a_side_with_too_few_questions_leaves_its_places_to_the_other(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        writer = WeekWriter(session)
        await writer.guild()
        for n in range(8):
            await _lively(
                writer, Side.ZH, f"问题{n}", asker=10 + n, day=n % 7, replies=2, crossing=True
            )
        await _lively(writer, Side.EN, "Only one", asker=40, day=3, replies=1, crossing=True)
        await session.commit()

    picked = await DigestPlanner(session_factory, slots=6).select_highlights(1, WEEK)

    assert len(picked.top_exchanges) == 6
    assert [e.question.side for e in picked.top_exchanges].count(Side.EN) == 1


async def test_opted_out_members_and_deleted_messages_never_appear(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    at = WEEK_START + DAY
    async with session_factory() as session:
        writer = WeekWriter(session)
        await writer.guild()
        await writer.member(66, opted_out=True)
        await writer.member(77, opted_out=False)
        hidden_asker = await writer.question(Side.EN, "Secret question", asker=66, at=at)
        deleted = await writer.question(Side.ZH, "删掉的问题", asker=77, at=at, deleted=True)
        shown = await writer.question(Side.EN, "Do Americans need two jobs?", asker=77, at=at)
        for question in (hidden_asker, deleted):
            await writer.reply(question, question.origin_side.other, "many", author=5, at=at)
        # The most-reacted answers are from an opted-out member or deleted: the next one wins.
        await writer.reply(shown, Side.ZH, "退出的人的回答", author=66, at=at, reactions=(9, 9))
        await writer.reply(
            shown, Side.ZH, "被删除的回答", author=5, at=at, reactions=(8, 8), deleted=True
        )
        await writer.reply(
            shown, Side.ZH, "不是每个人都要打两份工", author=6, at=at, reactions=(1, 1)
        )
        await writer.pair(66, 6, at=at)
        await writer.pair(77, 6, at=at)
        await writer.newcomer(66, at=at)
        await writer.newcomer(6, at=at)
        await session.commit()

    picked = await DigestPlanner(session_factory).select_highlights(1, WEEK)

    assert picked.question_of_the_week is not None
    assert picked.question_of_the_week.question_id == shown.id
    assert picked.top_exchanges == []
    answer = picked.question_of_the_week.best_answer
    assert answer is not None and answer.original == "不是每个人都要打两份工"
    # Deleted replies do not count; the opted-out member's reply counts, anonymously.
    assert picked.question_of_the_week.engagement.zh_messages == 2
    assert picked.new_pairs == [(77, 6)]
    assert picked.newcomers == [6]


async def test_a_guild_that_hides_members_by_default_shows_only_those_who_opted_in(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    at = WEEK_START + DAY
    async with session_factory() as session:
        writer = WeekWriter(session)
        await writer.guild(opted_out_by_default=True)
        await writer.member(77, opted_out=False)
        await writer.question(Side.EN, "Nobody said yes", asker=66, at=at)
        shown = await writer.question(Side.EN, "I opted in", asker=77, at=at)
        await writer.newcomer(66, at=at)
        await writer.newcomer(77, at=at)
        await session.commit()

    picked = await DigestPlanner(session_factory).select_highlights(1, WEEK)

    assert picked.question_of_the_week is not None
    assert picked.question_of_the_week.question_id == shown.id
    assert picked.top_exchanges == []
    assert picked.newcomers == [77]


async def test_the_week_is_counted_on_the_digest_time_zone(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        writer = WeekWriter(session)
        await writer.guild()
        # Sunday 23:30 in Shanghai is still week 3 there; Monday 00:30 is week 4.
        inside = await writer.question(
            Side.ZH, "周日晚上", asker=1, at=WEEK_START + 7 * DAY - timedelta(minutes=30)
        )
        await writer.question(
            Side.ZH, "周一凌晨", asker=1, at=WEEK_START + 7 * DAY + timedelta(minutes=30)
        )
        await writer.question(Side.EN, "Before", asker=1, at=WEEK_START - timedelta(minutes=1))
        await session.commit()

    picked = await DigestPlanner(session_factory).select_highlights(1, WEEK)
    assert picked.question_of_the_week is not None
    assert picked.question_of_the_week.question_id == inside.id
    assert picked.top_exchanges == []

    async with session_factory() as session:
        session.add(DigestSchedule(guild_id=1, channel_id=5, timezone="America/New_York"))
        await session.commit()
    # New York's week 3 starts Monday 05:00 UTC: both Sunday-night Shanghai questions are in
    # it, the one from Sunday afternoon UTC is not.
    in_new_york = await DigestPlanner(session_factory).select_highlights(1, WEEK)
    assert in_new_york.timezone == "America/New_York"
    assert in_new_york.question_of_the_week is not None
    shown = [in_new_york.question_of_the_week, *in_new_york.top_exchanges]
    assert sorted(e.question.original for e in shown) == ["周一凌晨", "周日晚上"]


async def test_numbers_per_side(session_factory: async_sessionmaker[AsyncSession]) -> None:
    at = WEEK_START + DAY
    async with session_factory() as session:
        writer = WeekWriter(session)
        await writer.guild()
        for minutes in (30, 90, 600, 1000):
            await writer.question(
                Side.ZH, "问", asker=1, at=at, answered_after=timedelta(minutes=minutes)
            )
        await writer.question(Side.ZH, "没人回答", asker=1, at=at)
        await writer.question(Side.EN, "Unanswered", asker=2, at=at)
        await session.commit()

    picked = await DigestPlanner(session_factory).select_highlights(1, WEEK)

    english, chinese = picked.stats
    assert (english.side, english.asked, english.answered) == (Side.EN, 1, 0)
    assert english.median_answer_seconds is None
    assert (chinese.side, chinese.asked, chinese.answered) == (Side.ZH, 5, 4)
    assert chinese.median_answer_seconds is not None
    assert abs(chinese.median_answer_seconds - (90 + 600) / 2 * 60) < 1


async def test_an_empty_or_unknown_guild(session_factory: async_sessionmaker[AsyncSession]) -> None:
    unknown = await DigestPlanner(session_factory).select_highlights(404, WEEK)
    assert unknown.is_empty
    async with session_factory() as session:
        await WeekWriter(session).guild()
        await session.commit()
    quiet = await DigestPlanner(session_factory).select_highlights(1, WEEK)
    assert quiet.is_empty
    assert [(s.asked, s.answered) for s in quiet.stats] == [(0, 0), (0, 0)]
