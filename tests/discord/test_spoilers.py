"""Spoilers relayed both ways: a mirror never shows what the author hid behind ``||…||``.

zh→en runs the real model (the spoiler's content is translated, still hidden); en→zh has no
model here, so the mirror carries the original, and its spoiler must stay closed as well.
"""

from __future__ import annotations

import re

import discord
import pytest

from tests.discord.support import World, bridged, only_thread, relayed

SPOILER = re.compile(r"\|\|.+?\|\|", re.DOTALL)


def _outside_spoilers(message: discord.Message) -> str:
    """What a reader sees without clicking any spoiler."""
    return SPOILER.sub(" ", message.content)


async def test_an_english_spoiler_stays_hidden_in_the_chinese_mirror(world: World) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "The ending: ||everyone dies at the wedding||, sadly.")
    [mirror] = relayed(w.zh_channel)
    assert "||everyone dies at the wedding||" in mirror.content
    assert "dies" not in _outside_spoilers(mirror)
    assert "wedding" not in _outside_spoilers(mirror)
    # Thread names do not render markdown: both threads are named with the spoiler blacked out.
    for channel in (w.en_channel, w.zh_channel):
        name = str(only_thread(channel).name)
        assert "dies" not in name and "wedding" not in name, name
        assert name.startswith("The ending:")


@pytest.mark.realmodel
async def test_a_chinese_spoiler_is_translated_and_stays_hidden_in_the_english_mirror(
    world: World,
) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "No spoilers please: how does the drama end?")
    origin, mirror_thread = only_thread(w.en_channel), only_thread(w.zh_channel)
    await w.wei.send(mirror_thread, "剧透：||主角最后死了||")
    [mirror] = relayed(origin)
    hidden = SPOILER.findall(mirror.content)
    assert hidden, mirror.content
    # The translation's spoiler holds English; the original line keeps the Chinese one hidden.
    assert any(re.search(r"[A-Za-z]", h) for h in hidden)
    assert "||主角最后死了||" in mirror.content
    seen = _outside_spoilers(mirror)
    assert "主角" not in seen
    assert not re.search(r"\b(dies|died|dead|death)\b", seen, re.IGNORECASE)
