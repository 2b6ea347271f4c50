"""Install an ``.argosmodel`` zip ourselves: argostranslate's installer imports stanza."""

from __future__ import annotations

import shutil
import stat
import tempfile
import threading
import zipfile
from pathlib import Path, PurePosixPath

from bot.translation.packages.errors import PackageError
from bot.translation.packages.installed import InstalledModel, installed_versions, read_package

# Real packages are ~90 MB unpacked; a cap stops a zip bomb from filling the disk.
MAX_UNPACKED_BYTES = 2 * 1024**3
_install_lock = threading.Lock()


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


def _extract(archive: Path, staging: Path) -> Path:
    try:
        zipped = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackageError(f"{archive.name} is not a zip archive") from exc
    with zipped:
        members = zipped.infolist()
        top = _top_dir(members)
        if not any(PurePosixPath(m.filename).parts[1:] == ("metadata.json",) for m in members):
            raise PackageError(f"{archive.name} has no {top}/metadata.json")
        if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            raise PackageError(f"{archive.name} unpacks to more than {MAX_UNPACKED_BYTES} bytes")
        root = staging.resolve()
        for info in members:
            target = (root / info.filename).resolve()
            if not target.is_relative_to(root):  # belt and braces after _top_dir
                raise PackageError(f"unsafe path in archive: {info.filename!r}")
            zipped.extract(info, root)
    return root / top


def _swap_in(package_dir: Path, model: InstalledModel, models_dir: Path) -> Path:
    """Rename the staged package into place and remove older installs of its direction."""
    final = models_dir / model.model_version.replace(".", "_")
    with _install_lock:
        stale = [m.path for m in installed_versions(models_dir, model.direction)]
        if final.exists() and final not in stale:
            stale.append(final)  # a broken leftover under our name would block the rename
        trash = Path(tempfile.mkdtemp(prefix=".trash-", dir=models_dir))
        try:
            for index, old in enumerate(stale):
                old.rename(trash / str(index))  # atomic per directory, same filesystem
            package_dir.rename(final)
        finally:
            shutil.rmtree(trash, ignore_errors=True)
    return final


def install_from_file(archive: Path, models_dir: Path) -> InstalledModel:
    """Unpack, validate and install a package, replacing any install of the same direction."""
    if not archive.is_file():
        raise PackageError(f"{archive} does not exist")
    models_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=models_dir))
    try:
        extracted = _extract(archive, staging)
        model = read_package(extracted, models_dir)
        final = _swap_in(extracted, model, models_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return InstalledModel(model.from_code, model.to_code, model.version, final)
