"""Commands that must write say which directory they cannot write and why, in one line."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bot.errors import OperatorError


def require_writable_dir(directory: Path, purpose: str) -> None:
    """Create ``directory`` if needed and check a file can be written there."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as error:
        raise OperatorError(
            f"cannot write to {directory} ({error.strerror or error}), needed {purpose}: "
            "make it writable, or set YIQI_DATA_DIR to a writable directory"
        ) from error
