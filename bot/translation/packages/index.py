"""Install a package listed in an Argos package index (JSON list of metadata with links).

Yiqi asks more of an entry than Argos does: every link must be https and the entry must
carry the archive's ``sha256``; the download is checked against it before anything unpacks.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

from bot.translation.packages.archive import install_from_file
from bot.translation.packages.download import (
    DOWNLOAD_PREFIX,
    download_to,
    fetch_bytes,
    require_https,
)
from bot.translation.packages.errors import PackageError
from bot.translation.packages.installed import InstalledModel
from bot.translation.packages.leftovers import exclusive_install, remove_leftovers
from bot.translation.packages.progress import Progress

MAX_INDEX_BYTES = 16 * 1024**2
_SHA256_RE = re.compile(r"^[0-9a-fA-F]{64}$")


def _version_key(entry: dict[str, Any]) -> Version:
    try:
        return Version(str(entry.get("package_version")))
    except InvalidVersion:
        return Version("0")


def _pick(index: object, from_code: str, to_code: str) -> dict[str, Any]:
    if not isinstance(index, list):
        raise PackageError("package index is not a JSON list")
    candidates = [
        entry
        for entry in index
        if isinstance(entry, dict)
        and entry.get("type", "translate") == "translate"
        and entry.get("from_code") == from_code
        and entry.get("to_code") == to_code
        and entry.get("links")
    ]
    if not candidates:
        raise PackageError(f"the package index has no {from_code}->{to_code} translate package")
    entry = max(candidates, key=_version_key)
    sha256 = entry.get("sha256")
    if not isinstance(sha256, str) or not _SHA256_RE.match(sha256):
        raise PackageError(
            f"the index entry for {from_code}->{to_code} {entry.get('package_version')} "
            "has no sha256: refusing an unverifiable download"
        )
    for link in entry["links"]:
        require_https(str(link))
    return entry


def install_from_index(
    index_url: str,
    models_dir: Path,
    downloads_dir: Path,
    from_code: str,
    to_code: str,
    *,
    timeout: float = 60,
    progress: Progress | None = None,
) -> InstalledModel:
    """Fetch the index, download the newest matching package, verify it and install it."""
    raw = fetch_bytes(index_url, timeout=timeout, limit=MAX_INDEX_BYTES)
    try:
        index = json.loads(raw)
    except ValueError as exc:
        raise PackageError(f"package index at {index_url} is not JSON") from exc
    entry = _pick(index, from_code, to_code)
    downloads_dir.mkdir(parents=True, exist_ok=True)
    with exclusive_install(downloads_dir):
        remove_leftovers(downloads_dir, (DOWNLOAD_PREFIX,))
        return _download_and_install(entry, models_dir, downloads_dir, timeout, progress)


def _download_and_install(
    entry: dict[str, Any],
    models_dir: Path,
    downloads_dir: Path,
    timeout: float,
    progress: Progress | None,
) -> InstalledModel:
    errors: list[str] = []
    for link in entry["links"]:  # mirrors: the first one that downloads wins
        try:
            archive = download_to(
                str(link), downloads_dir, sha256=entry["sha256"], timeout=timeout, progress=progress
            )
        except PackageError as exc:
            errors.append(str(exc))
            continue
        try:
            return install_from_file(archive, models_dir, progress=progress)
        finally:
            with contextlib.suppress(OSError):
                archive.unlink()  # installed or broken: either way the zip is no longer needed
    raise PackageError("; ".join(errors))
