"""Reading a channel's permissions from discord.py, and naming missing ones in the reader's
language (the lists of what is needed: ``bot.services.channel_permissions``)."""

from __future__ import annotations

from collections.abc import Iterable

import discord

from bot.i18n import _
from bot.i18n.messages.permissions import PermissionNames
from bot.services.channel_permissions import ChannelPermission
from db.enums import ChannelKind

_NAMES = {
    ChannelPermission.VIEW_CHANNEL: PermissionNames.VIEW_CHANNEL,
    ChannelPermission.SEND_MESSAGES: PermissionNames.SEND_MESSAGES,
    ChannelPermission.SEND_MESSAGES_IN_THREADS: PermissionNames.SEND_MESSAGES_IN_THREADS,
    ChannelPermission.CREATE_PUBLIC_THREADS: PermissionNames.CREATE_PUBLIC_THREADS,
    ChannelPermission.MANAGE_WEBHOOKS: PermissionNames.MANAGE_WEBHOOKS,
    ChannelPermission.READ_MESSAGE_HISTORY: PermissionNames.READ_MESSAGE_HISTORY,
    ChannelPermission.EMBED_LINKS: PermissionNames.EMBED_LINKS,
    ChannelPermission.ATTACH_FILES: PermissionNames.ATTACH_FILES,
    ChannelPermission.MANAGE_THREADS: PermissionNames.MANAGE_THREADS,
    ChannelPermission.MANAGE_MESSAGES: PermissionNames.MANAGE_MESSAGES,
    ChannelPermission.MANAGE_CHANNELS: PermissionNames.MANAGE_CHANNELS,
}
# A forum names two of them after its posts, as Discord's client does.
_FORUM_NAMES = {
    ChannelPermission.SEND_MESSAGES: PermissionNames.CREATE_POSTS,
    ChannelPermission.SEND_MESSAGES_IN_THREADS: PermissionNames.SEND_MESSAGES_IN_POSTS,
}


def channel_kind(channel: discord.abc.GuildChannel) -> ChannelKind:
    return ChannelKind.FORUM if isinstance(channel, discord.ForumChannel) else ChannelKind.TEXT


def missing(
    granted: discord.Permissions, needed: Iterable[ChannelPermission]
) -> tuple[ChannelPermission, ...]:
    """The needed permissions that ``granted`` lacks, in the order they were listed."""
    return tuple(p for p in needed if not getattr(granted, p.value))


def has_any(granted: discord.Permissions, options: Iterable[ChannelPermission]) -> bool:
    return any(getattr(granted, p.value) for p in options)


def permission_names(permissions: Iterable[ChannelPermission], kind: ChannelKind) -> str:
    """``Send Messages, Manage Webhooks`` in the current locale, named as the channel's kind."""
    names = _FORUM_NAMES if kind is ChannelKind.FORUM else {}
    return ", ".join(_(names.get(p, _NAMES[p])) for p in permissions)
