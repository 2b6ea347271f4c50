"""/privacy forget through SimCord, with the translation cache on: a member's forum question,
replies (one edited), pen-pal intro with a WeChat id and a reply quoting him — none of his
words stay in any table, in the cache, or in the other member's mirror."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable

import pytest
from sqlalchemy import func, select

from bot.app import YiqiBot
from bot.settings import Settings
from bot.translation.cache import text_hash
from bot.translation.db_cache import DatabaseTranslationCache
from bot.translation.engine import TranslationEngine
from bot.translation.runtime import LoadedModel
from db.engine import create_engine, create_sessionmaker
from db.models import PenpalReport, TranslationCacheEntry
from demo.virtual_time import SkippingTime
from tests.discord.penpal_steps import accept_both, configured, join_both, match
from tests.discord.support import World, last_reply, link, post_in_forum, relayed
from tests.discord.test_privacy import exported, shown
from tests.support.clock import MovableClock
from tests.support.forgotten_texts import (
    AFTER_EDIT,
    ANSWER,
    BEFORE_EDIT,
    BODY,
    INTRO,
    NEEDLES,
    TITLE,
)
from tests.support.text_scan import found_in_tables


@pytest.fixture
async def simcord_bot(
    make_settings: Callable[[], Settings], zh_en_model: LoadedModel, bot_clock: MovableClock
) -> AsyncIterator[YiqiBot]:
    """The bot of conftest.py, its engine caching in the bot's own database."""
    settings = make_settings()
    db = create_engine(settings.effective_database_url)
    cache = DatabaseTranslationCache(create_sessionmaker(db))
    engine = TranslationEngine({"zh_en": zh_en_model}, cache=cache)
    bot = YiqiBot(settings, translation=engine, time_source=SkippingTime(), clock=bot_clock)
    yield bot
    await bot.close()
    await engine.close()
    await db.dispose()


async def _cached(w: World) -> set[str]:
    async with w.bot.services.sessions() as session:
        return set((await session.scalars(select(TranslationCacheEntry.text_hash))).all())


async def test_forget_leaves_no_trace_and_unquotes_others(
    world: World, discord_locales: dict[int, str]
) -> None:
    w = world
    forum = w.guild.create_forum_channel("中文提问")
    await link(w, w.en_channel, forum)
    post = await post_in_forum(w, forum, w.wei, TITLE, BODY)
    answer = await w.wei.send(post, ANSWER)
    second = await w.wei.send(post, BEFORE_EDIT)
    await w.wei.edit(second, AFTER_EDIT)
    [mirror_thread] = w.en_channel.threads
    answer_mirror = next(m for m in relayed(mirror_thread) if "动物园" in m.content)
    await w.alice.send(mirror_thread, "Zoos only, got it!", reply_to=answer_mirror)
    alice_mirror = next(m for m in relayed(post) if m.author.name == "Alice")
    assert "动物园" in alice_mirror.content and "↩" in alice_mirror.content  # his words quoted

    p = await configured(w)
    discord_locales[w.wei.id] = "zh-CN"
    for member, channel, level, zone, intro in (
        (w.alice, p.en_channel, "beginner", "America/Chicago", "I love hotpot."),
        (w.wei, p.zh_channel, "intermediate", "Asia/Shanghai", INTRO),
    ):
        await member.slash(
            channel, "penpal join", level=level, timezone=zone, intro=intro,
            adult=True, consent=True, interests="food",
        )  # fmt: skip
    await match(p)  # Alice's card carries his intro, translated

    # A forum post is translated with its title on the line before its body.
    translated = {
        text_hash(t) for t in (f"{TITLE}\n{BODY}", ANSWER, BEFORE_EDIT, AFTER_EDIT, INTRO)
    }
    assert translated <= await _cached(w)  # every one, the pre-edit reply too

    data = json.dumps(await exported(w, w.wei), ensure_ascii=False)
    for text in (TITLE, BODY, ANSWER, AFTER_EDIT, "wei_panda88"):
        assert text in data
    assert text_hash(BEFORE_EDIT) in data

    asked = await w.wei.slash(post, "privacy forget")
    done = await w.wei.click(shown(asked), label="删除我的数据")
    assert "其他成员引用了你的消息的副本，已去掉引用：1 条。" in last_reply(done)

    async with w.bot.services.sessions() as session:
        assert await found_in_tables(session, NEEDLES) == []
    assert await _cached(w) & (translated | {text_hash(TITLE), text_hash(BODY)}) == set()
    [still] = [m for m in relayed(post) if m.author.name == "Alice"]
    assert still.id == alice_mirror.id  # edited in place, not reposted
    assert "动物园" not in still.content and "↩" not in still.content
    assert all("动物园" not in m.content for m in relayed(mirror_thread))
    assert answer.id in [m.id for m in post.history()]  # his own Discord post is his


async def test_forget_says_what_it_keeps_for_safety(
    world: World, discord_locales: dict[int, str]
) -> None:
    w = world
    p = await configured(w)
    await join_both(p, discord_locales)  # 小伟 has a Chinese client
    await match(p)
    await accept_both(p)
    reported = await w.alice.slash(w.en_channel, "penpal report", reason="rude messages")
    assert "moderators received" in last_reply(reported)

    asked = await w.wei.slash(w.zh_channel, "privacy forget")
    done = await w.wei.click(shown(asked), label="删除我的数据")
    assert "出于安全考虑保留：1 份与你有关的笔友举报" in last_reply(done)
    async with w.bot.services.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(PenpalReport)) == 1
