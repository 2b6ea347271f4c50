"""Every message menu a member sees, named in English, Simplified and Traditional Chinese.

Discord allows five message menus per application; the bot registers four.
"""

from __future__ import annotations

import discord

from tests.discord.support import World

MENUS = {
    "Translate": ("翻译", "翻譯"),
    "Correct": ("纠正", "糾正"),
    "Pinyin": ("拼音", "拼音"),
    "Improve translation": ("改进译文", "改進譯文"),
}


async def test_every_message_menu_is_named_in_both_chinese_scripts(world: World) -> None:
    tree = world.bot.tree
    assert tree.translator is not None
    registered = [c.name for c in tree.get_commands(type=discord.AppCommandType.message)]
    assert sorted(registered) == sorted(MENUS)
    for english, (simplified, traditional) in MENUS.items():
        menu = tree.get_command(english, type=discord.AppCommandType.message)
        assert menu is not None
        payload = await menu.get_translated_payload(tree, tree.translator)
        names = payload["name_localizations"]
        assert payload["name"] == english
        assert names[discord.Locale.chinese.value] == simplified, english
        assert names[discord.Locale.taiwan_chinese.value] == traditional, english
