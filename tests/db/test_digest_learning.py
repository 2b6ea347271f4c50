"""The digest's "learning this week" on real databases: who may appear, ranking, limits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import LOCALE_DIR, Catalogs, install_catalogs
from bot.services.digest.composer import WeeklyDigestComposer
from bot.services.digest.weeks import IsoWeek
from bot.services.discord_text import MESSAGE_LIMIT, discord_length
from db.enums import Side
from tests.support.digest_week import GUILD, WEEK_START, WeekWriter
from tests.support.learning_rows import add_correction, add_improvement

WEEK = IsoWeek(2025, 3)
DAY = timedelta(days=1)
LEARNER, CORRECTOR, SHY, EDITOR, AUTHOR = 501, 502, 503, 504, 505


@pytest.fixture(autouse=True)
def catalogs() -> Iterator[None]:
    install_catalogs(Catalogs.load(LOCALE_DIR))
    yield
    install_catalogs(None)


async def _guild(session: AsyncSession, **options: bool) -> WeekWriter:
    writer = WeekWriter(session)
    await writer.guild(**options)
    return writer


async def test_thanked_corrections_rank_by_helpfulness_and_shy_members_never_appear(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        writer = await _guild(session)
        await writer.member(SHY, opted_out=True)
        at = WEEK_START + DAY
        add = add_correction
        await add(
            session,
            GUILD,
            learner=LEARNER,
            corrector=CORRECTOR,
            at=at,
            original="我昨天去了商店了",
            corrected="我昨天去了商店",
            helpful=2,
        )
        await add(
            session,
            GUILD,
            learner=LEARNER,
            corrector=CORRECTOR,
            at=at + DAY,
            original="I has a cat",
            corrected="I have a cat",
            language=Side.EN,
            helpful=5,
            note="has → have 用于 I",
        )
        # Left out: the learner opted out, the corrector opted out, never thanked, last week.
        await add(
            session,
            GUILD,
            learner=SHY,
            corrector=CORRECTOR,
            at=at,
            original="shy learner text",
            corrected="x",
            language=Side.EN,
            helpful=9,
        )
        await add(
            session,
            GUILD,
            learner=LEARNER,
            corrector=SHY,
            at=at,
            original="shy corrector text",
            corrected="x",
            language=Side.EN,
            helpful=9,
        )
        await add(
            session,
            GUILD,
            learner=LEARNER,
            corrector=CORRECTOR,
            at=at,
            original="unthanked text",
            corrected="x",
            language=Side.EN,
            helpful=0,
        )
        await add(
            session,
            GUILD,
            learner=LEARNER,
            corrector=CORRECTOR,
            at=WEEK_START - DAY,
            original="last week text",
            corrected="x",
            language=Side.EN,
            helpful=9,
        )
        await session.commit()

    markdown = await WeeklyDigestComposer(session_factory).compose_markdown(GUILD, WEEK)

    assert "### 🌱 Learning this week · 本周学习" in markdown
    assert "**✏️ Most helpful corrections · 最有帮助的纠正**" in markdown
    assert markdown.index("I has a cat") < markdown.index("我昨天去了商店了")  # 5 before 2
    assert "> 🇺🇸 I has a cat\n> ✏️ I have a cat\n> 💬 has → have 用于 I\n" in markdown
    assert f"@{LEARNER} 🙏 @{CORRECTOR} · 👍 5 [↗](<https://discord.com/channels/" in markdown
    for hidden in ("shy learner", "shy corrector", "unthanked", "last week", f"@{SHY}"):
        assert hidden not in markdown
    # The section sits before the numbers, and a learning-only week is worth a post.
    assert markdown.index("Learning this week") < markdown.index("This week in numbers")
    assert await WeeklyDigestComposer(session_factory).compose(GUILD, WEEK) != []


async def test_improvements_need_a_visible_editor_and_author_and_must_still_stand(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        writer = await _guild(session)
        await writer.member(SHY, opted_out=True)
        at = WEEK_START + 2 * DAY
        add = add_improvement
        await add(
            session,
            GUILD,
            editor=EDITOR,
            author=AUTHOR,
            at=at,
            source="他很会来事",
            machine="He will come",
            human="He knows how to get along",
        )
        await add(
            session,
            GUILD,
            editor=SHY,
            author=AUTHOR,
            at=at,
            source="shy editor",
            machine="m",
            human="h",
        )
        await add(
            session,
            GUILD,
            editor=EDITOR,
            author=SHY,
            at=at,
            source="shy author",
            machine="m",
            human="h",
        )
        await add(
            session,
            GUILD,
            editor=EDITOR,
            author=None,
            at=at,
            source="unknown author",
            machine="m",
            human="h",
        )
        await add(
            session,
            GUILD,
            editor=EDITOR,
            author=AUTHOR,
            at=at,
            reverted=True,
            source="reverted source",
            machine="m",
            human="h",
        )
        await session.commit()

    markdown = await WeeklyDigestComposer(session_factory).compose_markdown(GUILD, WEEK)

    assert "**🛠️ Translations improved by members · 成员改进的翻译**" in markdown
    assert (
        "-# 🤖 machine translation → ✨ improved by a member · 🤖 机器翻译 → ✨ 成员改进后"
        in markdown
    )
    assert (
        f"> 🇨🇳 他很会来事\n> 🤖 ~~He will come~~\n> ✨ He knows how to get along\n🛠️ @{EDITOR}"
    ) in markdown
    assert "Most helpful corrections" not in markdown  # no thanked correction: no sub-heading
    for hidden in ("shy editor", "shy author", "unknown author", "reverted source"):
        assert hidden not in markdown


async def test_a_guild_hidden_by_default_shows_only_members_who_opted_in(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        writer = await _guild(session, opted_out_by_default=True)
        await writer.member(LEARNER, opted_out=False)
        await writer.member(CORRECTOR, opted_out=False)
        at = WEEK_START + DAY
        await add_correction(
            session,
            GUILD,
            learner=LEARNER,
            corrector=CORRECTOR,
            at=at,
            original="both opted in",
            corrected="x",
            language=Side.EN,
        )
        await add_correction(
            session,
            GUILD,
            learner=LEARNER,
            corrector=EDITOR,
            at=at,
            original="corrector never chose",
            corrected="x",
            language=Side.EN,
        )
        await session.commit()
    markdown = await WeeklyDigestComposer(session_factory).compose_markdown(GUILD, WEEK)
    assert "both opted in" in markdown and "corrector never chose" not in markdown


async def test_many_long_items_stay_within_limits_with_the_rest_counted(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    long_chinese = "我觉得这个句子有一点问题，" * 200
    async with session_factory() as session:
        await _guild(session, prefer_traditional=True)
        for number in range(8):
            at = WEEK_START + timedelta(hours=number)
            await add_correction(
                session,
                GUILD,
                learner=LEARNER,
                corrector=CORRECTOR,
                at=at,
                original=f"{number} {long_chinese}",
                corrected=long_chinese,
                note="**注意** @everyone <@1> " * 40,
                helpful=number,
            )
            await add_improvement(
                session,
                GUILD,
                editor=EDITOR,
                author=AUTHOR,
                at=at,
                source=f"{number} {long_chinese}",
                machine="x " * 900,
                human="y " * 900,
            )
        await session.commit()

    messages = await WeeklyDigestComposer(session_factory).compose(GUILD, WEEK)

    assert all(0 < discord_length(m) <= MESSAGE_LIMIT for m in messages)
    joined = "\n\n".join(messages)
    assert "本週學習" in joined and "我覺得這個句子" in joined  # zh_TW catalog, Traditional text
    # The three most helpful (7, 6, 5 thanks), then how many more; one escaped note each.
    assert [n for n in range(1, 8) if f"👍 {n} " in joined] == [5, 6, 7]
    assert "… and 4 more helpful corrections · 還有 4 則有幫助的糾正" in joined
    assert "… and 5 more improved translations · 還有 5 則改進的翻譯" in joined
    assert "\\*\\*注意\\*\\*" in joined and "@everyone" not in joined.replace("@\u200beveryone", "")
    assert "<@1>" not in joined
