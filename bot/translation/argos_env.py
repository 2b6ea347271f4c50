"""Import argostranslate's package API with its settings rooted in Yiqi's data directory.

``argostranslate.settings`` reads ``XDG_DATA_HOME``, ``XDG_CONFIG_HOME``, ``XDG_CACHE_HOME`` and
``ARGOS_PACKAGES_DIR`` once, at import, and creates directories there (under the home
directory by default). So those variables are set for the import only, under a lock, and
removed again afterwards: the rest of the process (subprocesses, other libraries) sees the
environment it started with. A variable the operator set is left as it is. A data directory
that cannot be written (read-only listing and translation) roots them in a temporary directory.
Only ``argostranslate.package`` is ever imported: ``argostranslate.translate`` pulls stanza.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

_PACKAGE_MODULE = "argostranslate.package"
# One import at a time: two threads must not interleave setting and restoring the variables.
_IMPORT_LOCK = threading.Lock()


def argos_environment(data_dir: Path) -> dict[str, str]:
    """Where argostranslate keeps its files when Yiqi imports it: under ``data_dir``."""
    root = data_dir / "argos"
    return {
        "XDG_DATA_HOME": str(root / "share"),
        "XDG_CONFIG_HOME": str(root / "config"),
        "XDG_CACHE_HOME": str(root / "cache"),
        "ARGOS_PACKAGES_DIR": str(data_dir / "models"),
    }


@contextmanager
def _temporarily_set(values: Mapping[str, str]) -> Iterator[None]:
    """Set the variables in ``values`` that are not set yet; unset them again on exit."""
    added = [name for name in values if name not in os.environ]
    for name in added:
        os.environ[name] = values[name]
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


def argos_package_api(data_dir: Path) -> ModuleType:
    """``argostranslate.package``, its settings rooted in ``data_dir`` on first import.

    The settings are fixed by the first import in a process; later calls return that module.
    """
    with _IMPORT_LOCK:
        module = sys.modules.get(_PACKAGE_MODULE)
        if module is None:
            with _temporarily_set(argos_environment(_writable_root(data_dir))):
                module = importlib.import_module(_PACKAGE_MODULE)
        return module


def _writable_root(data_dir: Path) -> Path:
    """``data_dir`` if argostranslate can create its directories there, else a temporary one.

    argostranslate creates them at import even to only read packages; a read-only data
    directory must still let ``yiqi models list`` and ``yiqi translate`` work.
    """
    try:
        for directory in argos_environment(data_dir).values():
            Path(directory).mkdir(parents=True, exist_ok=True)
    except OSError:
        return Path(tempfile.gettempdir()) / f"yiqi-argos-{os.getuid()}"
    return data_dir
