"""The "Pinyin" menu and pinyin in Translate results, through SimCord."""

from __future__ import annotations

import discord
import pytest
import simcord
from discord.app_commands import locale_str

from bot.adapters.cooldowns import MemberOnCooldown
from bot.i18n import CONTEXT_MENU
from bot.i18n.messages.pinyin import Pinyin
from tests.discord.support import World, bridged, last_reply, only_thread, relayed

BANK = "我在银行工作，他重新开始行走。这很重要！"
BANK_VIEW = (
    "我 在 银行 工作，他 重新 开始 行走。这 很 重要！\n"
    "wǒ zài yínháng gōngzuò, tā chóngxīn kāishǐ xíngzǒu. zhè hěn zhòngyào!"
)
NO_CHINESE = "There's no Chinese in this message"


def private_texts(result: simcord.InteractionResult) -> list[str]:
    assert result.ephemeral
    assert all(f.flags.ephemeral for f in result.followups)
    first = [str(result.response.content)] if result.response is not None else []
    return first + [str(f.content) for f in result.followups[1:]]


async def test_pinyin_menu_shows_words_with_pinyin_privately(world: World) -> None:
    w = world
    message = await w.wei.send(w.zh_channel, BANK)
    result = await w.alice.context_menu(w.zh_channel, "Pinyin", message)
    assert private_texts(result) == [BANK_VIEW]
    assert [m.content for m in w.zh_channel.history()] == [BANK]  # nothing posted publicly


async def test_pinyin_menu_on_traditional_keeps_the_members_characters(world: World) -> None:
    w = world
    message = await w.wei.send(w.zh_channel, "我們重新開始吧，長大以後去銀行工作。")
    result = await w.alice.context_menu(w.zh_channel, "Pinyin", message)
    assert last_reply(result) == (
        "我們 重新 開始 吧，長大 以後 去 銀行 工作。\n"
        "wǒmen chóngxīn kāishǐ ba, zhǎngdà yǐhòu qù yínháng gōngzuò."
    )


async def test_pinyin_menu_leaves_mentions_emoji_links_and_english_alone(world: World) -> None:
    w = world
    emoji = "<:cat:987654321098765432>"
    text = f"<@{w.alice.id}> 你看 https://example.com/cats {emoji} 🐱 awesome 是什么意思？"
    message = await w.wei.send(w.zh_channel, text)
    result = await w.alice.context_menu(w.zh_channel, "Pinyin", message)
    chinese, pinyin = last_reply(result).split("\n")
    assert chinese == (
        f"<@{w.alice.id}> 你 看 https://example.com/cats {emoji} 🐱 awesome 是 什么 意思？"
    )
    assert pinyin == "nǐ kàn awesome shì shénme yìsi?"
    shown = result.response
    assert shown is not None and shown.message.flags.suppress_embeds


async def test_pinyin_menu_kindly_says_when_there_is_no_chinese(
    world: World, discord_locales: dict[int, str]
) -> None:
    w = world
    message = await w.alice.send(w.en_channel, "Hello <@123456789012345678> 🐱 `代码`")
    result = await w.alice.context_menu(w.en_channel, "Pinyin", message)
    assert last_reply(result).startswith(NO_CHINESE)
    discord_locales[w.wei.id] = "zh-TW"
    result = await w.wei.context_menu(w.en_channel, "Pinyin", message)
    assert last_reply(result).startswith("這則訊息裡沒有中文")


async def test_pinyin_menu_on_a_mirror_reads_the_chinese_without_the_frame(
    world: World,
) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "Where do you work?")
    await w.wei.send(only_thread(w.zh_channel), BANK)
    [mirror] = relayed(only_thread(w.en_channel))
    assert BANK in mirror.content  # the mirror shows the original below its translation
    result = await w.alice.context_menu(only_thread(w.en_channel), "Pinyin", mirror)
    assert last_reply(result) == BANK_VIEW  # no translation, flag or "Original:" label
    # An English reply's mirror (no en→zh model here: it shows the English as written).
    await w.alice.send(only_thread(w.en_channel), "Cool, thanks!")
    [english_mirror] = relayed(only_thread(w.zh_channel))
    result = await w.wei.context_menu(only_thread(w.zh_channel), "Pinyin", english_mirror)
    assert last_reply(result).startswith(NO_CHINESE)


async def test_pinyin_menu_on_a_questions_mirror_reads_the_question(world: World) -> None:
    w = await bridged(world)
    await w.wei.send(w.zh_channel, BANK)
    [mirror] = relayed(w.en_channel)  # the question's mirror opens the English thread
    assert mirror.id == only_thread(w.en_channel).id
    result = await w.alice.context_menu(w.en_channel, "Pinyin", mirror)
    assert last_reply(result) == BANK_VIEW


async def test_pinyin_menu_has_its_own_cooldown(world: World) -> None:
    w = world
    message = await w.wei.send(w.zh_channel, "你好")
    for _ in range(10):  # the default: ten a minute
        assert "nǐhǎo" in last_reply(await w.alice.context_menu(w.zh_channel, "Pinyin", message))
    refused = await w.alice.context_menu(w.zh_channel, "Pinyin", message)
    assert "try again in" in last_reply(refused)
    assert [type(e) for e in w.env.errors] == [MemberOnCooldown]


async def test_the_menu_is_named_in_both_chinese_scripts(world: World) -> None:
    translator = world.bot.tree.translator
    assert translator is not None
    name = locale_str(Pinyin.MENU, msgctxt=CONTEXT_MENU)
    menu = world.bot.tree.get_command("Pinyin", type=discord.AppCommandType.message)
    assert menu is not None
    payload = await menu.get_translated_payload(world.bot.tree, translator)
    assert payload["name_localizations"][discord.Locale.chinese.value] == "拼音"
    assert payload["name_localizations"][discord.Locale.taiwan_chinese.value] == "拼音"
    assert name.message == "Pinyin"


async def test_language_switches_pinyin_alone_and_shows_the_settings(world: World) -> None:
    w = world
    shown = await w.alice.slash(w.en_channel, "language")
    assert last_reply(shown) == (
        "Your language is English, and your Translate results show no pinyin. "
        "Choose an option of /language to change either."
    )
    on = await w.alice.slash(w.en_channel, "language", pinyin=True)
    assert on.ephemeral
    assert last_reply(on) == "Your Translate results now show pinyin under Chinese."
    both = await w.alice.slash(w.en_channel, "language", language="zh-CN", pinyin=False)
    assert last_reply(both) == "你的语言已设置为简体中文。\n你的翻译结果不再显示拼音。"


async def test_translate_with_pinyin_on_shows_the_chinese_original_with_pinyin(
    world: World,
) -> None:
    w = world
    message = await w.wei.send(w.zh_channel, BANK)
    plain = await w.alice.context_menu(w.zh_channel, "Translate", message)
    assert "yínháng" not in last_reply(plain)  # off by default
    await w.alice.slash(w.en_channel, "language", pinyin=True)
    result = await w.alice.context_menu(w.zh_channel, "Translate", message)
    # The tiny test model's translation is low confidence: the original comes first, quoted,
    # and now with its pinyin.
    assert last_reply(plain).endswith(f"**Original**\n>>> {BANK}")
    assert last_reply(result) == last_reply(plain).replace(
        f"**Original**\n>>> {BANK}", f"**Original, with pinyin**\n>>> {BANK_VIEW}"
    )


async def test_translate_with_pinyin_on_for_a_chinese_reader_shows_it_in_place(
    world: World,
) -> None:
    w = world
    await w.wei.slash(w.zh_channel, "language", language="zh-TW", pinyin=True)
    message = await w.alice.send(w.zh_channel, "我们重新开始吧")
    result = await w.wei.context_menu(w.zh_channel, "Translate", message)
    # Simplified → Traditional for him (OpenCC), word by word with its pinyin.
    assert last_reply(result) == "我們 重新 開始 吧\nwǒmen chóngxīn kāishǐ ba"


async def test_privacy_export_carries_the_pinyin_choice(world: World) -> None:
    w = world
    await w.alice.slash(w.en_channel, "language", pinyin=True)
    result = await w.alice.slash(w.en_channel, "privacy export")
    reply = result.followups[-1] if result.followups else result.response
    assert reply is not None
    [attachment] = reply.message.attachments
    assert b'"pinyin_in_translate": true' in await attachment.read()


@pytest.mark.realmodel
async def test_translate_with_pinyin_on_puts_the_original_with_pinyin_below(world: World) -> None:
    w = world
    await w.alice.slash(w.en_channel, "language", pinyin=True)
    message = await w.wei.send(w.zh_channel, "每个中国人都有大熊猫吗？")
    result = await w.alice.context_menu(w.zh_channel, "Translate", message)
    translation, below = last_reply(result).split("\n\n")
    heading, view = below.split("\n", 1)
    assert "panda" in translation.lower()
    assert heading == "**Original, with pinyin**"
    assert view == ">>> 每个 中国 人 都 有 大熊猫 吗？\nměigè zhōngguó rén dōu yǒu dàxióngmāo ma?"
