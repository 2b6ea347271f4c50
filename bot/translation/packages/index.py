"""Install a package listed in an Argos package index (JSON list of metadata with links)."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

from bot.translation.packages.archive import install_from_file
from bot.translation.packages.download import download_to, fetch_bytes
from bot.translation.packages.errors import PackageError
from bot.translation.packages.installed import InstalledModel, package_api

MAX_INDEX_BYTES = 16 * 1024**2


def _version_key(entry: Any) -> Version:
    try:
        return Version(str(entry.package_version))
    except InvalidVersion:
        return Version("0")


def _pick(index: object, models_dir: Path, from_code: str, to_code: str) -> Any:
    if not isinstance(index, list):
        raise PackageError("package index is not a JSON list")
    api = package_api(models_dir)
    candidates = [
        entry
        for entry in (api.AvailablePackage(item) for item in index if isinstance(item, dict))
        if entry.type == "translate"
        and entry.from_code == from_code
        and entry.to_code == to_code
        and entry.links
    ]
    if not candidates:
        raise PackageError(f"the package index has no {from_code}->{to_code} translate package")
    return max(candidates, key=_version_key)


def install_from_index(
    index_url: str,
    models_dir: Path,
    downloads_dir: Path,
    from_code: str,
    to_code: str,
    *,
    timeout: float = 60,
) -> InstalledModel:
    """Fetch the index, download the newest matching package and install it."""
    raw = fetch_bytes(index_url, timeout=timeout, limit=MAX_INDEX_BYTES)
    try:
        index = json.loads(raw)
    except ValueError as exc:
        raise PackageError(f"package index at {index_url} is not JSON") from exc
    entry = _pick(index, models_dir, from_code, to_code)
    errors: list[str] = []
    for link in entry.links:  # mirrors: the first one that downloads wins
        try:
            archive = download_to(str(link), downloads_dir, timeout=timeout)
        except PackageError as exc:
            errors.append(str(exc))
            continue
        try:
            return install_from_file(archive, models_dir)
        finally:
            with contextlib.suppress(OSError):
                archive.unlink()  # installed or broken: either way the zip is no longer needed
    raise PackageError("; ".join(errors))
