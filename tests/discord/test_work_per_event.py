"""What one event costs the full bot: database sessions opened and model translations.

The translation cache is off (``make_settings``), so every translation is a model run. Before
the one-translate-path refactor a Chinese forum post took 9 sessions and 3 model runs (the
"already asked" search translated it, then the relay translated body and title again).
Exactly-once delivery (issue 11) added one session per mirrored message: the post is recorded
as an attempt (and the claim re-checked) before it is made, so a lost answer is found instead of
sent again and a second process cannot send it too.
"""

from __future__ import annotations

import pytest

from tests.discord.support import World, last_reply, link, only_thread, post_in_forum, relayed
from tests.support.work_count import WorkCount, counting_work


@pytest.mark.realmodel
async def test_a_post_a_reply_and_an_ask_each_translate_once(world: World) -> None:
    w = world
    forum = w.guild.create_forum_channel("中文提问")
    await link(w, w.en_channel, forum)
    assert not w.bot.settings.translation_cache

    with counting_work() as post:
        thread = await post_in_forum(w, forum, w.wei, "大熊猫", "每个中国人都有大熊猫吗？")
    mirror = only_thread(w.en_channel)
    assert "panda" in str(mirror.name).lower()  # the title came from the same translation
    assert "panda" in relayed(w.en_channel)[0].content.lower()

    with counting_work() as english_reply:  # no en→zh model here: posted with a notice
        await w.alice.send(mirror, "No, pandas live in zoos.")
    with counting_work() as chinese_reply:
        await w.wei.send(thread, "我喜欢喝茶。")
    assert "tea" in relayed(mirror)[-1].content.lower()

    with counting_work() as ask:
        result = await w.wei.slash(thread, "ask", question="美国人真的要打两份工吗？")
    assert "posted" in last_reply(result).lower()

    # Sessions include the two server-setting lookups (script, glossary) the first post loads,
    # and the translation memory's (none on this server: remembered, like those settings).
    assert post == WorkCount(sessions=6, translate_calls=1, model_translations=1)
    assert english_reply == WorkCount(sessions=4, translate_calls=1, model_translations=0)
    assert chinese_reply == WorkCount(sessions=3, translate_calls=1, model_translations=1)
    assert ask == WorkCount(sessions=5, translate_calls=1, model_translations=1)
