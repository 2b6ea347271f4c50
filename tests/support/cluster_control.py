"""The test's side of ``tests/support/cluster_process.py``: start a cluster process, ask it
to act, read its answers; several clusters at the same moment with ``together``."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

from tests.support.cluster_process import PROTOCOL

REPO = Path(__file__).resolve().parents[2]
ANSWER_SECONDS = 60.0


class ClusterProcess:
    def __init__(self, shard: int, process: asyncio.subprocess.Process, log: Path) -> None:
        self.shard = shard
        self.process = process
        self.log = log  # the process's stderr (the bot's log lines)
        self.guild_id = 0

    @classmethod
    async def start(
        cls, shard: int, database_url: str, nats_url: str, prefix: str, log: Path
    ) -> ClusterProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("YIQI_")}
        env["PYTHONPATH"] = str(REPO)
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.support.cluster_process",
            str(shard), database_url, nats_url, prefix,
            env=env, cwd=str(REPO), stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=log.open("wb"),
        )  # fmt: skip
        cluster = cls(shard, process, log)
        ready = await cluster._answer()
        cluster.guild_id = int(ready["guild_id"])
        return cluster

    async def ask(self, action: str, **arguments: Any) -> Any:
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps({"do": action, **arguments}) + "\n").encode())
        await self.process.stdin.drain()
        return await self._answer()

    async def _answer(self) -> Any:
        assert self.process.stdout is not None
        while True:
            try:
                line = await asyncio.wait_for(self.process.stdout.readline(), ANSWER_SECONDS)
            except TimeoutError:
                self.process.send_signal(signal.SIGUSR1)  # it writes where its tasks wait
                await asyncio.sleep(1)
                raise AssertionError(f"cluster {self.shard} is late:\n{self._log_tail()}") from None
            if not line:
                raise AssertionError(f"cluster {self.shard} ended:\n{self._log_tail()}")
            text = line.decode()
            if text.startswith(PROTOCOL):
                reply = json.loads(text[len(PROTOCOL) :])
                if "error" in reply:
                    raise AssertionError(f"cluster {self.shard}: {reply['error']}")
                return reply["ok"]

    def _log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-12000:]

    async def stop(self) -> int:
        if self.process.returncode is None:
            assert self.process.stdin is not None
            self.process.stdin.write(b'{"do": "stop"}\n')
            await self.process.stdin.drain()
            try:
                await asyncio.wait_for(self.process.wait(), 60)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        return self.process.returncode or 0


async def together(clusters: list[ClusterProcess], action: str, **arguments: Any) -> list[Any]:
    """Every cluster does ``action`` at the same moment; their answers in order."""
    return list(await asyncio.gather(*(c.ask(action, **arguments) for c in clusters)))
