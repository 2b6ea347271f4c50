"""The ids a Discord event carries, bound to every log line its handling writes."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any


def event_context(event: str, args: Sequence[Any]) -> dict[str, object]:
    """``event`` name, a fresh trace id, and the guild and shard of the first argument that
    has them (a message, an interaction, a raw-event payload); never any content."""
    ids: dict[str, object] = {"event": event, "trace_id": secrets.token_hex(8)}
    for arg in args[:2]:
        guild = getattr(arg, "guild", None)
        guild_id = getattr(arg, "guild_id", None) or getattr(guild, "id", None)
        if isinstance(guild_id, int):
            ids["guild_id"] = guild_id
            shard_id = getattr(guild, "shard_id", None)
            if isinstance(shard_id, int):
                ids["shard_id"] = shard_id
            break
    return ids
