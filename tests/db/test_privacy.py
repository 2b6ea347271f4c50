"""PrivacyService on each backend: export, forget and the digest opt-out."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.privacy.service import MirrorRef, PrivacyService, QuestionThread
from bot.translation.cache import text_hash
from db.enums import PenpalLevel, Side
from db.models import (
    Member,
    PenpalBlock,
    PenpalPair,
    PenpalProfile,
    Question,
    RelayedMessage,
    TranslationCacheEntry,
)
from db.repositories import GuildRepository, MemberRepository, QuestionRepository, RelayRepository
from db.repositories.translation_cache import TranslationCacheRepository

GUILD = 1_000_000_000_000_001
OTHER_GUILD = 1_000_000_000_000_002
ALICE, WEI = 501, 502
EN_CHANNEL, ZH_CHANNEL = 11, 12
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def _relay(
    session: AsyncSession,
    question: Question,
    author: int,
    origin: int,
    mirror: int | None,
    text: str,
) -> RelayedMessage:
    """A delivered relay: a starter (origin == the question's post) or a thread reply."""
    starter = origin == question.origin_message_id
    side = question.origin_side if author == question.asker_id else question.origin_side.other
    repo = RelayRepository(session)
    relay = await repo.record_pending(
        guild_id=question.guild_id,
        origin_side=side,
        author_id=author,
        author_name=f"user{author}",
        origin_message_id=origin,
        origin_channel_id=EN_CHANNEL if side is Side.EN else ZH_CHANNEL,
        origin_thread_id=None if starter else 900 + origin,
        mirror_channel_id=ZH_CHANNEL if side is Side.EN else EN_CHANNEL,
        mirror_thread_id=(
            question.mirror_thread_id if side is question.origin_side else question.origin_thread_id
        ),
        original_text=text,
        question_id=question.id,
    )
    if mirror is not None:
        await repo.mark_delivered(relay, mirror_message_id=mirror)
    relay.translated_text = f"[translated] {text}"
    return relay


async def _seed(sessions: async_sessionmaker[AsyncSession]) -> None:
    """Alice asks in English, 小伟 replies; each also has a question of their own elsewhere."""
    async with sessions() as session, session.begin():
        await MemberRepository(session).set_language(GUILD, ALICE, side=Side.EN, script=None)
        await MemberRepository(session).set_language(GUILD, WEI, side=Side.ZH, script=None)
        questions = QuestionRepository(session)
        panda = await questions.add(
            guild_id=GUILD, bridge_id=None, asker_id=ALICE, origin_side=Side.EN,
            title="Does everyone own a panda?", body="Does everyone own a panda?",
            origin_channel_id=EN_CHANNEL, origin_message_id=100, mirror_channel_id=ZH_CHANNEL,
            pivot_text_en="Does everyone own a panda?",
        )  # fmt: skip
        # A thread opened on a message takes its id: the mirror thread is the mirror's id.
        await questions.set_threads(panda, origin_thread_id=100, mirror_thread_id=201)
        jobs = await questions.add(
            guild_id=GUILD, bridge_id=None, asker_id=WEI, origin_side=Side.ZH,
            title="两份工？", body="美国人要打两份工吗？", origin_channel_id=ZH_CHANNEL,
            origin_message_id=300, mirror_channel_id=EN_CHANNEL, pivot_text_en="Two jobs?",
        )  # fmt: skip
        await questions.set_threads(jobs, origin_thread_id=300, mirror_thread_id=401)
        await _relay(session, panda, ALICE, 100, 201, "Does everyone own a panda?")
        await _relay(session, panda, WEI, 101, 202, "当然不是！")
        await _relay(session, panda, ALICE, 102, 203, "Thanks, panda friend!")
        await _relay(session, panda, ALICE, 103, None, "Still waiting to be delivered")
        await _relay(session, jobs, WEI, 300, 401, "美国人要打两份工吗？")
        await _relay(session, jobs, ALICE, 301, 402, "Some do, many don't.")
        session.add(
            PenpalProfile(
                guild_id=GUILD, user_id=ALICE, side=Side.EN, level=PenpalLevel.BEGINNER,
                timezone="America/Chicago", intro="I like hotpot", interests=["food"],
            )
        )  # fmt: skip
        session.add(PenpalPair(guild_id=GUILD, en_user_id=ALICE, zh_user_id=WEI))
        session.add(PenpalBlock(guild_id=GUILD, blocker_id=ALICE, blocked_id=777))
        await TranslationCacheRepository(session).put_many(
            [
                ((text_hash(t), "en", "zh", "m1"), "…", False)
                for t in ("Thanks, panda friend!", "当然不是！")
            ]
        )


async def test_export_holds_exactly_the_members_data(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _seed(session_factory)
    service = PrivacyService(session_factory, clock=lambda: NOW)
    data = await service.export(GUILD, ALICE)
    json.dumps(data)  # serialisable as is

    assert data["generated_at"] == NOW.isoformat() and data["about"]
    assert data["member"]["side"] == "en" and data["member"]["digest_opt_out_effective"] is False
    assert [q["title"] for q in data["questions"]] == ["Does everyone own a panda?"]
    originals = [m["original"] for m in data["relayed_messages"]]
    assert originals == [
        "Does everyone own a panda?",
        "Thanks, panda friend!",
        "Still waiting to be delivered",
        "Some do, many don't.",
    ]
    assert data["relayed_messages"][1]["translation"] == "[translated] Thanks, panda friend!"
    assert data["penpal"]["profile"]["intro"] == "I like hotpot"
    assert data["penpal"]["pairs"][0]["partner_id"] == str(WEI)
    assert data["penpal"]["blocks_made"] == [
        {"blocked_id": "777", "created_at": data["penpal"]["blocks_made"][0]["created_at"]}
    ]
    text = json.dumps(data, ensure_ascii=False)
    assert "当然不是" not in text and "美国人要打两份工吗" not in text  # 小伟's words are his

    nobody = await service.export(OTHER_GUILD, ALICE)  # per guild
    assert nobody["member"] is None and nobody["questions"] == []
    assert nobody["relayed_messages"] == []


async def test_forget_removes_the_members_content_and_returns_their_mirrors(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _seed(session_factory)
    plan = await PrivacyService(session_factory).forget(GUILD, ALICE)

    assert set(plan.mirrors) == {
        MirrorRef(ZH_CHANNEL, 201, 201),  # the question's mirror, which opens its thread
        MirrorRef(ZH_CHANNEL, 201, 203),
        MirrorRef(ZH_CHANNEL, 300, 402),
    }
    assert plan.relayed_messages_deleted == 4 and plan.questions_blanked == 1
    # The question's first post: Yiqi's own if /ask made it (the cog tries to delete it).
    assert plan.question_posts == (MirrorRef(EN_CHANNEL, 100, 100),)
    assert set(plan.question_threads) == {
        QuestionThread(100, Side.EN, answered=False),
        QuestionThread(201, Side.ZH, answered=False),
    }
    async with session_factory() as session:
        authors = (await session.scalars(select(RelayedMessage.author_id))).all()
        assert sorted(authors) == [WEI, WEI]
        questions = {q.asker_id: q for q in (await session.scalars(select(Question))).all()}
        assert (questions[ALICE].title, questions[ALICE].body) == ("", "")
        assert questions[ALICE].pivot_text_en is None
        assert questions[ALICE].mirror_thread_id == 201  # 小伟's reply keeps its thread
        assert questions[WEI].title == "两份工？"
        members = (await session.scalars(select(Member.user_id))).all()
        assert members == [WEI]
        assert await session.scalar(select(func.count()).select_from(PenpalProfile)) == 0
        assert await session.scalar(select(func.count()).select_from(PenpalPair)) == 1
        cached = (await session.scalars(select(TranslationCacheEntry.text_hash))).all()
        assert cached == [text_hash("当然不是！")]

    again = await PrivacyService(session_factory).forget(GUILD, ALICE)
    assert again.mirrors == () and again.relayed_messages_deleted == 0


async def test_digest_opt_out_round_trip_and_survives_forget(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    service = PrivacyService(session_factory, clock=lambda: NOW)
    assert await service.digest_opted_out(GUILD, ALICE) is False
    await service.set_digest_opt_out(GUILD, ALICE, True)
    assert await service.digest_opted_out(GUILD, ALICE) is True
    assert (await service.export(GUILD, ALICE))["member"]["digest_choice_at"] == NOW.isoformat()

    await service.forget(GUILD, ALICE)
    assert await service.digest_opted_out(GUILD, ALICE) is True  # forgetting never opts back in
    await service.set_digest_opt_out(GUILD, ALICE, False)
    assert await service.digest_opted_out(GUILD, ALICE) is False


async def test_guild_default_applies_until_the_member_chooses(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session, session.begin():
        guild = await GuildRepository(session).get_or_create(GUILD)
        guild.digest_opt_out_by_default = True
    service = PrivacyService(session_factory)
    assert await service.digest_opted_out(GUILD, WEI) is True
    await service.set_digest_opt_out(GUILD, WEI, False)
    assert await service.digest_opted_out(GUILD, WEI) is False
