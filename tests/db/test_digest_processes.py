"""Exactly once across real separate bot processes sharing one database."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.enums import DigestStatus
from db.repositories import DigestRepository
from tests.db.digest_support import CHANNEL, GUILD, configure

REPO = Path(__file__).resolve().parents[2]
PROCESSES = 3


class Racer:
    """A racer process: started, connected and waiting for the word to go."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls, url: str, sent_log: Path) -> Racer:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.db.digest_racer",
            url,
            str(sent_log),
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        racer = cls(process)
        assert process.stdout is not None
        ready = await process.stdout.readline()
        if ready != b"ready\n":
            await racer.result()  # reports the racer's error
        return racer

    async def result(self, go: bytes | None = None) -> dict[str, Any]:
        out, err = await self.process.communicate(go)
        assert self.process.returncode == 0, err.decode()
        result: dict[str, Any] = json.loads(out)
        return result


async def test_separate_processes_firing_at_once_post_the_digest_once(
    db_url: str, session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    await configure(session_factory)
    sent_log = tmp_path / "sent.log"
    # Every racer has imported and connected before any of them may claim.
    racers = await asyncio.gather(*(Racer.start(db_url, sent_log) for _ in range(PROCESSES)))
    results = await asyncio.gather(*(racer.result(go=b"go\n") for racer in racers))

    outcomes = sorted(r["outcome"] for r in results)
    assert outcomes.count("posted") == 1, outcomes
    assert set(outcomes) <= {"posted", "already_posted", "in_progress"}
    [winner] = [r for r in results if r["outcome"] == "posted"]

    lines = [line.split("\t") for line in sent_log.read_text().splitlines()]
    assert [(int(pid), int(channel)) for pid, channel, _, _ in lines] == [
        (winner["pid"], CHANNEL)
    ] * 3
    assert [content.split(" (")[0] for *_, content in lines] == [
        "part one",
        "part two",
        "part three",
    ]
    async with session_factory() as session:
        row = await DigestRepository(session).get(GUILD, winner["week"])
    assert row is not None
    assert (row.status, row.claimed_by) == (DigestStatus.POSTED, f"process-{winner['pid']}")
    assert row.message_ids == [int(message_id) for _, _, message_id, _ in lines]
    assert {r["week"] for r in results} == {winner["week"]}
