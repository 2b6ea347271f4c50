"""The pair's private space: one private thread per member, in their side's pen-pal channel.

Each member sees only their own thread; the relay (``RelayService.mirror_reply``) carries
every message, translated, into the partner's thread through the same webhook sink as the
Q&A bridge. Yiqi's own messages here (icebreaker, notices) are never relayed (loop guard).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

import discord

from bot.i18n import _, use_locale
from bot.i18n.messages.penpal import Penpal
from bot.services.discord_text import THREAD_NAME_LIMIT, fit
from bot.services.penpal.proposals import PairOpened
from bot.services.penpal.queue import EndedPair
from bot.translation.languages import Reader
from db.enums import Side

if TYPE_CHECKING:
    from bot.app import YiqiBot

log = logging.getLogger(__name__)


async def reader_of(bot: YiqiBot, guild_id: int, user_id: int, side: Side) -> Reader:
    """The member's own language setting, else their pen-pal side's default."""
    explicit = await bot.services.members.explicit_reader(guild_id, user_id)
    return explicit if explicit is not None and explicit.side is side else Reader.for_side(side)


def both_languages(
    msgid: str, zh: Reader = Reader.ZH_CN, *, separator: str = "\n", **fields: object
) -> str:
    """English, then Chinese: proposals and notices are read on both sides."""
    with use_locale("en"):
        english = _(msgid, **fields)
    with use_locale(zh.value):
        chinese = _(msgid, **fields)
    return f"{english}{separator}{chinese}"


async def direct_message(
    bot: YiqiBot, user_id: int, content: str, view: discord.ui.View | None = None
) -> bool:
    """DM a member; False (logged) when their DMs are closed or they are unknown."""
    try:
        user = bot.get_user(user_id) or await bot.fetch_user(user_id)
        if view is None:
            await user.send(content)
        else:
            await user.send(content, view=view)
    except discord.HTTPException:
        log.warning("could not DM user %s", user_id, exc_info=True)
        return False
    return True


async def notify_back_to_front(
    bot: YiqiBot, user_ids: Iterable[int], msgid: str = Penpal.BACK_TO_FRONT
) -> None:
    for user_id in user_ids:
        await direct_message(bot, user_id, both_languages(msgid))


async def display_name(guild: discord.Guild | None, user_id: int) -> str:
    """The member's name on this server (fetched: the member list is not cached)."""
    try:
        if guild is not None:
            member = guild.get_member(user_id) or await guild.fetch_member(user_id)
            return member.display_name
    except discord.HTTPException:
        log.warning("member %s not found", user_id)
    return str(user_id)


async def _delete_quietly(thread: discord.Thread) -> None:
    try:
        await thread.delete()
    except discord.HTTPException:
        log.warning("could not delete pen-pal thread %s", thread.id, exc_info=True)


async def guild_by_id(bot: YiqiBot, guild_id: int) -> discord.Guild | None:
    """The guild from the cache, else from Discord's API: DMs and their buttons reach the
    process of shard 0 only, which does not cache other clusters' guilds."""
    guild = bot.get_guild(guild_id)
    if guild is not None:
        return guild
    try:
        return await bot.fetch_guild(guild_id)
    except discord.HTTPException:
        log.warning("guild %s not found", guild_id)
        return None


async def _private_thread(bot: YiqiBot, channel_id: int, user_id: int, name: str) -> discord.Thread:
    """A private thread in ``channel_id`` with the member in it; nothing left behind on failure."""
    channel = bot.get_channel(channel_id) or await bot.fetch_channel(channel_id)  # see guild_by_id
    if not isinstance(channel, discord.TextChannel):
        raise TypeError(f"pen-pal channel {channel_id} is not a text channel")
    thread = await channel.create_thread(
        name=fit(name, THREAD_NAME_LIMIT), type=discord.ChannelType.private_thread, invitable=False
    )
    try:
        await thread.add_user(discord.Object(user_id))
    except discord.HTTPException:
        await _delete_quietly(thread)
        raise
    return thread


async def _both_threads(
    bot: YiqiBot, pair: PairOpened, zh_reader: Reader
) -> tuple[discord.Thread, ...] | None:
    """Each member's private thread (English side, then Chinese), stored on the pair; None,
    with any thread already made deleted, when either cannot be made."""
    guild = await guild_by_id(bot, pair.guild_id)
    if guild is None or pair.en_channel_id is None or pair.zh_channel_id is None:
        log.error("pair %s: guild or pen-pal channels missing", pair.pair_id)
        return None
    en_name = await display_name(guild, pair.en_user_id)
    zh_name = await display_name(guild, pair.zh_user_id)
    with use_locale("en"):
        en_title = _(Penpal.THREAD_NAME, partner=zh_name)
    with use_locale(zh_reader.value):
        zh_title = _(Penpal.THREAD_NAME, partner=en_name)
    made: list[discord.Thread] = []
    try:
        for channel_id, user_id, title in (
            (pair.en_channel_id, pair.en_user_id, en_title),
            (pair.zh_channel_id, pair.zh_user_id, zh_title),
        ):
            made.append(await _private_thread(bot, channel_id, user_id, title))
        await bot.services.penpal_opening.set_threads(
            pair.pair_id, en_thread_id=made[0].id, zh_thread_id=made[1].id
        )
    except Exception:  # a Discord refusal, an outage or the database: all undo the pair
        log.exception("pair %s: private threads not made; the pair is undone", pair.pair_id)
        for thread in made:
            await _delete_quietly(thread)
        return None
    return tuple(made)


async def open_conversation(bot: YiqiBot, pair: PairOpened) -> None:
    """Both accepted: a private thread each, the icebreaker, and a DM with the way in.

    The pair only opens once both threads exist: if either cannot be made, the pair is undone
    and both members go back to the front of the queue (told so, as after a timeout).
    """
    zh_reader = await reader_of(bot, pair.guild_id, pair.zh_user_id, Side.ZH)
    threads = await _both_threads(bot, pair, zh_reader)
    if threads is None:
        back = await bot.services.penpal_opening.abandon(pair.pair_id)
        await notify_back_to_front(bot, back, Penpal.NOT_OPENED)
        return
    en_thread, zh_thread = threads
    icebreaker = both_languages(Penpal.ICEBREAKER, zh_reader)
    for thread, user_id, partner_id, reader in (
        (en_thread, pair.en_user_id, pair.zh_user_id, Reader.EN),
        (zh_thread, pair.zh_user_id, pair.en_user_id, zh_reader),
    ):
        await thread.send(icebreaker)
        with use_locale(reader.value):
            text = _(Penpal.PAIRED, partner=f"<@{partner_id}>", thread=thread.mention)
        await direct_message(bot, user_id, text)


async def close_conversation(bot: YiqiBot, ended: EndedPair) -> None:
    """Say so in both threads, then lock and archive them (best effort)."""
    for thread_id in (ended.en_thread_id, ended.zh_thread_id):
        if thread_id is None:
            continue
        try:
            thread = bot.get_channel(thread_id) or await bot.fetch_channel(thread_id)
            if isinstance(thread, discord.Thread):
                await thread.send(both_languages(Penpal.CONVERSATION_ENDED))
                await thread.edit(locked=True, archived=True)
        except discord.HTTPException:
            log.warning("could not close pen-pal thread %s", thread_id, exc_info=True)
