"""A MirrorSink for service tests: the Discord side of the relay, reduced to what was asked."""

from __future__ import annotations

import itertools

from bot.services.relay.outbox import content_digest
from bot.services.relay.port import Author, Found, Posted


class RecordingSink:
    """The Discord side of the relay, reduced to what was asked of it."""

    def __init__(self) -> None:
        self.ids = itertools.count(10_000)
        self.contents: dict[int, str] = {}
        self.edits: list[int] = []
        self.threads: dict[int, int | None] = {}  # message -> the thread it opened or sits in

    async def start_thread(self, channel_id: int, message_id: int, name: str) -> int:
        return next(self.ids)

    async def post_in_channel(self, channel_id: int, content: str, author: Author) -> int:
        return next(self.ids)

    async def open_thread(self, channel_id: int, name: str, content: str, author: Author) -> Posted:
        thread, message = next(self.ids), next(self.ids)
        self.contents[message] = content
        self.threads[message] = thread
        return Posted(thread, message)

    async def post(self, channel_id: int, thread_id: int, content: str, author: Author) -> int:
        message = next(self.ids)
        self.contents[message] = content
        self.threads[message] = thread_id
        return message

    async def edit(self, channel_id: int, thread_id: int, message_id: int, content: str) -> None:
        self.contents[message_id] = content
        self.edits.append(message_id)

    async def delete(self, channel_id: int, thread_id: int, message_id: int) -> None:
        self.contents.pop(message_id, None)

    async def find_posted(
        self, channel_id: int, thread_id: int | None, after_id: int, digest: str
    ) -> list[Found]:
        return [
            Found(message, self.threads.get(message))
            for message, content in sorted(self.contents.items())
            if content_digest(content) == digest
            and (thread_id is None or self.threads.get(message) == thread_id)
        ]


class OutageSink(RecordingSink):
    """Discord unreachable while ``down``: every post fails as a lost connection does."""

    down = False

    async def post(self, channel_id: int, thread_id: int, content: str, author: Author) -> int:
        if self.down:
            raise ConnectionError("Discord is unreachable")
        return await super().post(channel_id, thread_id, content, author)
