"""Discord permission names as Discord's own client shows them, for "missing permission" replies."""

from __future__ import annotations

from typing import Final

from bot.i18n.context import N_


class PermissionNames:
    """Names of channel permissions (Discord's wording; forums have their own for two)."""

    VIEW_CHANNEL: Final = N_("View Channel")
    SEND_MESSAGES: Final = N_("Send Messages")
    SEND_MESSAGES_IN_THREADS: Final = N_("Send Messages in Threads")
    CREATE_POSTS: Final = N_("Create Posts")
    SEND_MESSAGES_IN_POSTS: Final = N_("Send Messages in Posts")
    CREATE_PUBLIC_THREADS: Final = N_("Create Public Threads")
    MANAGE_WEBHOOKS: Final = N_("Manage Webhooks")
    READ_MESSAGE_HISTORY: Final = N_("Read Message History")
    EMBED_LINKS: Final = N_("Embed Links")
    ATTACH_FILES: Final = N_("Attach Files")
    MANAGE_THREADS: Final = N_("Manage Threads")
    MANAGE_MESSAGES: Final = N_("Manage Messages")
    MANAGE_CHANNELS: Final = N_("Manage Channel")
