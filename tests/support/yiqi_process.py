"""Run the ``yiqi`` command in a fresh interpreter, as an operator does, and read its stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Outcome:
    status: int
    out: str
    err: str

    def the_one_error_line(self) -> str:
        """The failure as the operator sees it: non-zero, one stderr line, no traceback."""
        assert self.status != 0, self
        assert "Traceback" not in self.err, self.err
        lines = self.err.splitlines()
        assert len(lines) == 1, self.err
        return lines[0]


def yiqi(*args: str, cwd: Path, data_dir: Path, stdin: bytes = b"", **env: str) -> Outcome:
    """``python -m bot.cli ARGS`` in ``cwd`` (no stray .env) with only the given YIQI_ vars."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("YIQI_")}
    environ.update(env, PYTHONPATH=str(REPO), YIQI_DATA_DIR=str(data_dir))
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=cwd,
        env=environ,
        input=stdin,
        capture_output=True,
        timeout=180,
        check=False,
    )
    return Outcome(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )
