"""Installed model packages: reading and validating them through argostranslate's package API."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

from bot.translation.argos_env import argos_package_api
from bot.translation.packages.errors import PackageError

# Codes end up in directory names and cache keys, so keep them to a safe alphabet.
_CODE_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?$")
_REQUIRED_FILES = ("model/model.bin", "model/config.json", "sentencepiece.model")
# Yiqi relays between English and Chinese only; any other package is refused, not installed.
SUPPORTED_DIRECTIONS = ("en_zh", "zh_en")


@dataclass(frozen=True)
class InstalledModel:
    """One installed translation direction."""

    from_code: str
    to_code: str
    version: str
    path: Path

    @property
    def direction(self) -> str:
        return f"{self.from_code}_{self.to_code}"

    @property
    def model_version(self) -> str:
        """Stable identity of the weights, used as part of translation cache keys."""
        return f"translate-{self.direction}-{self.version}"

    @property
    def parsed_version(self) -> Version:
        return Version(self.version)


def package_api(models_dir: Path) -> Any:
    # models_dir is <data_dir>/models (see Settings), so argos's dirs land beside it.
    return argos_package_api(models_dir.parent)


def read_package(path: Path, models_dir: Path) -> InstalledModel:
    """Validate an extracted package directory; raise PackageError saying what is wrong."""
    api = package_api(models_dir)
    try:
        package = api.Package(path)
    except FileNotFoundError as exc:
        raise PackageError(f"{path.name}: no metadata.json") from exc
    except (ValueError, TypeError, AttributeError) as exc:  # bad JSON or not an object
        raise PackageError(f"{path.name}: unreadable metadata.json ({exc})") from exc
    if package.type != "translate":
        raise PackageError(f"{path.name}: not a translate package (type {package.type!r})")
    from_code, to_code = package.from_code, package.to_code
    for code in (from_code, to_code):
        if not isinstance(code, str) or not _CODE_RE.match(code):
            raise PackageError(f"{path.name}: invalid language code {code!r}")
    version = str(package.package_version)
    try:
        Version(version)
    except InvalidVersion as exc:
        raise PackageError(f"{path.name}: invalid package_version {version!r}") from exc
    missing = [name for name in _REQUIRED_FILES if not (path / name).is_file()]
    if missing:
        raise PackageError(f"{path.name}: package is missing {', '.join(missing)}")
    return InstalledModel(from_code=from_code, to_code=to_code, version=version, path=path)


def _all_installed(models_dir: Path) -> list[InstalledModel]:
    if not models_dir.is_dir():
        return []
    found = []
    for child in sorted(models_dir.iterdir()):
        # Dot-dirs are our own in-progress installs; anything invalid is someone else's junk.
        if child.name.startswith(".") or not child.is_dir():
            continue
        try:
            found.append(read_package(child, models_dir))
        except PackageError:
            continue
    return found


def list_installed(models_dir: Path) -> list[InstalledModel]:
    """Valid installed packages, the newest version per direction, sorted by direction."""
    newest: dict[str, InstalledModel] = {}
    for model in _all_installed(models_dir):
        current = newest.get(model.direction)
        if current is None or model.parsed_version > current.parsed_version:
            newest[model.direction] = model
    return [newest[key] for key in sorted(newest)]


def installed_versions(models_dir: Path, direction: str) -> list[InstalledModel]:
    """Every valid install of one direction (an install replaces all of them)."""
    return [m for m in _all_installed(models_dir) if m.direction == direction]


def require_supported(model: InstalledModel) -> None:
    """Refuse a package for a direction Yiqi does not translate."""
    if model.direction not in SUPPORTED_DIRECTIONS:
        raise PackageError(
            f"{model.direction}: only {' and '.join(SUPPORTED_DIRECTIONS)} models are supported"
        )
