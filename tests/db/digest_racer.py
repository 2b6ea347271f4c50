"""One bot process racing others to post a digest (started by test_digest_processes).

Usage: python -m tests.db.digest_racer DATABASE_URL SENT_LOG
Once connected it prints "ready" and waits for a line on stdin: the parent says "go" to all
racers at once. Then it prints the outcome as JSON. Every message "sent" is appended to
SENT_LOG, one line each (O_APPEND single writes: lines from several processes never
interleave).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from datetime import datetime, timedelta

from bot.services.digest.config import DigestConfigService
from bot.services.digest.ports import DigestChart
from bot.services.digest.publisher import DigestPublisher
from db.engine import create_engine, create_sessionmaker
from tests.db.digest_support import GUILD, Composer


class SentLog:
    """The port, standing in for Discord: a shared file every process appends to."""

    def __init__(self, path: str) -> None:
        self._path = path

    async def send(self, channel_id: int, content: str, *, chart: DigestChart | None = None) -> int:
        message_id = int.from_bytes(os.urandom(6), "big")
        line = f"{os.getpid()}\t{channel_id}\t{message_id}\t{content}\n".encode()
        descriptor = os.open(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(descriptor, line)
        finally:
            os.close(descriptor)
        return message_id

    async def own_messages_since(self, channel_id: int, since: datetime) -> list[int]:
        return []  # no process crashes in this race


async def race(url: str, sent_log: str) -> dict[str, object]:
    engine = create_engine(url)
    try:
        sessions = create_sessionmaker(engine)
        publisher = DigestPublisher(
            sessions,
            DigestConfigService(sessions),
            Composer(),
            # Whatever the real clock says, the latest slot is within a week: always due.
            grace=timedelta(days=7),
            lease=timedelta(minutes=15),
            process_id=f"process-{os.getpid()}",
        )
        async with engine.connect():  # connected before the start, like a running bot
            pass
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        result = await publisher.run_due(SentLog(sent_log), GUILD)
        return {"pid": os.getpid(), "outcome": result.outcome.value, "week": str(result.week)}
    finally:
        await engine.dispose()


if __name__ == "__main__":
    url, sent_log = sys.argv[1], sys.argv[2]
    print(json.dumps(asyncio.run(race(url, sent_log))))
