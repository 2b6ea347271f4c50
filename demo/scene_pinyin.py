"""Pinyin in the demo: Emily reads 小红's Chinese with pinyin, privately.

小红 answers Emily's panda question once more; on the English side Emily uses the "Pinyin"
menu on its mirror (the Chinese original, word by word with tone-marked pinyin), then turns on
pinyin in her Translate results with ``/language`` and translates 小红's message.
"""

from __future__ import annotations

import simcord

from demo.render import PrivateReply, render_private
from demo.world import CHINESE_CHANNEL, ENGLISH_CHANNEL, DemoWorld, visible_reply

# Heteronyms in one message: 长大 zhǎngdà, 银行 yínháng, 快乐 kuàilè.
XIAOHONG_MORE = "我是看着大熊猫长大的。现在我在银行工作，周末去动物园看它们，很快乐！"


def _question_thread(channel: simcord.ChannelHandle) -> simcord.ChannelHandle:
    """The panda question's thread: the first one opened under ``channel``."""
    if not channel.threads:
        raise RuntimeError(f"no thread in #{channel.name}: the bridge did not relay")
    return channel.threads[0]


async def play_pinyin(world: DemoWorld) -> list[str]:
    """The Pinyin menu on a mirror, and a Translate result with pinyin; as Emily sees them."""
    w = world
    original = await w.xiaohong.send(_question_thread(w.chinese), XIAOHONG_MORE)
    english_thread = _question_thread(w.english)
    mirror = english_thread.history()[-1]
    if mirror.webhook_id is None:
        raise RuntimeError("小红's message was not relayed to the English side")
    shown = await w.emily.context_menu(english_thread, "Pinyin", mirror)
    switched = await w.emily.slash(w.english, "language", pinyin=True)
    translated = await w.emily.context_menu(_question_thread(w.chinese), "Translate", original)
    replies = [
        PrivateReply(
            who="Emily",
            action=f"Apps → Pinyin on 小红's relayed message in #{ENGLISH_CHANNEL}",
            target=mirror.content,
            reply="\n" + visible_reply(shown, missing="(no answer)"),
        ),
        PrivateReply(
            who="Emily",
            action="/language pinyin: True",
            target="/language",
            reply=visible_reply(switched, missing="(no answer)"),
        ),
        PrivateReply(
            who="Emily",
            action=f"Apps → Translate on 小红's message in #{CHINESE_CHANNEL}",
            target=XIAOHONG_MORE,
            reply="\n" + visible_reply(translated, missing="(no answer)"),
        ),
    ]
    return [render_private(reply) for reply in replies]
