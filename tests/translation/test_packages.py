"""Installing, replacing, listing and rejecting local model packages (the index and PyPI
sources: test_packages_index.py, test_packages_pypi.py)."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.translation.packages import (
    PackageError,
    install_from_file,
    list_installed,
)
from tests.support.model_dirs import entries
from tests.support.tiny_argos import build_tiny_package


def _rezip(source: Path, dest: Path, *, drop: str | None = None, extra: str | None = None) -> Path:
    """Copy an archive, optionally dropping members containing ``drop`` or adding ``extra``."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(dest, "w") as out:
        for info in src.infolist():
            if drop is None or drop not in info.filename:
                out.writestr(info, src.read(info))
        if extra is not None:
            out.writestr(extra, b"evil")
    return dest


def test_install_both_directions_and_list(tiny_packages: dict[str, Path], tmp_path: Path) -> None:
    models = tmp_path / "models"
    en_zh = install_from_file(tiny_packages["en_zh"], models)
    zh_en = install_from_file(tiny_packages["zh_en"], models)
    assert (en_zh.direction, en_zh.version) == ("en_zh", "0.1")
    assert zh_en.model_version == "translate-zh_en-0.1"
    assert zh_en.path == models / "translate-zh_en-0_1"
    assert list_installed(models) == [en_zh, zh_en]
    assert entries(models) == ["translate-en_zh-0_1", "translate-zh_en-0_1"]  # no temp dirs left


def test_newer_version_replaces_older(tiny_packages: dict[str, Path], tmp_path: Path) -> None:
    models = tmp_path / "models"
    old = install_from_file(tiny_packages["zh_en"], models)
    newer = build_tiny_package(tmp_path / "build", "zh", "en", version="0.2")
    new = install_from_file(newer, models)
    assert not old.path.exists()
    assert [m.model_version for m in list_installed(models)] == ["translate-zh_en-0.2"]
    assert entries(models) == [new.path.name]


def test_reinstalling_same_version_is_idempotent(
    tiny_packages: dict[str, Path], tmp_path: Path
) -> None:
    models = tmp_path / "models"
    first = install_from_file(tiny_packages["en_zh"], models)
    second = install_from_file(tiny_packages["en_zh"], models)
    assert first == second
    assert entries(models) == [first.path.name]


def test_list_ignores_junk_and_prefers_newest(
    tiny_packages: dict[str, Path], tmp_path: Path
) -> None:
    models = tmp_path / "models"
    old = install_from_file(tiny_packages["zh_en"], models)
    # A hand-copied newer install beside the old one: listing must pick the newer.
    copy = models / "zh-en-copy"
    shutil.copytree(old.path, copy)
    metadata = json.loads((copy / "metadata.json").read_text())
    (copy / "metadata.json").write_text(json.dumps({**metadata, "package_version": "1.10"}))
    (models / "empty").mkdir()
    (models / "stray.txt").write_text("x")
    (models / ".incoming-crashed").mkdir()
    bad_json = models / "bad-json"
    bad_json.mkdir()
    (bad_json / "metadata.json").write_text("{not json")
    no_model = models / "no-model"
    shutil.copytree(old.path, no_model)
    shutil.rmtree(no_model / "model")
    [listed] = list_installed(models)
    assert (listed.version, listed.path) == ("1.10", copy)
    assert list_installed(tmp_path / "missing") == []


@pytest.mark.parametrize(
    ("name", "mutate", "message"),
    [
        ("slip", lambda a, d: _rezip(a, d, extra="translate-zh_en-0_1/../../evil.txt"), "unsafe"),
        ("absolute", lambda a, d: _rezip(a, d, extra="/tmp/evil.txt"), "unsafe"),
        ("two-tops", lambda a, d: _rezip(a, d, extra="other/evil.txt"), "one top directory"),
        ("no-metadata", lambda a, d: _rezip(a, d, drop="metadata.json"), "metadata.json"),
        ("no-model", lambda a, d: _rezip(a, d, drop="/model/"), "model/model.bin"),
        ("no-spm", lambda a, d: _rezip(a, d, drop="sentencepiece"), "sentencepiece.model"),
    ],
)
def test_bad_archives_are_rejected(
    tiny_packages: dict[str, Path],
    tmp_path: Path,
    name: str,
    mutate: Callable[[Path, Path], Path],
    message: str,
) -> None:
    archive = mutate(tiny_packages["zh_en"], tmp_path / f"{name}.argosmodel")
    models = tmp_path / "models"
    with pytest.raises(PackageError, match=message):
        install_from_file(archive, models)
    assert entries(models) == []
    assert not (tmp_path / "evil.txt").exists()


def test_non_zip_and_missing_file_rejected(tmp_path: Path) -> None:
    junk = tmp_path / "junk.argosmodel"
    junk.write_bytes(b"not a zip at all")
    with pytest.raises(PackageError, match="not a zip"):
        install_from_file(junk, tmp_path / "models")
    with pytest.raises(PackageError, match="does not exist"):
        install_from_file(tmp_path / "nope.argosmodel", tmp_path / "models")
    assert entries(tmp_path / "models") == []


def test_failed_install_keeps_existing_model(
    tiny_packages: dict[str, Path], tmp_path: Path
) -> None:
    models = tmp_path / "models"
    good = install_from_file(tiny_packages["zh_en"], models)
    broken = _rezip(tiny_packages["zh_en"], tmp_path / "b.argosmodel", drop="model.bin")
    with pytest.raises(PackageError):
        install_from_file(broken, models)
    assert list_installed(models) == [good]
