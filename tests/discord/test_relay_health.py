"""/setup status, its Retry now / Discard buttons, and the moderators' failure notice."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import timedelta

import discord
import simcord
from sqlalchemy import select

from bot.app import YiqiBot
from bot.settings import Settings
from db.enums import RelayStatus, Side
from db.models import Guild, RelayedMessage
from db.repositories.failure_notice import FailureNoticeRepository
from tests.discord.support import World, bridged, last_reply, link, only_thread, relayed
from tests.support.clock import MovableClock

_MESSAGE_IDS = itertools.count(9_000_000)
MISSING_PERMISSIONS = "missing_permissions"


def shown(result: simcord.InteractionResult) -> discord.Message:
    reply = result.followups[-1] if result.followups else result.response
    assert reply is not None
    return reply.message


def labels(message: discord.Message) -> list[str]:
    return [
        str(child.label)
        for row in message.components
        if isinstance(row, discord.ActionRow)
        for child in row.children
        if isinstance(child, discord.Button)
    ]


async def dead_relays(
    w: World, count: int, *, status: RelayStatus = RelayStatus.DEAD, fault: str | None = None
) -> None:
    """Relays from the Chinese to the English channel, stored as the retry sweep leaves them."""
    async with w.bot.services.sessions() as session, session.begin():
        for _ in range(count):
            session.add(
                RelayedMessage(
                    guild_id=w.guild.id,
                    origin_side=Side.ZH,
                    author_id=w.wei.id,
                    origin_message_id=next(_MESSAGE_IDS),
                    origin_channel_id=w.zh_channel.id,
                    mirror_channel_id=w.en_channel.id,
                    original_text="你好",
                    status=status,
                    attempts=5,
                    fault=fault or MISSING_PERMISSIONS,
                    last_error="403 Forbidden (error code: 50013): Missing Permissions",
                )
            )


async def statuses(w: World) -> list[RelayStatus]:
    async with w.bot.services.sessions() as session:
        return list(
            await session.scalars(select(RelayedMessage.status).order_by(RelayedMessage.id))
        )


async def moderators_channel(w: World) -> simcord.ChannelHandle:
    mods = w.guild.create_text_channel("mods")
    await w.bot.services.penpal.configure(
        w.guild.id,
        en_channel_id=w.en_channel.id,
        zh_channel_id=w.zh_channel.id,
        moderators_channel_id=mods.id,
    )
    return mods


async def check_bridges(w: World) -> int:
    cog = w.bot.get_cog("RelayHealthCog")
    assert cog is not None
    posted: int = await cog.check_bridges()  # type: ignore[attr-defined]
    return posted


async def test_status_lists_a_healthy_and_a_failing_bridge_with_buttons(world: World) -> None:
    w = await bridged(world)
    healthy_en = w.guild.create_text_channel("chat-english")
    healthy_zh = w.guild.create_text_channel("闲聊")
    await link(w, healthy_en, healthy_zh)
    await dead_relays(w, 3)
    await dead_relays(w, 1, status=RelayStatus.FAILED, fault="timeout")

    result = await w.admin.slash(w.en_channel, "setup status")
    assert result.ephemeral
    text = last_reply(result)
    en, zh = f"<#{w.en_channel.id}>", f"<#{w.zh_channel.id}>"
    assert (
        f"**1.** {en} ↔ {zh}: 1 on their way, 3 dead-lettered. Last error: the bot lacks "
        f"permission to post in {en}." in text
    )
    assert f"**2.** <#{healthy_en.id}> ↔ <#{healthy_zh.id}>: everything delivered." in text
    assert "Pen-pal" not in text  # no pen-pal relay fails
    assert labels(shown(result)) == ["Retry now (1)", "Discard (1)"]


async def test_a_server_without_failures_has_no_buttons(world: World) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "Does every Chinese person own a panda?")
    result = await w.admin.slash(w.en_channel, "setup status")
    assert "everything delivered" in last_reply(result)
    assert labels(shown(result)) == []


async def test_a_refused_reply_is_dead_lettered_noticed_retried_and_delivered(
    world: World, bot_clock: MovableClock
) -> None:
    """The whole loop on the real relay: Discord refuses, the sweep dead-letters, moderators
    are told once, fix the permission, press Retry now, and the notice is cleared."""
    w = await bridged(world)
    mods = await moderators_channel(w)
    await w.alice.send(w.en_channel, "Is hotpot spicy?")
    origin = only_thread(w.en_channel)
    # The bot may not post in the English channel: its reply is stored, not delivered.
    w.env.inject_error(
        "POST", "/webhooks/*", status=403, code=50013, message="Missing Permissions", times=None
    )
    await w.wei.send(only_thread(w.zh_channel), "很辣，但是很好吃！")
    exchange = w.bot.get_cog("ExchangeCog")
    assert exchange is not None
    while RelayStatus.DEAD not in await statuses(w):  # the sweep's own bounded attempts
        bot_clock.advance(timedelta(hours=2))
        await exchange.retry_pending()  # type: ignore[attr-defined]
    assert relayed(origin) == []
    assert await check_bridges(w) == 1
    assert await check_bridges(w) == 0
    [notice] = mods.history()
    assert f"the bot lacks permission to post in <#{w.en_channel.id}>" in notice.content

    w.env.backend.faults.clear()  # a moderator fixed the channel's permissions
    status = await w.admin.slash(w.en_channel, "setup status")
    assert "0 on their way, 1 dead-lettered" in last_reply(status)
    pressed = await w.admin.click(shown(status), label="Retry now (1)")
    assert pressed.ephemeral
    assert "1 messages of" in last_reply(pressed)
    assert "on their way again" in last_reply(pressed)
    async with w.bot.services.sessions() as session:
        [retried] = await session.scalars(
            select(RelayedMessage).where(RelayedMessage.status == RelayStatus.PENDING)
        )
        assert (retried.attempts, retried.fault) == (0, None)
        assert retried.next_retry_at is not None
        assert retried.next_retry_at <= bot_clock()  # due now, not after a backoff

    assert await exchange.retry_pending() == 1  # type: ignore[attr-defined]
    assert len(relayed(origin)) == 1
    assert RelayStatus.DEAD not in await statuses(w)
    assert await check_bridges(w) == 0
    async with w.bot.services.sessions() as session:
        assert await FailureNoticeRepository(session).noticed_bridges() == []  # cleared
    assert "everything delivered" in last_reply(await w.admin.slash(w.en_channel, "setup status"))


async def test_discard_gives_up_the_dead_letters(world: World) -> None:
    w = await bridged(world)
    await dead_relays(w, 3)
    await dead_relays(w, 1, status=RelayStatus.FAILED, fault="timeout")
    status = await w.admin.slash(w.en_channel, "setup status")
    pressed = await w.admin.click(shown(status), label="Discard (1)")
    assert "Discarded 3 dead-lettered messages" in last_reply(pressed)
    assert sorted(await statuses(w)) == sorted([RelayStatus.DISCARDED] * 3 + [RelayStatus.FAILED])
    again = await w.admin.slash(w.en_channel, "setup status")
    assert "1 on their way, 0 dead-lettered. Last error: Discord did not answer in time" in (
        last_reply(again)
    )


async def test_a_member_without_manage_server_cannot_press(world: World) -> None:
    w = await bridged(world)
    await dead_relays(w, 2)
    status = await w.admin.slash(w.en_channel, "setup status")
    # The moderator loses Manage Server while the status is still on screen.
    w.env.backend.edit_member(w.guild.id, w.admin.id, {"role_ids": []})
    await w.env.settle()
    for label in ("Retry now (1)", "Discard (1)"):
        refused = await w.admin.click(shown(status), label=label)
        assert "Only members with Manage Server" in last_reply(refused)
    assert await statuses(w) == [RelayStatus.DEAD, RelayStatus.DEAD]


async def test_buttons_work_after_a_restart(
    world: World, make_settings: Callable[[], Settings]
) -> None:
    w = await bridged(world)
    await dead_relays(w, 2)
    status = await w.admin.slash(w.en_channel, "setup status")
    # Another bot process on the same database file handles the press.
    fresh = YiqiBot(make_settings(), translation=w.bot.services.translation)
    await w.env.restart_bot(fresh)
    assert fresh is not w.bot
    w.bot = fresh
    try:
        pressed = await w.admin.click(shown(status), label="Retry now (1)")
        assert "2 messages of" in last_reply(pressed)
        assert await statuses(w) == [RelayStatus.PENDING, RelayStatus.PENDING]
    finally:
        await fresh.close()


async def test_one_notice_for_many_dead_relays_and_again_only_after_recovery(
    world: World,
) -> None:
    w = await bridged(world)
    mods = await moderators_channel(w)
    await dead_relays(w, 12)
    assert await check_bridges(w) == 1
    assert await check_bridges(w) == 0  # still failing: no second notice
    [notice] = mods.history()
    en, zh = f"<#{w.en_channel.id}>", f"<#{w.zh_channel.id}>"
    assert notice.content.startswith(
        f"Yiqi cannot deliver messages between {en} and {zh} (12 dead-lettered, 0 on their way)."
        f" Last error: the bot lacks permission to post in {en}."
    )
    assert "机器人没有在" in notice.content  # no UI language chosen: both languages

    # Moderators discard the dead letters and the bridge delivers again.
    status = await w.admin.slash(w.en_channel, "setup status")
    await w.admin.click(shown(status), label="Discard (1)")
    await w.wei.send(w.zh_channel, "你好！")
    assert await check_bridges(w) == 0
    await dead_relays(w, 1)
    assert await check_bridges(w) == 1
    assert len(mods.history()) == 2


async def test_failing_three_times_notices_before_the_dead_letter(world: World) -> None:
    w = await bridged(world)
    mods = await moderators_channel(w)
    await dead_relays(w, 1, status=RelayStatus.FAILED, fault="discord_unavailable")
    assert await check_bridges(w) == 1
    assert "Last error: Discord was unavailable" in mods.history()[0].content


async def test_a_notice_discord_could_not_take_is_posted_at_the_next_check(
    world: World,
) -> None:
    w = await bridged(world)
    mods = await moderators_channel(w)
    await dead_relays(w, 2)
    w.env.inject_error("POST", f"/channels/{mods.id}/messages", status=503, times=1)
    assert await check_bridges(w) == 0  # Discord busy: the claim is given back
    assert await check_bridges(w) == 1
    assert len(mods.history()) == 1


async def test_a_moderators_channel_the_bot_may_not_post_in_is_not_retried(
    world: World,
) -> None:
    w = await bridged(world)
    mods = await moderators_channel(w)
    await dead_relays(w, 2)
    w.env.inject_error("POST", f"/channels/{mods.id}/messages", status=403, code=50013, times=None)
    posts = f"/channels/{mods.id}/messages"
    assert await check_bridges(w) == 0
    assert await check_bridges(w) == 0
    # Tried once, then left claimed: no refused request at every check (/setup status
    # still shows the failure).
    assert [r.path for r in w.env.http_requests if r.method == "POST"].count(posts) == 1


async def test_chinese_moderators_read_status_and_notice_in_chinese(
    world: World, discord_locales: dict[int, str]
) -> None:
    w = await bridged(world)
    mods = await moderators_channel(w)
    async with w.bot.services.sessions() as session, session.begin():
        guild = await session.get(Guild, w.guild.id)
        assert guild is not None
        guild.ui_locale = "zh_TW"
    await dead_relays(w, 2, fault="channel_gone")
    discord_locales[w.admin.id] = "zh-CN"

    result = await w.admin.slash(w.en_channel, "setup status")
    en, zh = f"<#{w.en_channel.id}>", f"<#{w.zh_channel.id}>"
    assert (
        f"{en} ↔ {zh}：0 条正在发送，2 条已放入死信。最近的错误：{en} 已不存在，或机器人看不到它。"
        in last_reply(result)
    )
    assert labels(shown(result)) == ["立即重试 (1)", "放弃 (1)"]
    pressed = await w.admin.click(shown(result), label="放弃 (1)")
    assert f"已放弃 {en} ↔ {zh} 的 2 条死信消息" in last_reply(pressed)

    await dead_relays(w, 1)
    assert await check_bridges(w) == 1
    [notice] = mods.history()
    assert notice.content.startswith(f"Yiqi 無法在 {en} 和 {zh} 之間送達訊息")
    assert "cannot deliver" not in notice.content  # the server's language only
