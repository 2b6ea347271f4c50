"""A relay webhook deleted behind Yiqi's back: the next mirror goes through a fresh one."""

from __future__ import annotations

from bot.adapters.mirror_sink import WEBHOOK_NAME
from tests.discord.support import World, bridged, only_thread, relayed


def relay_webhooks(world: World) -> dict[int, int]:
    """webhook id → channel id, for Yiqi's relay webhooks that Discord still has."""
    return {
        hook.id: hook.channel_id
        for hook in world.env.backend.webhooks.values()
        if hook.name == WEBHOOK_NAME
    }


async def test_a_deleted_webhook_is_replaced_and_the_next_mirror_delivered(world: World) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "Does every Chinese person own a panda?")
    mirror, origin = only_thread(w.zh_channel), only_thread(w.en_channel)
    [starter] = relayed(w.zh_channel)
    stale = starter.webhook_id
    assert stale is not None and relay_webhooks(w)[stale] == w.zh_channel.id

    # A moderator deletes the Chinese channel's relay webhook; Yiqi still holds it.
    w.env.backend.delete_webhook(stale)
    before = len(w.env.http_requests)
    await w.alice.send(origin, "I have never seen one outside a zoo.")

    [follow_up] = relayed(mirror)
    assert follow_up.author.name == "Alice"
    assert "I have never seen one outside a zoo." in follow_up.content
    fresh = follow_up.webhook_id
    assert fresh is not None and fresh != stale
    refused = [e for e in w.env.http_requests[before:] if f"/webhooks/{stale}/" in e.path]
    assert len(refused) == 1  # tried once through the stale webhook, then never again

    # Later mirrors keep using the fresh webhook (one webhook per channel, none created again).
    await w.alice.send(w.en_channel, "Do Americans really work two jobs?")
    newest = max(w.zh_channel.threads, key=lambda t: t.id)
    assert [m.webhook_id for m in relayed(w.zh_channel)] == [stale, fresh]
    assert newest.id != mirror.id
    assert [h for h, channel in relay_webhooks(w).items() if channel == w.zh_channel.id] == [fresh]
