"""Corrections through SimCord: the Correct menu, the card on both sides, Thanks, opt-outs."""

from __future__ import annotations

import discord

from tests.discord.support import World, bridged, last_reply, only_thread, relayed


def _card(channel: object) -> discord.Message:
    cards = [m for m in channel.history() if m.author.bot and "✏️" in m.content]  # type: ignore[attr-defined]
    assert cards, "no correction card"
    return cards[-1]


def _no_pings(world: World) -> None:
    """Every message Yiqi posted (its own and through webhooks) allowed no mentions."""
    for entry in world.env.http_requests:
        payload = entry.json or {}
        if isinstance(payload, dict) and "content" in payload:
            allowed = payload.get("allowed_mentions")
            assert allowed is not None and allowed.get("parse") == [], (entry.path, allowed)


async def _question_with_reply(w: World) -> tuple[object, object, discord.Message]:
    await w.wei.send(w.zh_channel, "美国人真的都打两份工吗？")
    zh_thread = only_thread(w.zh_channel)
    en_thread = only_thread(w.en_channel)
    reply = await w.alice.send(en_thread, "I has two job and I goes to work every days.")
    return en_thread, zh_thread, reply


async def test_correcting_a_mirror_posts_the_card_on_both_sides_without_pings(world: World) -> None:
    w = await bridged(world)
    en_thread, zh_thread, _reply = await _question_with_reply(w)
    await w.alice.slash(w.en_channel, "learning corrections", setting="on")
    [mirror] = relayed(zh_thread)[-1:]

    shown = await w.wei.context_menu(zh_thread, "Correct", mirror)
    assert shown.modal is not None
    done = await w.wei.submit_modal(
        shown,
        {
            "corrected": "I have two jobs and I go to work every day.",
            "note": "动词要和主语一致。",
        },
    )
    assert "posted" in last_reply(done).lower()

    zh_card = _card(zh_thread)
    assert "~~has~~" in zh_card.content and "**have**" in zh_card.content
    assert "小伟" in zh_card.content
    en_card = relayed(en_thread)[-1]
    assert "~~has~~" in en_card.content and "**have**" in en_card.content
    assert "Correction from" in en_card.content
    _no_pings(w)
