"""Installing from an Argos package index, served over loopback HTTP (offline)."""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.translation.packages import (
    PackageError,
    install_from_index,
    list_installed,
)
from tests.support.loopback_http import serve_directory
from tests.support.model_dirs import entries
from tests.support.tiny_argos import build_tiny_package


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
    assert entries(downloads) == []  # the downloaded zip is removed after install


def test_index_without_direction(index_site: str, tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="no zh->en translate package"):
        install_from_index(f"{index_site}/index.json", tmp_path / "m", tmp_path / "d", "zh", "en")


def test_index_broken_link(index_site: str, tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="cannot download"):
        install_from_index(f"{index_site}/index.json", tmp_path / "m", tmp_path / "d", "de", "en")
    assert entries(tmp_path / "d") == []


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
