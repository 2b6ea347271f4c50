"""Point argostranslate at Yiqi's data directory before it is imported.

``argostranslate.settings`` creates directories under ``~/.local/share``, ``~/.config`` and
``~/.local/cache`` at import time; these variables keep it inside the data directory.
Only ``argostranslate.package`` is ever imported: ``argostranslate.translate`` pulls stanza.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType


def argos_package_api(data_dir: Path) -> ModuleType:
    """Return ``argostranslate.package`` with its settings rooted in ``data_dir/argos``."""
    root = data_dir / "argos"
    os.environ.setdefault("XDG_DATA_HOME", str(root / "share"))
    os.environ.setdefault("XDG_CONFIG_HOME", str(root / "config"))
    os.environ.setdefault("XDG_CACHE_HOME", str(root / "cache"))
    os.environ.setdefault("ARGOS_PACKAGES_DIR", str(data_dir / "models"))
    import argostranslate.package as package_api

    module: ModuleType = package_api  # untyped library: pin the type for mypy --strict
    return module
