"""What a models (or downloads) directory holds, for tests that check nothing is left over."""

from __future__ import annotations

from pathlib import Path


def entries(models_dir: Path) -> list[str]:
    """Names in the directory, sorted; a directory not created yet holds nothing."""
    return sorted(p.name for p in models_dir.iterdir()) if models_dir.exists() else []
