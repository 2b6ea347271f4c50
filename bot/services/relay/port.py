"""What the relay gets from Discord and needs from it: the messages it relays, and a port
the cog layer implements with webhooks."""

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


@dataclass(frozen=True)
class Found:
    """A post found on Discord after a send whose outcome was unknown."""

    message_id: int
    thread_id: int | None  # the thread it opened or sits in; None: a channel post, no thread


@dataclass(frozen=True)
class IncomingMessage:
    """A member's message as the relay sees it."""

    guild_id: int
    channel_id: int  # the bridged channel (a thread's parent)
    message_id: int
    author: Author
    text: str
    thread_id: int | None = None
    attachments: tuple[str, ...] = ()
    reply_to_message_id: int | None = None
    title: str | None = None  # a forum post's own title; else the text's first line


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

    async def find_posted(
        self, channel_id: int, thread_id: int | None, after_id: int, digest: str
    ) -> list[Found]:
        """Webhook posts newer than message ``after_id`` whose content hashes to ``digest``
        (``outbox.content_digest``), oldest first, in ``thread_id``, or (None) in the channel
        itself or as a new thread's starter: a send whose answer was lost may have been taken.
        Discord's own ids order the search, so the bot's clock does not matter."""
