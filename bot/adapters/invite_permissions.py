"""The server-wide permissions Yiqi asks for when it is invited (the OAuth2 URL's integer).

One place: every channel permission the relay checks (``relay_needs``, text and forum) plus
what the features outside bridged channels need. docs/ADMIN.md explains each one;
tests/unit/test_invite.py keeps the two lists equal.
"""

from __future__ import annotations

from typing import Final

import discord

from bot.services.channel_permissions import relay_needs
from db.enums import ChannelKind

# Needed outside the relay's per-channel list (discord.Permissions attribute → feature).
BEYOND_THE_RELAY: Final = {
    "create_private_threads": "pen pals: each member's private thread with their partner",
    "manage_roles": "cat tax: grants the gate role to members who posted their cat",
}

SCOPES: Final = ("bot", "applications.commands")


def invite_permission_names() -> frozenset[str]:
    relay = {permission.value for kind in ChannelKind for permission in relay_needs(kind)}
    return frozenset(relay | BEYOND_THE_RELAY.keys())


def invite_permissions() -> discord.Permissions:
    return discord.Permissions(**dict.fromkeys(invite_permission_names(), True))


def invite_url(client_id: int) -> str:
    """Discord's authorize URL adding the bot with its slash commands and these permissions."""
    return discord.utils.oauth_url(client_id, permissions=invite_permissions(), scopes=SCOPES)
