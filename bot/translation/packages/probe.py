"""Try a package in a separate process before trusting it: load it and translate one sentence.

A broken package can do worse than raise: a vocabulary larger than the model's embeddings
makes CTranslate2 read out of bounds and the process dies (SIGSEGV). Only a child process
survives that, and a timeout covers a load that hangs.
"""

from __future__ import annotations

import signal
import subprocess
import sys

from bot.translation.packages.errors import PackageError
from bot.translation.packages.installed import InstalledModel

PROBE_TIMEOUT_SECONDS = 120.0
PROBE_MODULE = "bot.translation.packages.probe_child"
# What the child prints before its translation, so stray library output is not mistaken for it.
RESULT_PREFIX = "probe-result:"
PROBE_SENTENCES = {"zh": "你好，谢谢你的帮助。", "en": "Hello, thank you for your help."}


def _signal_name(returncode: int) -> str:
    try:
        return signal.Signals(-returncode).name
    except ValueError:
        return f"signal {-returncode}"


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:200] if lines else "no output"


def probe_package(model: InstalledModel, *, timeout: float = PROBE_TIMEOUT_SECONDS) -> str:
    """Load ``model`` and translate a probe sentence in a child process; return the output.

    Raises PackageError with a short reason when the child fails, crashes or times out.
    """
    command = [sys.executable, "-m", PROBE_MODULE, str(model.path), model.from_code, model.to_code]
    try:
        done = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            command, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise PackageError(f"{model.direction}: model did not load within {timeout:g} s") from exc
    if done.returncode < 0:
        raise PackageError(
            f"{model.direction}: model crashed while loading ({_signal_name(done.returncode)})"
        )
    if done.returncode != 0:
        raise PackageError(f"{model.direction}: model does not load: {_last_line(done.stderr)}")
    results = [line for line in done.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if not results:
        raise PackageError(f"{model.direction}: model produced no translation")
    return results[-1].removeprefix(RESULT_PREFIX).strip()
