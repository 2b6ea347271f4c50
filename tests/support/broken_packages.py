"""Broken variants of a good tiny ``.argosmodel``: what a bad download or a bad index serves.

Each rewrites one thing of the archive and leaves the rest (metadata, layout) valid, so the
damage shows only when the model is loaded or run.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

Rewrite = Callable[[str, bytes], bytes]


def _rewrite(source: Path, dest: Path, rewrite: Rewrite) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, rewrite(info.filename, old.read(info)))
    return dest


def truncated_model(source: Path, dest: Path) -> Path:
    """``model.bin`` cut in half: CTranslate2 raises "invalid payload size" at load."""

    def cut(name: str, data: bytes) -> bytes:
        return data[: len(data) // 2] if name.endswith("/model/model.bin") else data

    return _rewrite(source, dest, cut)


def relabelled(source: Path, dest: Path, from_code: str, to_code: str) -> Path:
    """The same weights claiming another direction (a junk fr→en package)."""

    def relabel(name: str, data: bytes) -> bytes:
        if not name.endswith("/metadata.json"):
            return data
        metadata = json.loads(data)
        metadata.update(from_code=from_code, to_code=to_code)
        return json.dumps(metadata).encode()

    return _rewrite(source, dest, relabel)


def oversized_vocabulary(source: Path, dest: Path) -> Path:
    """A vocabulary far larger than the embeddings: token ids index past the weights and the
    process dies with SIGSEGV while translating (no Python exception to catch).

    The shift must reach past every mapping above the weights: a 100,000-entry shift read
    inside other mappings on some machines (no crash); 2,000,000 crashed every time here."""

    def pad(name: str, data: bytes) -> bytes:
        if not name.endswith("/model/shared_vocabulary.json"):
            return data
        return json.dumps([f"pad{i}" for i in range(2_000_000)] + json.loads(data)).encode()

    return _rewrite(source, dest, pad)


def truncate_installed(model_dir: Path) -> None:
    """Damage an installed package in place (a disk error, a copy cut short)."""
    weights = model_dir / "model" / "model.bin"
    data = weights.read_bytes()
    weights.write_bytes(data[: len(data) // 2])
