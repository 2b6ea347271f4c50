"""Install an ``.argosmodel`` zip ourselves: argostranslate's installer imports stanza.

A package becomes visible only after a child process has loaded it and translated a probe
sentence: until then it sits in a ``.incoming-*`` directory, renamed into place at the end.
"""

from __future__ import annotations

import shutil
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from bot.translation.packages.errors import PackageError
from bot.translation.packages.installed import (
    InstalledModel,
    installed_versions,
    read_package,
    require_supported,
)
from bot.translation.packages.leftovers import exclusive_install, remove_leftovers
from bot.translation.packages.probe import PROBE_TIMEOUT_SECONDS, probe_package
from bot.translation.packages.progress import Progress, QuietProgress, step

# Real packages are ~90 MB unpacked; a cap stops a zip bomb from filling the disk.
MAX_UNPACKED_BYTES = 2 * 1024**3
INCOMING_PREFIX = ".incoming-"
TRASH_PREFIX = ".trash-"


def _top_dir(members: list[zipfile.ZipInfo]) -> str:
    """Check every member name is a safe relative path under one shared top directory."""
    tops: set[str] = set()
    for info in members:
        name = info.filename
        parts = PurePosixPath(name).parts
        if (
            not parts
            or name.startswith(("/", "\\"))
            or "\\" in name
            or ":" in parts[0]
            or any(part in ("..", ".") for part in parts)
        ):
            raise PackageError(f"unsafe path in archive: {name!r}")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise PackageError(f"symbolic link in archive: {name!r}")
        tops.add(parts[0])
        if len(parts) == 1 and not info.is_dir():
            raise PackageError(f"file outside the package directory: {name!r}")
    if len(tops) != 1:
        raise PackageError(f"archive must hold exactly one top directory, found {sorted(tops)}")
    return tops.pop()


def _extract(archive: Path, staging: Path, progress: Progress) -> Path:
    try:
        zipped = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackageError(f"{archive.name} is not a zip archive") from exc
    with zipped:
        members = zipped.infolist()
        top = _top_dir(members)
        if not any(PurePosixPath(m.filename).parts[1:] == ("metadata.json",) for m in members):
            raise PackageError(f"{archive.name} has no {top}/metadata.json")
        unpacked = sum(m.file_size for m in members)
        if unpacked > MAX_UNPACKED_BYTES:
            raise PackageError(f"{archive.name} unpacks to more than {MAX_UNPACKED_BYTES} bytes")
        root = staging.resolve()
        with step(progress, f"unpacking {archive.name}", unpacked):
            for info in members:
                _extract_member(zipped, info, root, archive.name)
                progress.advance(info.file_size)
    return root / top


def _extract_member(zipped: zipfile.ZipFile, info: zipfile.ZipInfo, root: Path, name: str) -> None:
    target = (root / info.filename).resolve()
    if not target.is_relative_to(root):  # belt and braces after _top_dir
        raise PackageError(f"unsafe path in archive: {info.filename!r}")
    try:
        zipped.extract(info, root)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise PackageError(f"{name} is damaged ({info.filename}: {exc})") from exc


def _swap_in(package_dir: Path, model: InstalledModel, models_dir: Path) -> Path:
    """Rename the staged package into place and remove older installs of its direction."""
    final = models_dir / model.model_version.replace(".", "_")
    stale = [m.path for m in installed_versions(models_dir, model.direction)]
    if final.exists() and final not in stale:
        stale.append(final)  # a broken leftover under our name would block the rename
    trash = Path(tempfile.mkdtemp(prefix=TRASH_PREFIX, dir=models_dir))
    try:
        for index, old in enumerate(stale):
            old.rename(trash / str(index))  # atomic per directory, same filesystem
        package_dir.rename(final)
    finally:
        shutil.rmtree(trash, ignore_errors=True)
    return final


def install_from_file(
    archive: Path,
    models_dir: Path,
    *,
    progress: Progress | None = None,
    probe_timeout: float = PROBE_TIMEOUT_SECONDS,
) -> InstalledModel:
    """Unpack, validate, probe and install a package, replacing any install of its direction.

    On any failure the models directory is left as it was.
    """
    progress = progress or QuietProgress()
    if not archive.is_file():
        raise PackageError(f"{archive} does not exist")
    models_dir.mkdir(parents=True, exist_ok=True)
    with exclusive_install(models_dir):
        remove_leftovers(models_dir, (INCOMING_PREFIX, TRASH_PREFIX))
        staging = Path(tempfile.mkdtemp(prefix=INCOMING_PREFIX, dir=models_dir))
        try:
            extracted = _extract(archive, staging, progress)
            model = read_package(extracted, models_dir)
            require_supported(model)
            checking = f"checking {model.direction} {model.version} in a separate process"
            with step(progress, checking):
                probe_package(model, timeout=probe_timeout)
            final = _swap_in(extracted, model, models_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return InstalledModel(model.from_code, model.to_code, model.version, final)
