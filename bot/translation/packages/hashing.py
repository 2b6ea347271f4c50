"""SHA-256 helpers that stream: model archives are ~75 MB and should not sit in memory."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import IO

from bot.translation.packages.errors import PackageError

CHUNK_SIZE = 1 << 20


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def copy_hashing(
    source: IO[bytes], dest: IO[bytes], on_chunk: Callable[[int], None] | None = None
) -> str:
    """Copy a stream in chunks and return the hex SHA-256 of what was copied."""
    digest = hashlib.sha256()
    while chunk := source.read(CHUNK_SIZE):
        digest.update(chunk)
        dest.write(chunk)
        if on_chunk is not None:
            on_chunk(len(chunk))
    return digest.hexdigest()


def check_sha256(what: str, expected: str, got: str) -> None:
    """Raise a PackageError naming both digests when they differ."""
    if got.lower() != expected.lower():
        raise PackageError(f"SHA-256 mismatch for {what}: expected {expected}, got {got}")
