"""``pip install .`` gives a working ``yiqi``: built as a wheel, installed away from the
checkout, it migrates a database and prints a digest with its Chinese UI.

Offline: the wheel is built with the build backend already in the virtualenv (the lock has
it) and installed with ``--no-index --no-deps`` into a target directory; its dependencies are
the virtualenv's. The tree built from is a copy of what the image copies, so a stray build/
or .mo in the checkout cannot help.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.i18n.catalogs import LOCALE_DIR, LOCALES, Catalogs

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "bot", "cogs", "db", "locale")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.egg-info", "build")


def pip(*args: str, cwd: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"pip {args[0]} failed (run `make setup`?):\n{result.stderr}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=IGNORED)
        else:
            shutil.copy2(source, tree / name)
    wheels = tmp_path_factory.mktemp("wheels")
    offline = ("--no-deps", "--no-index", "--no-build-isolation")
    pip("wheel", *offline, "--wheel-dir", str(wheels), ".", cwd=tree)
    [built] = wheels.glob("yiqi-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    pip("install", "--no-deps", "--no-index", "--target", str(target), str(wheel), cwd=target)
    return target


@pytest.fixture
def python_installed(installed: Path, tmp_path: Path) -> Callable[..., str]:
    """Run Python code with only the installed copy of Yiqi: no PYTHONPATH to the checkout,
    run from elsewhere, its own data directory and SQLite file."""
    data = tmp_path / "data"
    data.mkdir()
    env = {**os.environ, "PYTHONPATH": str(installed), "YIQI_DATA_DIR": str(data)}
    env.pop("YIQI_DATABASE_URL", None)

    def run(code: str, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", code, *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    return run


YIQI = "import sys; from bot.cli import main; sys.exit(main())"


def test_the_wheel_carries_compiled_catalogs_and_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for locale in LOCALES:
        assert f"bot/i18n/locale/{locale}/LC_MESSAGES/yiqi.mo" in names
    assert not any(name.endswith(".po") or name.startswith("locale/") for name in names)
    assert "db/alembic.ini" in names
    versions = {name for name in names if name.startswith("db/migrations/versions/")}
    in_checkout = {
        f"db/migrations/versions/{path.name}"
        for path in (ROOT / "db" / "migrations" / "versions").glob("*.py")
    }
    assert in_checkout and versions >= in_checkout
    [entry_points] = [name for name in names if name.endswith("entry_points.txt")]
    assert "yiqi = bot.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_installed_yiqi_migrates_and_speaks_chinese(
    python_installed: Callable[..., str],
) -> None:
    assert "database at head" in python_installed(YIQI, "db", "upgrade")  # the wheel's migrations
    digest = python_installed(YIQI, "digest", "render", "--guild", "1", "--week", "2026-W01")
    # The heading's Chinese half comes from the zh_CN catalog; without it, English twice.
    assert "Yiqi weekly digest 2026-W01" in digest
    assert "一起周报 2026-W01" in digest


def test_the_installed_catalogs_match_the_checkout(
    installed: Path, python_installed: Callable[..., str]
) -> None:
    probe = (
        "import json, bot.i18n.catalogs as c;"
        "print(c.__file__); loaded = c.Catalogs.load(c.LOCALE_DIR);"
        "print(json.dumps({k: len(t._catalog) for k, t in loaded.translations.items()}))"
    )
    module, sizes = python_installed(probe).splitlines()
    assert Path(module).is_relative_to(installed)  # the wheel's code, not the checkout's
    checkout = Catalogs.load(LOCALE_DIR).translations
    expected = {locale: len(t._catalog) for locale, t in checkout.items()}  # type: ignore[attr-defined]
    assert json.loads(sizes) == expected
    assert set(expected) == set(LOCALES)
