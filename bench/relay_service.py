"""Relay throughput without the simulator: RelayService + real model + SQLite, in-memory sink.

SimCord's settlement bookkeeping grows with the number of concurrent handlers (profiled:
~75% of a 300-reply run), so the SimCord benchmark mostly measures the simulator. This one
runs the same RelayService code path (record, translate in shared batches, order per thread,
mark delivered) with a sink that only records what it was asked to post.
Run as ``python -m bench.relay_service``; prints one JSON object.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.relay import LINES, REPLIES, relay_summary
from bot.services.exchange.bridges import BridgeService
from bot.services.glossary.service import GlossaryService
from bot.services.language.guild_scripts import GuildScripts
from bot.services.language.translator import GuildTranslator
from bot.services.relay.port import Author, Found, IncomingMessage, Posted
from bot.services.relay.service import RelayService
from bot.translation.engine import TranslationEngine
from bot.translation.packages import list_installed
from bot.translation.runtime import LoadedModel
from db.engine import create_engine, create_sessionmaker
from db.enums import ChannelKind
from db.migrate import upgrade_database_async

GUILD = 1


class MemorySink:
    """Records posts; ids come from a counter."""

    def __init__(self) -> None:
        self.ids = itertools.count(10_000)
        self.posted: list[tuple[float, int, str]] = []

    async def start_thread(self, channel_id: int, message_id: int, name: str) -> int:
        return next(self.ids)

    async def post_in_channel(self, channel_id: int, content: str, author: Author) -> int:
        return next(self.ids)

    async def open_thread(self, channel_id: int, name: str, content: str, author: Author) -> Posted:
        return Posted(next(self.ids), next(self.ids))

    async def post(self, channel_id: int, thread_id: int, content: str, author: Author) -> int:
        self.posted.append((time.perf_counter(), thread_id, content))
        return next(self.ids)

    async def edit(self, channel_id: int, thread_id: int, message_id: int, content: str) -> None:
        return None

    async def find_posted(
        self, channel_id: int, thread_id: int | None, after_id: int, digest: str
    ) -> list[Found]:
        return []  # every answer arrives here: no post has an unknown outcome

    async def delete(self, channel_id: int, thread_id: int, message_id: int) -> None:
        return None


async def run(models_dir: Path, workdir: Path) -> dict[str, Any]:
    installed = [m for m in list_installed(models_dir) if m.direction == "zh_en"]
    if not installed:
        sys.exit("no zh→en model installed: run `make models`")
    engine = TranslationEngine({"zh_en": LoadedModel(installed[0])})
    db = create_engine(f"sqlite+aiosqlite:///{workdir / 'bench.db'}")
    await upgrade_database_async(db)
    sessions = create_sessionmaker(db)
    scripts = GuildScripts(sessions, monotonic=time.monotonic)
    translator = GuildTranslator(
        engine, scripts, GlossaryService(sessions, monotonic=time.monotonic)
    )
    relay, sink = RelayService(sessions, translator), MemorySink()
    await BridgeService(sessions).link(GUILD, (11, ChannelKind.TEXT), (12, ChannelKind.TEXT), by=1)
    emily = Author(2, "Emily")
    mirrors = []
    for number, text in enumerate(("Does every Chinese person own a panda?", "Two jobs?")):
        question = await relay.open_question(
            sink, IncomingMessage(GUILD, 11, 100 + number, emily, text)
        )
        assert question is not None and question.mirror_thread_id is not None
        mirrors.append(question.mirror_thread_id)
    sink.posted.clear()
    xiaohong = Author(3, "小红")
    replies = [
        IncomingMessage(
            GUILD, 12, 1_000 + i, xiaohong, f"{LINES[i % len(LINES)]}（{i}）", mirrors[i % 2]
        )
        for i in range(REPLIES)
    ]
    started = time.perf_counter()
    await asyncio.gather(*(relay.mirror_reply(sink, reply) for reply in replies))
    total = time.perf_counter() - started
    batcher = engine.batcher("zh_en")
    await engine.close()
    await db.dispose()
    latencies = [at - started for at, _, _ in sink.posted]
    return relay_summary(len(sink.posted), total, latencies, batcher)


def main() -> None:
    data_dir = Path(os.environ.get("YIQI_DATA_DIR", "data"))
    with tempfile.TemporaryDirectory(prefix="yiqi-bench-relay-service-") as workdir:
        print(json.dumps(asyncio.run(run(data_dir / "models", Path(workdir)))))


if __name__ == "__main__":
    main()
