"""A second ``yiqi run`` on the same SQLite file stops at once with one line (exit 2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.sqlite_lock import lock_path, sole_sqlite_process
from bot.errors import EXIT_OPERATOR, OperatorError

ROOT = Path(__file__).resolve().parents[2]


def _url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def test_a_second_holder_of_the_same_file_is_refused_until_the_first_ends(
    tmp_path: Path,
) -> None:
    database = tmp_path / "yiqi.db"
    with sole_sqlite_process(_url(database)):
        with pytest.raises(OperatorError) as refused, sole_sqlite_process(_url(database)):
            pass
        assert f"pid {os.getpid()}" in str(refused.value)
        with sole_sqlite_process(_url(tmp_path / "other.db")):  # another file: its own lock
            pass
    with sole_sqlite_process(_url(database)):  # released with the first
        pass


def test_postgresql_takes_no_file_lock(tmp_path: Path) -> None:
    with sole_sqlite_process("postgresql+asyncpg://u@127.0.0.1/yiqi"):
        assert list(tmp_path.iterdir()) == []


def test_yiqi_run_on_a_sqlite_file_in_use_exits_2_with_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("YIQI_")}
    env |= {"PYTHONPATH": str(ROOT), "YIQI_DATA_DIR": str(data), "YIQI_DISCORD_TOKEN": "x"}
    with sole_sqlite_process(_url(data / "yiqi.db")):
        run = subprocess.run(
            [sys.executable, "-m", "bot.cli", "run"],
            check=False,
            cwd=tmp_path,  # no .env here
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert run.returncode == EXIT_OPERATOR
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "SQLite serves one process" in lines[0], run.stderr
    assert lock_path(data / "yiqi.db").exists()
