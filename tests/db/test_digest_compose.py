"""The composer end to end on real databases: what the scheduler posts and the CLI prints."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import LOCALE_DIR, Catalogs, install_catalogs
from bot.services.digest.composer import WeeklyDigestComposer
from bot.services.digest.ports import DigestComposer
from bot.services.digest.weeks import IsoWeek
from bot.services.discord_text import MESSAGE_LIMIT, discord_length
from db.enums import Side
from tests.support.digest_week import WEEK_START, WeekWriter

WEEK = IsoWeek(2025, 3)
LONG_CHINESE = "大家好！请问美国人真的需要打两份工吗？我很好奇这是不是真的。" * 40


@pytest.fixture(autouse=True)
def catalogs() -> Iterator[None]:
    install_catalogs(Catalogs.load(LOCALE_DIR))
    yield
    install_catalogs(None)


async def _busy_week(sessions: async_sessionmaker[AsyncSession], *, traditional: bool) -> None:
    async with sessions() as session:
        writer = WeekWriter(session)
        await writer.guild(prefer_traditional=traditional)
        for number in range(300):
            side = Side.ZH if number % 3 else Side.EN
            at = WEEK_START + timedelta(minutes=30 * number)
            text = f"{number} {LONG_CHINESE}" if side is Side.ZH else f"{number} " + "word " * 500
            question = await writer.question(side, text, asker=number, at=at)
            answer, translation = (
                ("Long answer " * 300, LONG_CHINESE)
                if side is Side.ZH
                else (LONG_CHINESE, "Long answer " * 300)
            )
            for reply in range(number % 5):
                await writer.reply(
                    question,
                    side.other,
                    answer,
                    author=1000 + reply,
                    at=at,
                    translation=translation,
                    reactions=(reply, number % 7),
                )
        for number in range(150):
            await writer.pair(2000 + number, 3000 + number, at=WEEK_START + timedelta(hours=1))
            await writer.newcomer(4000 + number, at=WEEK_START + timedelta(hours=2))
        await session.commit()


async def test_a_very_busy_week_is_posted_within_discord_limits(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _busy_week(session_factory, traditional=False)
    composer: DigestComposer = WeeklyDigestComposer(session_factory)

    messages = await composer.compose(1, WEEK)

    assert len(messages) >= 4
    assert all(0 < discord_length(m) <= MESSAGE_LIMIT for m in messages)
    assert messages[0].startswith(
        "## 📰 Yiqi weekly digest 2025-W03 (2025-01-13 – 2025-01-19) · "
        "一起周报 2025-W03（2025-01-13 – 2025-01-19）"
    )
    assert "### ⭐ Question of the week · 本周问题" in messages[0]
    joined = "\n\n".join(messages)
    assert joined.count("**6.**") == 1 and "**7.**" not in joined
    assert "<@2000> ↔ <@3000>" in joined and "… and 140 more pairs" in joined
    assert "### 📊 This week in numbers · 本周数据" in messages[-1]


async def test_traditional_guilds_get_traditional_chinese_and_markdown_has_no_mentions(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _busy_week(session_factory, traditional=True)
    composer = WeeklyDigestComposer(session_factory, traditional_config="s2twp")

    markdown = await composer.compose_markdown(1, WEEK)

    assert "美國人真的需要打兩份工嗎" in markdown
    assert "美国人" not in markdown
    assert "本週問題" in markdown
    assert "<@" not in markdown and "@2000 ↔ @3000" in markdown


async def test_a_week_with_nothing_to_show_posts_nothing(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        await WeekWriter(session).guild()
        await session.commit()
    composer = WeeklyDigestComposer(session_factory)
    assert await composer.compose(1, WEEK) == []
    assert "This week in numbers" in await composer.compose_markdown(1, WEEK)


async def test_the_last_complete_week_follows_the_digest_clock(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    composer = WeeklyDigestComposer(session_factory)
    # Monday 2025-01-20 01:00 in Shanghai (Sunday 17:00 UTC): week 3 has just ended there.
    now = datetime(2025, 1, 19, 17, 0, tzinfo=UTC)
    assert await composer.last_complete_week(1, now) == IsoWeek(2025, 3)
