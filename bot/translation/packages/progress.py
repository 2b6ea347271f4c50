"""Progress of downloads and installs: a bar on a terminal, plain lines in a log, or nothing.

The package layer reports steps and bytes; the CLI chooses how they are shown.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TextIO

from tqdm import tqdm

MEGABYTE = 1024 * 1024
# Without a TTY (systemd, docker logs, CI) a line per quarter is enough to see it moving.
LINE_STEP_PERCENT = 25
# Without a known size, a line per this many bytes.
LINE_STEP_BYTES = 16 * MEGABYTE


class Progress(Protocol):
    def start(self, label: str, total: int | None = None) -> None:
        """A new step; ``total`` bytes when known, None for a step without a size."""

    def advance(self, amount: int) -> None:
        """``amount`` more bytes of the current step are done."""

    def finish(self, *, ok: bool = True) -> None:
        """The current step ended (``ok=False``: it failed)."""


@contextmanager
def step(progress: Progress, label: str, total: int | None = None) -> Iterator[None]:
    """A step that reports "done" when the block completes and "failed" when it raises."""
    progress.start(label, total)
    try:
        yield
    except BaseException:
        progress.finish(ok=False)
        raise
    progress.finish()


class QuietProgress:
    """Reports nothing: library callers and tests that do not ask for progress."""

    def start(self, label: str, total: int | None = None) -> None:
        pass

    def advance(self, amount: int) -> None:
        pass

    def finish(self, *, ok: bool = True) -> None:
        pass


class BarProgress:
    """tqdm bars on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._bar: Any = None

    def start(self, label: str, total: int | None = None) -> None:
        self.finish()
        self._bar = tqdm(
            total=total, desc=label, unit="B", unit_scale=True, unit_divisor=1024,
            file=self._stream, leave=True, dynamic_ncols=True,
        )  # fmt: skip

    def advance(self, amount: int) -> None:
        if self._bar is not None:
            self._bar.update(amount)

    def finish(self, *, ok: bool = True) -> None:
        if self._bar is not None:
            if not ok:
                self._bar.set_postfix_str("failed", refresh=False)
            self._bar.close()
            self._bar = None


class LineProgress:
    """Plain lines when output goes to a file or journal: start, each quarter, done."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._label = ""
        self._total: int | None = None
        self._done = 0
        self._reported = 0
        self._open = False

    def _say(self, text: str) -> None:
        print(f"{self._label}: {text}", file=self._stream, flush=True)

    def start(self, label: str, total: int | None = None) -> None:
        self.finish()
        self._label, self._total, self._done, self._reported = label, total, 0, 0
        self._open = True
        size = f" ({total / MEGABYTE:.1f} MB)" if total else ""
        self._say(f"started{size}")

    def advance(self, amount: int) -> None:
        self._done += amount
        if self._total:
            percent = min(100, self._done * 100 // self._total)
            step = percent - percent % LINE_STEP_PERCENT
            if step > self._reported and step < 100:
                self._reported = step
                self._say(f"{step}%")
        elif self._done - self._reported >= LINE_STEP_BYTES:
            self._reported = self._done
            self._say(f"{self._done / MEGABYTE:.0f} MB")

    def finish(self, *, ok: bool = True) -> None:
        if self._open:
            self._open = False
            self._say("done" if ok else "failed")


def progress_for(stream: TextIO | None = None) -> Progress:
    """A bar when ``stream`` (stdout by default) is a terminal, plain lines otherwise."""
    stream = stream or sys.stdout
    return BarProgress(stream) if stream.isatty() else LineProgress(stream)
