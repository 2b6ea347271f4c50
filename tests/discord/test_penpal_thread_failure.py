"""A pen-pal pair opens only when both private threads exist (SimCord injects the failure)."""

from __future__ import annotations

import re

import simcord

from tests.discord.penpal_steps import PenpalWorld, configured, dms, join_both, match, proposal
from tests.discord.support import World, last_reply


async def join_later(p: PenpalWorld, member: simcord.MemberActor, *, chinese: bool) -> None:
    """Someone who joins after the proposal went out: they queue behind its two members."""
    channel = p.w.zh_channel if chinese else p.w.en_channel
    result = await member.slash(
        channel,
        "penpal join",
        level="beginner",
        timezone="Asia/Shanghai" if chinese else "Europe/London",
        intro="我喜欢喝茶。" if chinese else "I like tea.",
        adult=True,
        consent=True,
        side="zh" if chinese else "en",
    )
    assert "pool" in last_reply(result) or "笔友" in last_reply(result)


async def test_second_thread_fails_no_pair_no_orphan_both_at_the_front(
    world: World, discord_locales: dict[int, str]
) -> None:
    p = await configured(world)
    w = p.w
    await join_both(p, discord_locales)
    await match(p)
    await join_later(p, w.guild.add_member(w.env.create_user("bob")), chinese=False)
    await join_later(p, w.guild.add_member(w.env.create_user("lin")), chinese=True)

    # The English thread is made, then Discord refuses the Chinese one.
    w.env.inject_error(
        "POST",
        f"/channels/{p.zh_channel.id}/threads",
        status=403,
        code=50013,
        message="Missing Permissions",
    )
    await w.alice.user.click(proposal(w.alice), label="Accept · 接受")
    await w.wei.user.click(proposal(w.wei), label="Accept · 接受")

    assert p.en_channel.threads == [] and p.zh_channel.threads == []  # no orphan thread
    made = [
        r for r in w.env.backend.http_requests if r.method == "POST" and r.path.endswith("/threads")
    ]
    deleted = [r.path for r in w.env.backend.http_requests if r.method == "DELETE"]
    assert len(made) == 2  # the English thread was made (the Chinese one refused)...
    assert len(deleted) == 1 and re.fullmatch(r"/channels/\d+", deleted[0])  # ...then deleted
    for member in (w.alice, w.wei):
        status = await w.bot.services.penpal.status(w.guild.id, member.id)
        assert status.partner_id is None and status.proposed_partner_id is None
        assert (status.waitlist_position, status.waiting_total) == (1, 2)
        told = dms(member)[-1].content  # in both languages
        assert "couldn't open your private conversation" in told and "私密对话" in told
    assert not any(str(p.en_channel.id) in m.content for m in dms(w.alice))  # no "paired" DM

    # Back in the pool, first in line: the next run proposes to both again.
    result = await w.admin.slash(w.en_channel, "penpal match")
    assert "2" in last_reply(result)
    for member in (w.alice, w.wei):
        status = await w.bot.services.penpal.status(w.guild.id, member.id)
        assert status.proposed_partner_id is not None
