"""/privacy forget leaves no trace of a member's words, on each backend: not in any table,
not in the translation cache (earlier versions included), not in others' reply quotes.

The member's texts are translated the way the relay and pen pals translate them (the relay's
own ``translate_question`` and ``mark_edited``), through an engine over the database cache.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.language.translator import GuildTranslator
from bot.services.privacy.service import PrivacyService
from bot.services.relay.question import translate_question
from bot.services.relay.quote import reply_quote
from bot.services.relay.removal import mark_edited
from bot.translation.cache import MemoryTranslationCache, text_hash
from bot.translation.db_cache import DatabaseTranslationCache
from bot.translation.languages import Reader
from db.enums import PenpalLevel, RelayStatus, Side
from db.models import PenpalProfile, RelayedMessage, TranslationCacheEntry
from db.repositories import QuestionRepository, RelayRepository
from tests.support.fixtures import load_tiny_engine
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
from tests.support.translators import guild_translator

GUILD = 1_000_000_000_000_001
WEI, ALICE = 502, 501
EN, ZH = 11, 12
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

WEI_TEXTS = (TITLE, BODY, ANSWER, BEFORE_EDIT, AFTER_EDIT, INTRO)
ALICE_REPLY = "Zoos only, got it!"


@pytest.fixture
async def translator(
    session_factory: async_sessionmaker[AsyncSession],
    tiny_packages: dict[str, Path],
    tmp_path: Path,
) -> AsyncIterator[GuildTranslator]:
    engine = await load_tiny_engine(
        list(tiny_packages.values()),
        tmp_path / "models",
        cache=DatabaseTranslationCache(session_factory),
    )
    yield guild_translator(session_factory, engine)
    await engine.close()


async def _relay(
    session: AsyncSession,
    author: int,
    origin: int,
    text: str,
    *,
    question_id: int,
    reply_to: int | None = None,
) -> RelayedMessage:
    """A delivered relay in the panda thread (origin 100, mirror 200)."""
    side = Side.ZH if author == WEI else Side.EN
    repo = RelayRepository(session)
    relay = await repo.record_pending(
        guild_id=GUILD, origin_side=side, author_id=author, author_name=f"user{author}",
        origin_message_id=origin, origin_channel_id=ZH if side is Side.ZH else EN,
        origin_thread_id=100 if side is Side.ZH else 200,
        mirror_channel_id=EN if side is Side.ZH else ZH,
        mirror_thread_id=200 if side is Side.ZH else 100,
        original_text=text, question_id=question_id, reply_to_message_id=reply_to,
    )  # fmt: skip
    await repo.mark_delivered(relay, mirror_message_id=origin + 1000)
    relay.translated_text = f"[en] {text}"
    relay.mirrored_revision = relay.revision
    return relay


async def _seed(sessions: async_sessionmaker[AsyncSession], translator: GuildTranslator) -> int:
    """小伟 asks (a forum post with a title of its own), answers, edits a reply, joins pen
    pals with his WeChat id; Alice replies to his answer's mirror. Returns Alice's relay."""
    await translate_question(translator, TITLE, BODY, Side.ZH, GUILD)
    for text in (ANSWER, BEFORE_EDIT):
        await translator.for_side(text, GUILD, Side.EN, prior=Side.ZH)
    await translator.for_reader(INTRO, GUILD, Reader.EN, prior=Side.ZH)  # a proposal card
    async with sessions() as session, session.begin():
        question = await QuestionRepository(session).add(
            guild_id=GUILD, bridge_id=None, asker_id=WEI, origin_side=Side.ZH, title=TITLE,
            body=BODY, origin_channel_id=ZH, origin_message_id=100, mirror_channel_id=EN,
            pivot_text_en="Does every Chinese person own a giant panda?",
        )  # fmt: skip
        await QuestionRepository(session).set_threads(
            question, origin_thread_id=100, mirror_thread_id=200
        )
        await _relay(session, WEI, 100, BODY, question_id=question.id)
        await _relay(session, WEI, 101, ANSWER, question_id=question.id)
        edited = await _relay(session, WEI, 102, BEFORE_EDIT, question_id=question.id)
        # Alice answers the English mirror of his answer: her mirror quotes his words.
        alice = await _relay(
            session, ALICE, 103, ALICE_REPLY, question_id=question.id, reply_to=1101
        )
        session.add(
            PenpalProfile(
                guild_id=GUILD, user_id=WEI, side=Side.ZH, level=PenpalLevel.INTERMEDIATE,
                timezone="Asia/Shanghai", intro=INTRO, interests=["宠物"],
            )
        )  # fmt: skip
    async with sessions() as session, session.begin():
        row = await session.get(RelayedMessage, edited.id)
        assert row is not None
        mark_edited(row, AFTER_EDIT, NOW)  # the relay's own edit path
    await translator.for_side(AFTER_EDIT, GUILD, Side.EN, prior=Side.ZH)
    await translator.for_side(ALICE_REPLY, GUILD, Side.ZH, prior=Side.EN)
    return alice.id


async def _cached_hashes(sessions: async_sessionmaker[AsyncSession]) -> set[str]:
    async with sessions() as session:
        return set((await session.scalars(select(TranslationCacheEntry.text_hash))).all())


async def test_export_lists_every_text_and_forget_leaves_none(
    session_factory: async_sessionmaker[AsyncSession], translator: GuildTranslator
) -> None:
    alice_relay = await _seed(session_factory, translator)
    service = PrivacyService(session_factory, clock=lambda: NOW)
    combined = text_hash(f"{TITLE}\n{BODY}")  # how a titled question is translated
    wei_hashes = {text_hash(t) for t in WEI_TEXTS} | {combined}
    cached = await _cached_hashes(session_factory)
    assert {combined, text_hash(BEFORE_EDIT), text_hash(INTRO)} <= cached
    async with session_factory() as session:
        row = await session.get(RelayedMessage, alice_relay)
        assert row is not None
        assert ANSWER in (await reply_quote(session, GUILD, row.reply_to_message_id) or "")

    data = await service.export(GUILD, WEI)
    exported = json.dumps(data, ensure_ascii=False)
    for text in (TITLE, BODY, ANSWER, AFTER_EDIT, INTRO):
        assert text in exported
    # The pre-edit reply survives only as its fingerprint and its cached translation.
    assert text_hash(BEFORE_EDIT) in data["text_fingerprints"]
    fingerprints = {c["source_fingerprint"] for c in data["cached_translations"]}
    assert {combined, text_hash(BEFORE_EDIT), text_hash(INTRO)} <= fingerprints
    assert ALICE_REPLY not in exported

    plan = await service.forget(GUILD, WEI)

    assert plan.requoted == (alice_relay,)
    async with session_factory() as session:
        assert await found_in_tables(session, NEEDLES) == []
        row = await session.get(RelayedMessage, alice_relay)
        assert row is not None and row.original_text == ALICE_REPLY
        # Due again, one revision on: the worker re-renders her mirror, now without a quote.
        assert row.status is RelayStatus.PENDING and row.next_retry_at == NOW
        assert row.revision == (row.mirrored_revision or 0) + 1
        assert await reply_quote(session, GUILD, row.reply_to_message_id) is None
    left = await _cached_hashes(session_factory)
    assert left & wei_hashes == set()
    assert left == {text_hash(ALICE_REPLY)}  # hers stays
    after = await service.export(GUILD, WEI)
    assert after["text_fingerprints"] == [] and after["cached_translations"] == []


async def test_forget_empties_an_in_process_cache_too(
    session_factory: async_sessionmaker[AsyncSession],
    tiny_packages: dict[str, Path],
    tmp_path: Path,
) -> None:
    memory = MemoryTranslationCache()
    engine = await load_tiny_engine(list(tiny_packages.values()), tmp_path / "m", cache=memory)
    try:
        await _seed(session_factory, guild_translator(session_factory, engine))
        service = PrivacyService(session_factory, forget_translations=engine.forget_texts)
        assert any(key.text_hash == text_hash(BEFORE_EDIT) for key in memory.entries)
        await service.forget(GUILD, WEI)
    finally:
        await engine.close()
    assert {key.text_hash for key in memory.entries} == {text_hash(ALICE_REPLY)}
