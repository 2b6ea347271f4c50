"""The menus that post or edit in public have per-member limits, like Translate's."""

from __future__ import annotations

import pytest

from bot.adapters.cooldowns import MemberOnCooldown
from tests.discord.support import World, bridged, last_reply, relayed


@pytest.mark.parametrize("menu", ["Correct", "Improve translation"])
async def test_a_public_menu_refuses_the_sixth_use_in_a_minute(world: World, menu: str) -> None:
    w = await bridged(world)
    await w.wei.send(w.zh_channel, "你们那里的人平时喝茶吗？")
    [mirror] = relayed(w.en_channel)
    for _ in range(5):  # the default: five a minute (a modal or a kind refusal each time)
        shown = await w.alice.context_menu(w.en_channel, menu, mirror)
        assert shown.modal is not None or "try again in" not in last_reply(shown)
    refused = await w.alice.context_menu(w.en_channel, menu, mirror)
    assert refused.modal is None
    assert "try again in" in last_reply(refused)
    assert [type(e) for e in w.env.errors] == [MemberOnCooldown]
    # Another member is not held back by Alice's count.
    other = await w.admin.context_menu(w.en_channel, menu, mirror)
    assert other.modal is not None or "try again in" not in last_reply(other)
