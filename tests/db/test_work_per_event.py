"""What one new question costs the relay service: database sessions and model translations.

Before the one-translate-path refactor, the same post (the "already asked" search, then
``open_question``) took 7 sessions and 3 model runs.
"""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.exchange.bridges import BridgeService
from bot.services.relay.port import Author, IncomingMessage
from bot.services.relay.service import RelayService
from bot.translation.engine import TranslationEngine
from bot.translation.runtime import LoadedModel
from db.enums import ChannelKind
from tests.support.recording_sink import RecordingSink
from tests.support.translators import guild_translator
from tests.support.work_count import WorkCount, counting_work

pytestmark = pytest.mark.realmodel
GUILD = 3


async def test_a_chinese_forum_post_is_translated_once(
    session_factory: async_sessionmaker[AsyncSession], real_zh_en_model: LoadedModel
) -> None:
    await BridgeService(session_factory).link(
        GUILD, (11, ChannelKind.TEXT), (12, ChannelKind.FORUM), by=1
    )
    engine = TranslationEngine({"zh_en": real_zh_en_model})
    relay = RelayService(session_factory, guild_translator(session_factory, engine))
    sink = RecordingSink()
    message = IncomingMessage(
        GUILD, 12, 500, Author(3, "小伟"), "每个中国人都有大熊猫吗？", thread_id=500, title="大熊猫"
    )
    try:
        with counting_work() as post:
            opened = await relay.open_question(sink, message)
    finally:
        await engine.close()
    assert opened is not None and opened.mirror_thread_id is not None
    [mirror] = sink.contents.values()
    assert "panda" in mirror.lower() and "大熊猫" in mirror
    # The bridge, the earlier questions and the record share one session; the glossary is
    # loaded once (English readers need no server script); the delivery is recorded in one.
    assert post == WorkCount(sessions=4, translate_calls=1, model_translations=1)
