"""A mirror posted untranslated (no model for its direction) is translated once a model exists."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.exchange.bridges import BridgeService
from bot.services.relay.port import Author, IncomingMessage
from bot.services.relay.service import RelayService
from bot.translation.engine import TranslationEngine
from bot.translation.packages import install_from_file, list_installed
from bot.translation.runtime import DecodingOptions
from db.enums import ChannelKind, Side
from db.models import RelayedMessage
from tests.support.recording_sink import RecordingSink
from tests.support.translators import guild_translator

GUILD = 1
EMILY = Author(2, "Emily")
WEI = Author(3, "小伟")


async def _en_zh_engine(tiny_packages: dict[str, Path], models_dir: Path) -> TranslationEngine:
    install_from_file(tiny_packages["en_zh"], models_dir)
    return await asyncio.to_thread(
        TranslationEngine.load, list_installed(models_dir), options=DecodingOptions(beam_size=1)
    )


async def _relays(sessions: async_sessionmaker[AsyncSession]) -> list[RelayedMessage]:
    async with sessions() as session:
        return list(await session.scalars(select(RelayedMessage).order_by(RelayedMessage.id)))


async def test_untranslated_mirrors_get_their_translation_after_a_model_is_installed(
    session_factory: async_sessionmaker[AsyncSession],
    tiny_packages: dict[str, Path],
    tmp_path: Path,
) -> None:
    sink = RecordingSink()
    await BridgeService(session_factory).link(
        GUILD, (11, ChannelKind.TEXT), (12, ChannelKind.TEXT), by=1
    )
    without_models = TranslationEngine({})
    before = RelayService(session_factory, guild_translator(session_factory, without_models))
    question = await before.open_question(
        sink, IncomingMessage(GUILD, 11, 100, EMILY, "Does everyone own a panda?")
    )
    assert question is not None and question.side is Side.EN
    assert question.origin_thread_id is not None and question.mirror_thread_id is not None
    await before.mirror_reply(
        sink, IncomingMessage(GUILD, 12, 101, WEI, "不是每个人都有熊猫", question.mirror_thread_id)
    )
    english_mirror, chinese_mirror = await _relays(session_factory)
    # Delivered, never lost, but with the original and a notice instead of a translation.
    assert english_mirror.mirror_message_id is not None
    assert chinese_mirror.mirror_message_id is not None
    assert english_mirror.translated_text is None and chinese_mirror.translated_text is None
    untranslated = sink.contents[english_mirror.mirror_message_id]
    assert "Does everyone own a panda?" in untranslated and "⚠️" in untranslated
    # Nothing to do while the direction is still missing.
    assert await before.translate_unavailable(sink) == 0

    # Restarted with an en→zh model (still no zh→en): only the English question is revisited.
    with_model = await _en_zh_engine(tiny_packages, tmp_path / "models")
    try:
        after = RelayService(session_factory, guild_translator(session_factory, with_model))
        assert await after.translate_unavailable(sink) == 1
        assert await after.translate_unavailable(sink) == 0
    finally:
        await with_model.close()
    assert sink.edits == [english_mirror.mirror_message_id]
    english_mirror, chinese_mirror = await _relays(session_factory)
    assert english_mirror.mirror_message_id is not None
    assert english_mirror.translated_text
    assert chinese_mirror.translated_text is None
    translated = sink.contents[english_mirror.mirror_message_id]
    assert translated != untranslated
    assert translated.startswith(english_mirror.translated_text)
    assert "Does everyone own a panda?" in translated  # the original stays available
