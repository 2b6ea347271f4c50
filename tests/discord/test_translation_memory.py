"""Improve a translation through SimCord, with the translation cache on (the bot's database):
consent, the improved mirror, the same text served from memory in another thread, reverts by
a moderator and by the source's author, withdrawing consent, and forgetting."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import discord
import pytest
import simcord
from sqlalchemy import func, select

from bot.app import YiqiBot
from bot.settings import Settings
from bot.translation.db_cache import DatabaseTranslationCache
from bot.translation.engine import TranslationEngine
from bot.translation.runtime import LoadedModel
from db.engine import create_engine, create_sessionmaker
from db.models import Member, TranslationCacheEntry, TranslationMemoryEntry
from demo.virtual_time import SkippingTime
from tests.discord.support import World, bridged, last_reply, only_thread, relayed
from tests.discord.test_privacy import CONFIRM, exported, shown
from tests.support.clock import MovableClock

QUESTION = "你们那里的超市东西贵吗？"
REPLY = "我喜欢喝茶。"
BETTER = "I really love drinking tea."
MENU = "Improve translation"


@pytest.fixture
async def simcord_bot(
    make_settings: Callable[[], Settings], zh_en_model: LoadedModel, bot_clock: MovableClock
) -> AsyncIterator[YiqiBot]:
    """The bot of conftest.py, its engine caching in the bot's own database."""
    settings = make_settings()
    db = create_engine(settings.effective_database_url)
    engine = TranslationEngine(
        {"zh_en": zh_en_model}, cache=DatabaseTranslationCache(create_sessionmaker(db))
    )
    bot = YiqiBot(settings, translation=engine, time_source=SkippingTime(), clock=bot_clock)
    yield bot
    await bot.close()
    await engine.close()
    await db.dispose()


async def _entries(w: World) -> list[TranslationMemoryEntry]:
    async with w.bot.services.sessions() as session:
        return list((await session.scalars(select(TranslationMemoryEntry))).all())


async def _cached_rows(w: World) -> int:
    async with w.bot.services.sessions() as session:
        count = await session.scalar(select(func.count()).select_from(TranslationCacheEntry))
        return int(count or 0)


async def _asked_and_answered(world: World) -> tuple[World, simcord.ChannelHandle]:
    """小伟 asks in Chinese and replies in his thread; returns the English mirror thread."""
    w = await bridged(world)
    await w.wei.send(w.zh_channel, QUESTION)
    await w.wei.send(only_thread(w.zh_channel), REPLY)
    return w, only_thread(w.en_channel)


def _mirror_of_reply(thread: simcord.ChannelHandle) -> discord.Message:
    return relayed(thread)[-1]


async def _improve(
    member: simcord.MemberActor,
    thread: simcord.ChannelHandle,
    message: discord.Message,
    text: str,
    *,
    agree: bool = True,
) -> simcord.InteractionResult:
    """The member opens the menu, agrees when asked (first time), and submits ``text``."""
    opened = await member.context_menu(thread, MENU, message)
    if opened.modal is None:  # consent asked first
        assert opened.ephemeral and "Nothing is kept unless you agree" in last_reply(opened)
        opened = await member.click(shown(opened), label="I agree" if agree else "No thanks")
        if not agree:
            return opened
    assert opened.modal is not None
    [field] = [c for row in opened.modal["components"] for c in row["components"]]
    return await member.submit_modal(opened, {field["custom_id"]: text})


@pytest.mark.realmodel
async def test_improve_serve_from_memory_then_moderator_revert(world: World) -> None:
    w, mirror_thread = await _asked_and_answered(world)
    machine = _mirror_of_reply(mirror_thread).content
    assert "tea" in machine.lower() and "improved by" not in machine
    assert await _cached_rows(w) > 0  # the model's translation is cached

    mirror_id = _mirror_of_reply(mirror_thread).id
    requests_before = len(w.env.http_requests)
    done = await _improve(w.alice, mirror_thread, _mirror_of_reply(mirror_thread), BETTER)
    assert "Thank you" in last_reply(done)
    improved = _mirror_of_reply(mirror_thread).content
    # One edit of the mirror, through the webhook (the relay's outbox).
    edits = [
        r
        for r in w.env.http_requests[requests_before:]
        if r.method == "PATCH" and r.path.endswith(f"/messages/{mirror_id}")
    ]
    assert len(edits) == 1
    assert improved.startswith(BETTER)
    assert "-# 🇨🇳 ✍️ improved by Alice · Original: 我喜欢喝茶。" in improved
    [entry] = await _entries(w)
    assert (entry.human_text, entry.editor_id, entry.source_author_id) == (
        BETTER,
        w.alice.id,
        w.wei.id,
    )
    assert entry.machine_text in machine and entry.source_text == REPLY

    # The same words later, in another question's thread: served from memory.
    await w.wei.send(w.zh_channel, "你们周末一般做什么？")
    second_origin = next(t for t in w.zh_channel.threads if (t.name or "").startswith("你们周末"))
    await w.wei.send(second_origin, REPLY)
    second_mirror = next(t for t in w.en_channel.threads if t.id != mirror_thread.id)
    assert _mirror_of_reply(second_mirror).content.startswith(BETTER)

    listed = await w.admin.slash(w.en_channel, "tm list")
    assert f"#{entry.id}" in last_reply(listed) and BETTER in last_reply(listed)
    reverted = await w.admin.slash(w.en_channel, "tm revert", entry=entry.id)
    assert "reverted" in last_reply(reverted)
    # Both mirrors show the model's translation again, not the human one (cached or not).
    for thread in (mirror_thread, second_mirror):
        assert _mirror_of_reply(thread).content == machine
    [entry] = await _entries(w)
    assert entry.reverted_by == w.admin.id


@pytest.mark.realmodel
async def test_no_thanks_keeps_nothing(world: World) -> None:
    w, mirror_thread = await _asked_and_answered(world)
    before = _mirror_of_reply(mirror_thread).content
    declined = await _improve(
        w.alice, mirror_thread, _mirror_of_reply(mirror_thread), BETTER, agree=False
    )
    assert "nothing was kept" in last_reply(declined)
    assert await _entries(w) == []
    assert _mirror_of_reply(mirror_thread).content == before
    async with w.bot.services.sessions() as session:
        member = await session.get(Member, (w.guild.id, w.alice.id))
        assert member is None or member.improvements_consent_at is None


async def test_only_on_yiqis_translations(world: World) -> None:
    w = await bridged(world)
    mine = await w.alice.send(w.en_channel, "Do Americans really work two jobs?")
    result = await w.alice.context_menu(w.en_channel, MENU, mine)
    assert result.ephemeral and "only Yiqi's translations" in last_reply(result)
    assert await _entries(w) == []


@pytest.mark.realmodel
async def test_the_sources_author_may_revert_others_may_not(world: World) -> None:
    w, mirror_thread = await _asked_and_answered(world)
    machine = _mirror_of_reply(mirror_thread).content
    await _improve(w.alice, mirror_thread, _mirror_of_reply(mirror_thread), BETTER)
    [entry] = await _entries(w)
    bob = w.guild.add_member(w.env.create_user("bob", global_name="Bob"))
    refused = await bob.slash(w.en_channel, "tm revert", entry=entry.id)
    assert "Only moderators" in last_reply(refused)
    # Bob neither wrote the source nor improved it: his list is empty.
    assert (
        last_reply(await bob.slash(w.en_channel, "tm list")) == "No improved translations here yet."
    )
    # 小伟 wrote the source: he sees the entry and may revert it.
    assert BETTER in last_reply(await w.wei.slash(w.zh_channel, "tm list"))
    await w.wei.slash(w.zh_channel, "tm revert", entry=entry.id)
    assert _mirror_of_reply(mirror_thread).content == machine


@pytest.mark.realmodel
async def test_forget_removes_post_edits_and_mirrors_show_the_model(world: World) -> None:
    w, mirror_thread = await _asked_and_answered(world)
    machine = _mirror_of_reply(mirror_thread).content
    await _improve(w.alice, mirror_thread, _mirror_of_reply(mirror_thread), BETTER)
    assert len(await _entries(w)) == 1
    # Both the editor's and the source author's exports carry it.
    [as_editor] = (await exported(w, w.alice))["translation_improvements"]
    [as_author] = (await exported(w, w.wei))["translation_improvements"]
    assert (as_editor["role"], as_editor["improvement"]) == ("editor", BETTER)
    assert (as_author["role"], as_author["source"]) == ("source author", REPLY)

    asked = await w.alice.slash(w.en_channel, "privacy forget")
    await w.alice.click(shown(asked), label=CONFIRM)
    assert await _entries(w) == []
    assert _mirror_of_reply(mirror_thread).content == machine


@pytest.mark.realmodel
async def test_withdrawing_consent_deletes_the_members_improvements(world: World) -> None:
    w, mirror_thread = await _asked_and_answered(world)
    machine = _mirror_of_reply(mirror_thread).content
    await _improve(w.alice, mirror_thread, _mirror_of_reply(mirror_thread), BETTER)
    off = await w.alice.slash(w.en_channel, "tm sharing", keep=False)
    assert "1 were deleted" in last_reply(off)
    assert await _entries(w) == []
    assert _mirror_of_reply(mirror_thread).content == machine
    # Asked again next time: consent is gone.
    opened = await w.alice.context_menu(mirror_thread, MENU, _mirror_of_reply(mirror_thread))
    assert opened.modal is None and "Nothing is kept unless you agree" in last_reply(opened)


@pytest.mark.realmodel
async def test_the_source_authors_forget_removes_improvements_of_his_words(world: World) -> None:
    w, mirror_thread = await _asked_and_answered(world)
    await _improve(w.alice, mirror_thread, _mirror_of_reply(mirror_thread), BETTER)
    asked = await w.wei.slash(w.zh_channel, "privacy forget")
    await w.wei.click(shown(asked), label=CONFIRM)
    assert await _entries(w) == []
    assert all(BETTER not in m.content for m in relayed(mirror_thread))
