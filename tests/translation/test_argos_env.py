"""Importing argostranslate's package API leaves the process environment as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VARIABLES = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "ARGOS_PACKAGES_DIR")

# Runs in a fresh interpreter: argostranslate reads its settings once per process, at import.
PROBE = """
import json, os, sys
from pathlib import Path
from bot.translation.argos_env import argos_package_api

names = json.loads(sys.argv[2])
before = {name: os.environ.get(name) for name in names}
api = argos_package_api(Path(sys.argv[1]))
again = argos_package_api(Path(sys.argv[1]) / "elsewhere")
import argostranslate.settings as settings
print(json.dumps({
    "before": before,
    "after": {name: os.environ.get(name) for name in names},
    "same_module": api is again,
    "data_dir": str(settings.data_dir),
    "cache_dir": str(settings.cache_dir),
    "packages_dir": str(settings.package_data_dir),
}))
"""


def probe(data_dir: Path, home: Path, **preset: str) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    env.update(preset, HOME=str(home), PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(data_dir), json.dumps(VARIABLES)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_the_variables_apply_to_the_import_only(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    seen = probe(tmp_path / "data", home)
    assert seen["before"] == seen["after"] == dict.fromkeys(VARIABLES)  # unset, then unset again
    assert seen["same_module"] is True
    argos = tmp_path / "data" / "argos"
    assert Path(str(seen["data_dir"])).is_relative_to(argos)
    assert Path(str(seen["cache_dir"])).is_relative_to(argos)
    assert seen["packages_dir"] == str(tmp_path / "data" / "models")
    assert list(home.iterdir()) == []  # nothing written into the home directory


def test_a_variable_the_operator_set_is_kept(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    mine = str(tmp_path / "my-cache")
    seen = probe(tmp_path / "data", home, XDG_CACHE_HOME=mine)
    expected = {**dict.fromkeys(VARIABLES), "XDG_CACHE_HOME": mine}
    assert seen["before"] == seen["after"] == expected
    assert Path(str(seen["cache_dir"])).is_relative_to(mine)
    assert Path(str(seen["data_dir"])).is_relative_to(tmp_path / "data" / "argos")
