"""Exactly once through the real adapter (SimCord): a webhook post whose answer was lost is
found in the thread's history instead of posted again; a purge takes every mirror down; a
permission Discord refuses ends dead-lettered, never duplicated."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import discord
import pytest
from sqlalchemy import select

from db.enums import RelayStatus
from db.models import RelayedMessage
from tests.discord.support import World, bridged, only_thread, relayed
from tests.support.clock import MovableClock


async def _retry(w: World) -> int:
    cog = w.bot.get_cog("ExchangeCog")
    assert cog is not None
    delivered: int = await cog.retry_pending()  # type: ignore[attr-defined]
    return delivered


async def _relay_of(w: World, origin: int) -> RelayedMessage:
    async with w.bot.services.sessions() as session:
        row = await session.scalar(
            select(RelayedMessage).where(RelayedMessage.origin_message_id == origin)
        )
    assert row is not None
    return row


async def test_a_webhook_post_whose_answer_was_lost_is_found_not_doubled(
    world: World, monkeypatch: pytest.MonkeyPatch, bot_clock: MovableClock
) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "Is hotpot spicy?")
    mirror = only_thread(w.zh_channel)
    send = discord.Webhook.send
    lost = 0

    async def answer_lost(self: discord.Webhook, content: str, **kwargs: Any) -> Any:
        nonlocal lost
        sent = await send(self, content, **kwargs)
        if "the answer is lost" in content and not lost:
            lost += 1
            raise TimeoutError  # Discord took it; the bot never heard back
        return sent

    monkeypatch.setattr(discord.Webhook, "send", answer_lost)
    message = await w.alice.send(only_thread(w.en_channel), "the answer is lost")
    assert lost == 1
    row = await _relay_of(w, message.id)
    assert row.status is RelayStatus.FAILED and row.fault == "timeout"

    bot_clock.advance(timedelta(hours=1))
    assert await _retry(w) == 1
    posts = [m for m in relayed(mirror) if "the answer is lost" in m.content]
    assert len(posts) == 1
    assert (await _relay_of(w, message.id)).mirror_message_id == posts[0].id


async def test_a_purge_takes_every_mirror_down(world: World) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "Welcome, everyone!")
    origin = only_thread(w.en_channel)
    spam = [await w.alice.send(origin, f"buy cheap followers {n}") for n in range(3)]
    mirror = only_thread(w.zh_channel)
    assert len([m for m in relayed(mirror) if "followers" in m.content]) == 3

    w.env.backend.bulk_delete_messages(origin.id, [m.id for m in spam])
    await w.env.settle()

    assert [m for m in relayed(mirror) if "followers" in m.content] == []


async def test_a_refused_permission_is_dead_lettered_not_retried_for_ever(
    world: World, bot_clock: MovableClock
) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "Is hotpot spicy?")
    mirror = only_thread(w.zh_channel)
    w.env.inject_error(
        "POST", "/webhooks/*", status=403, code=50013, message="Missing Permissions", times=None
    )
    message = await w.alice.send(only_thread(w.en_channel), "can you see this?")
    for _ in range(5):
        bot_clock.advance(timedelta(hours=2))
        await _retry(w)

    row = await _relay_of(w, message.id)
    assert (row.status, row.attempts, row.fault) == (RelayStatus.DEAD, 3, "missing_permissions")
    assert [m for m in relayed(mirror) if "see this" in m.content] == []
