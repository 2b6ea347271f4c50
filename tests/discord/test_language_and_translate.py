"""/language, the Translate context menu, and localized replies, through SimCord."""

from __future__ import annotations

import pytest

from bot.services.discord_text import MESSAGE_LIMIT, discord_length
from tests.discord.support import World, last_reply


@pytest.mark.realmodel
async def test_translate_menu_gives_a_private_english_translation(world: World) -> None:
    w = world
    message = await w.wei.send(w.zh_channel, "每个中国人都有大熊猫吗？")
    result = await w.alice.context_menu(w.zh_channel, "Translate", message)
    assert result.ephemeral
    assert "panda" in last_reply(result).lower()


async def test_translate_menu_on_emoji_says_nothing_to_translate(world: World) -> None:
    w = world
    message = await w.wei.send(w.zh_channel, "🐱🐱🐱")
    result = await w.alice.context_menu(w.zh_channel, "Translate", message)
    assert last_reply(result) == "Nothing to translate."


async def test_missing_model_direction_is_explained(world: World) -> None:
    w = world
    message = await w.alice.send(w.en_channel, "Do Americans really work two jobs?")
    await w.wei.slash(w.en_channel, "language", language="zh-CN")
    result = await w.wei.context_menu(w.en_channel, "Translate", message)
    reply = last_reply(result)
    assert "EN→ZH" in reply
    assert "Do Americans really work two jobs?" in reply


async def test_chinese_locale_member_gets_chinese_replies(
    world: World, discord_locales: dict[int, str]
) -> None:
    w = world
    discord_locales[w.wei.id] = "zh-CN"
    message = await w.alice.send(w.en_channel, "🐱")
    result = await w.wei.context_menu(w.en_channel, "Translate", message)
    reply = last_reply(result)
    assert reply != "Nothing to translate." and any("\u4e00" <= ch <= "\u9fff" for ch in reply)


async def test_language_setting_changes_the_reply_language(world: World) -> None:
    w = world
    result = await w.alice.slash(w.en_channel, "language", language="zh-TW")
    assert result.response is not None
    assert "繁體中文" in result.response.content
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.response.content.replace("繁體中文", ""))
    shown = await w.alice.context_menu(
        w.zh_channel, "Translate", await w.wei.send(w.zh_channel, "大熊猫很可爱")
    )
    # Chinese for a Traditional reader: converted by OpenCC, not translated.
    assert last_reply(shown) == "大熊貓很可愛"


async def test_translate_menu_splits_a_long_answer_into_private_messages(world: World) -> None:
    w = world
    points = " ".join(f"Point {n}: Americans do not all work two jobs." for n in range(43))
    long = points + " That is the whole list, thanks."
    message = await w.alice.send(w.en_channel, long)
    await w.wei.slash(w.en_channel, "language", language="zh-CN")
    result = await w.wei.context_menu(w.en_channel, "Translate", message)
    # No en→zh model: the notice and the whole original, quoted, pass one message. The first
    # part answers the deferred interaction; the rest follow, all private.
    assert result.response is not None and result.ephemeral
    assert len(result.followups) == 1
    first, second = str(result.response.content), str(result.followups[0].content)
    assert result.followups[0].flags.ephemeral
    assert all(discord_length(text) <= MESSAGE_LIMIT for text in (first, second))
    assert "EN→ZH" in first and ">>> Point 0:" in first
    assert second.startswith(">>> ")  # still quoted
    assert "That is the whole list, thanks." in second
    assert (first + second).count("Americans do not all work two jobs.") == 43
