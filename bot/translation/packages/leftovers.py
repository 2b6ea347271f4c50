"""One install at a time per models directory, and what a killed install left behind.

The lock is ``flock`` on the directory itself, so it spans processes (two ``yiqi models
install`` at once) and adds no file; the kernel drops it when a killed process dies.
Everything an install creates starts with a known prefix, so under the lock whatever carries
one is a leftover of an install that was killed.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

log = logging.getLogger(__name__)


@contextlib.contextmanager
def exclusive_install(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``directory`` (blocks while another install runs)."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def remove_leftovers(directory: Path, prefixes: Sequence[str]) -> list[str]:
    """Delete entries of ``directory`` whose names start with one of ``prefixes``."""
    removed: list[str] = []
    if not directory.is_dir():
        return removed
    for entry in sorted(directory.iterdir()):
        if not entry.name.startswith(tuple(prefixes)):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()
        removed.append(entry.name)
    if removed:
        log.info("removed leftovers of an interrupted install: %s", ", ".join(removed))
    return removed
