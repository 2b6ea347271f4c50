"""What the relay needs from Discord, as a port: the cog layer implements it with webhooks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Author:
    """Who a mirrored message is posted as (webhook username and avatar)."""

    id: int
    display_name: str
    avatar_url: str | None = None


@dataclass(frozen=True)
class Posted:
    thread_id: int
    message_id: int


class MirrorSink(Protocol):
    """Discord operations of the relay. Implementations raise on failure; the relay retries."""

    async def start_thread(self, channel_id: int, message_id: int, name: str) -> int:
        """Open a thread on a member's message in the origin channel; returns the thread id."""

    async def post_in_channel(self, channel_id: int, content: str, author: Author) -> int:
        """Post ``content`` as ``author`` in ``channel_id`` itself; returns the message id."""

    async def open_thread(self, channel_id: int, name: str, content: str, author: Author) -> Posted:
        """Post ``content`` as ``author`` in ``channel_id`` and open a thread on it."""

    async def post(self, channel_id: int, thread_id: int, content: str, author: Author) -> int:
        """Post ``content`` as ``author`` in a thread of ``channel_id``; returns the message id."""

    async def edit(self, channel_id: int, thread_id: int, message_id: int, content: str) -> None:
        """Replace the content of a mirrored message."""

    async def delete(self, channel_id: int, thread_id: int, message_id: int) -> None:
        """Delete a mirrored message."""
