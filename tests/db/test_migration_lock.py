"""Shard clusters start together: their migrations run one at a time (a PostgreSQL advisory
lock), and every process starts on a database at head. Real processes: Alembic keeps its
migration context in module globals, so only separate interpreters really run at once."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from db.engine import create_engine
from db.migrate import alembic_config
from tests.db.conftest import BACKENDS

POSTGRESQL = [p for p in BACKENDS if p.values == ("postgresql",)]
ROOT = Path(__file__).resolve().parents[2]
UPGRADE = "import sys; from db.migrate import upgrade_database; upgrade_database(sys.argv[1])"


async def _upgrade_in_a_process(url: str) -> tuple[int, bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", UPGRADE, url, env=env, cwd=ROOT, stderr=asyncio.subprocess.PIPE
    )
    _, errors = await process.communicate()
    return process.returncode or 0, errors


@pytest.mark.parametrize("backend", POSTGRESQL)
async def test_processes_upgrading_a_fresh_database_at_once_all_succeed(fresh_db_url: str) -> None:
    results = await asyncio.gather(*(_upgrade_in_a_process(fresh_db_url) for _ in range(3)))

    assert [code for code, _ in results] == [0, 0, 0], [err.decode()[-600:] for _, err in results]
    engine = create_engine(fresh_db_url)
    try:
        async with engine.connect() as connection:
            revisions = await connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            assert [row[0] for row in revisions] == [
                ScriptDirectory.from_config(alembic_config()).get_current_head()
            ]
            current = await connection.run_sync(
                lambda sync: MigrationContext.configure(sync).get_current_revision()
            )
            assert current is not None
    finally:
        await engine.dispose()
