"""Channel permissions by name, and what each feature needs in a channel (one list each).

Discord-free: the names are ``discord.Permissions`` attribute names, which the Discord
adapter (``bot.adapters.channel_permissions``) reads and localizes. ``/setup bridge`` checks
``relay_needs``; ``/setup status`` can reuse it.
"""

from __future__ import annotations

from enum import StrEnum

from db.enums import ChannelKind


class ChannelPermission(StrEnum):
    VIEW_CHANNEL = "view_channel"
    SEND_MESSAGES = "send_messages"  # "Create Posts" in a forum
    SEND_MESSAGES_IN_THREADS = "send_messages_in_threads"  # "Send Messages in Posts" in a forum
    CREATE_PUBLIC_THREADS = "create_public_threads"
    MANAGE_WEBHOOKS = "manage_webhooks"
    READ_MESSAGE_HISTORY = "read_message_history"
    EMBED_LINKS = "embed_links"
    ATTACH_FILES = "attach_files"
    MANAGE_THREADS = "manage_threads"
    MANAGE_MESSAGES = "manage_messages"
    MANAGE_CHANNELS = "manage_channels"


_RELAY_EVERYWHERE = (
    ChannelPermission.VIEW_CHANNEL,
    ChannelPermission.SEND_MESSAGES,  # the bot's own notices; a forum: posts
    ChannelPermission.SEND_MESSAGES_IN_THREADS,  # notices and badges in question threads
    ChannelPermission.MANAGE_WEBHOOKS,  # mirrors go out under the member's name
    ChannelPermission.READ_MESSAGE_HISTORY,  # replies quote, edits find the original
    ChannelPermission.EMBED_LINKS,
    ChannelPermission.ATTACH_FILES,
)

_RELAY_NEEDS: dict[ChannelKind, tuple[ChannelPermission, ...]] = {
    # Every post gets a thread the bot starts on it (the bot owns it: no Manage Threads).
    ChannelKind.TEXT: (*_RELAY_EVERYWHERE, ChannelPermission.CREATE_PUBLIC_THREADS),
    # Members open their own posts; the "answered" badge renames them.
    ChannelKind.FORUM: (*_RELAY_EVERYWHERE, ChannelPermission.MANAGE_THREADS),
}

# What a member needs to post a question there: a forum's "Create Posts" is send_messages.
ASKER_NEEDS = (ChannelPermission.VIEW_CHANNEL, ChannelPermission.SEND_MESSAGES)

# Discord: members with Manage Messages or Manage Channel are unaffected by slowmode.
SLOWMODE_BYPASS = (ChannelPermission.MANAGE_MESSAGES, ChannelPermission.MANAGE_CHANNELS)


def relay_needs(kind: ChannelKind) -> tuple[ChannelPermission, ...]:
    """Everything the bot needs in a bridged channel of this kind for the relay to work."""
    return _RELAY_NEEDS[kind]
