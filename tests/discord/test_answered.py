"""/answered through SimCord: asker or moderator, shown on both sides."""

from __future__ import annotations

from tests.discord.support import World, bridged, last_reply, only_thread


async def test_asker_marks_answered_and_both_sides_show_it(world: World) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "Does every Chinese person own a panda?")
    origin, mirror = only_thread(w.en_channel), only_thread(w.zh_channel)

    result = await w.alice.slash(origin, "answered")
    assert last_reply(result) == "Marked as answered."
    origin, mirror = only_thread(w.en_channel), only_thread(w.zh_channel)
    assert origin.name is not None and origin.name.startswith("✅ ")
    assert mirror.name is not None and mirror.name.startswith("✅ ")
    assert origin.history()[-1].content == "Answered ✓"
    assert mirror.history()[-1].content == "已解答 ✓"  # the Chinese side reads Chinese

    again = await w.alice.slash(origin, "answered")
    assert "already" in last_reply(again)


async def test_only_the_asker_or_a_moderator(world: World) -> None:
    w = await bridged(world)
    await w.wei.send(w.zh_channel, "美国人真的要打两份工才能生活吗？")
    mirror = only_thread(w.en_channel)

    refused = await w.alice.slash(mirror, "answered")
    assert "Only the person who asked" in last_reply(refused)
    assert not (only_thread(w.en_channel).name or "").startswith("✅")

    allowed = await w.admin.slash(mirror, "answered")
    assert last_reply(allowed) == "Marked as answered."
    assert (only_thread(w.zh_channel).name or "").startswith("✅")


async def test_outside_a_question_thread(world: World) -> None:
    w = await bridged(world)
    result = await w.alice.slash(w.en_channel, "answered")
    assert "inside a question's thread" in last_reply(result)
