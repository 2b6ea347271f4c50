"""Translation workers are the `scale` extra: a bot without YIQI_NATS_URL never imports nats."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_without_nats_url_the_bot_never_imports_nats() -> None:
    check = (
        "import sys, bot.cli, bot.app, bot.translation.engine; "
        "assert 'nats' not in sys.modules, 'nats imported'"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("YIQI_NATS_URL", None)
    subprocess.run([sys.executable, "-c", check], check=True, env=env, cwd=str(REPO))
