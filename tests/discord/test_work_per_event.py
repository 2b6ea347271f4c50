"""What one event costs the full bot: database sessions and model translations (cache off)."""

from __future__ import annotations

import pytest

from tests.discord.conftest import World, last_reply
from tests.discord.forums import post_in_forum
from tests.discord.test_forum_relay import link
from tests.discord.test_relay import only_thread, relayed
from tests.support.work_count import counting_work

pytestmark = pytest.mark.realmodel


async def test_work_per_event(world: World) -> None:
    w = world
    forum = w.guild.create_forum_channel("中文提问")
    await link(w, w.en_channel, forum)
    assert not w.bot.settings.translation_cache

    with counting_work() as post:
        thread = await post_in_forum(w, forum, w.wei, "大熊猫", "每个中国人都有大熊猫吗？")
    mirror = only_thread(w.en_channel)
    assert "panda" in relayed(w.en_channel)[0].content.lower()

    with counting_work() as reply:
        await w.alice.send(mirror, "No, pandas live in zoos.")
    assert relayed(thread)

    with counting_work() as ask:
        result = await w.wei.slash(thread, "ask", question="美国人真的要打两份工吗？")
    assert "posted" in last_reply(result).lower()
    print("\nWORK post", post, "\nWORK reply", reply, "\nWORK ask", ask)
