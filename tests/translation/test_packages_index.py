"""Installing from an Argos package index, served over loopback HTTPS (offline).

Index installs need https links and the archive's sha256 in the entry; anything else is
refused before a byte is unpacked.
"""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.translation.packages import (
    PackageError,
    install_from_file,
    install_from_index,
    list_installed,
)
from bot.translation.packages.hashing import sha256_file
from tests.support.broken_packages import truncate_installed
from tests.support.loopback_http import make_loopback_certificate, serve_directory
from tests.support.model_dirs import entries
from tests.support.tiny_argos import build_tiny_package


def _index_entry(
    base: str, file: str, from_code: str, to_code: str, version: str, sha256: str | None
) -> dict[str, object]:
    entry: dict[str, object] = {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": from_code,
        "to_code": to_code,
        "links": [f"{base}/{file}"],
    }
    if sha256 is not None:
        entry["sha256"] = sha256
    return entry


@pytest.fixture(scope="module")
def loopback_tls(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_loopback_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    return site


@pytest.fixture
def https_base(
    site: Path, loopback_tls: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    monkeypatch.setenv("SSL_CERT_FILE", str(loopback_tls[0]))  # trust the loopback cert
    with serve_directory(site, tls=loopback_tls) as base:
        yield base


def _publish(site: Path, index: list[dict[str, object]]) -> None:
    (site / "index.json").write_text(json.dumps(index))


@pytest.fixture
def index_site(tiny_packages: dict[str, Path], site: Path, https_base: str) -> str:
    shutil.copy(tiny_packages["en_zh"], site / "en_zh-0.1.argosmodel")
    newer = build_tiny_package(site, "en", "zh", version="0.3")
    _publish(
        site,
        [
            _index_entry(
                https_base,
                "en_zh-0.1.argosmodel",
                "en",
                "zh",
                "0.1",
                sha256_file(tiny_packages["en_zh"]),
            ),
            _index_entry(https_base, newer.name, "en", "zh", "0.3", sha256_file(newer)),
            _index_entry(https_base, "missing.argosmodel", "zh", "en", "1.0", "ab" * 32),
            {"type": "sbd", "from_code": "zh", "to_code": "en", "links": [f"{https_base}/x"]},
        ],
    )
    return https_base


def test_install_from_index_picks_newest(index_site: str, tmp_path: Path) -> None:
    models, downloads = tmp_path / "models", tmp_path / "downloads"
    model = install_from_index(f"{index_site}/index.json", models, downloads, "en", "zh")
    assert model.model_version == "translate-en_zh-0.3"
    assert list_installed(models) == [model]
    assert entries(downloads) == []  # the downloaded zip is removed after install


def test_index_without_direction(index_site: str, tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="no de->en translate package"):
        install_from_index(f"{index_site}/index.json", tmp_path / "m", tmp_path / "d", "de", "en")


def test_index_broken_link(index_site: str, tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="cannot download"):
        install_from_index(f"{index_site}/index.json", tmp_path / "m", tmp_path / "d", "zh", "en")
    assert entries(tmp_path / "d") == []


def test_sha256_mismatch_installs_nothing(
    tiny_packages: dict[str, Path], site: Path, https_base: str, tmp_path: Path
) -> None:
    shutil.copy(tiny_packages["zh_en"], site / "zh_en.argosmodel")
    wrong = "0" * 64
    _publish(site, [_index_entry(https_base, "zh_en.argosmodel", "zh", "en", "1.0", wrong)])
    models, downloads = tmp_path / "models", tmp_path / "downloads"
    with pytest.raises(PackageError, match=f"SHA-256 mismatch .* expected {wrong}") as caught:
        install_from_index(f"{https_base}/index.json", models, downloads, "zh", "en")
    assert "\n" not in str(caught.value)
    assert entries(models) == []
    assert entries(downloads) == []


def test_an_entry_without_sha256_is_refused(
    tiny_packages: dict[str, Path], site: Path, https_base: str, tmp_path: Path
) -> None:
    shutil.copy(tiny_packages["zh_en"], site / "zh_en.argosmodel")
    _publish(site, [_index_entry(https_base, "zh_en.argosmodel", "zh", "en", "1.0", None)])
    with pytest.raises(PackageError, match="has no sha256"):
        install_from_index(f"{https_base}/index.json", tmp_path / "m", tmp_path / "d", "zh", "en")
    assert entries(tmp_path / "m") == []


def test_a_plain_http_link_is_refused(
    tiny_packages: dict[str, Path], site: Path, https_base: str, tmp_path: Path
) -> None:
    plain = "http://127.0.0.1:9"  # never contacted: refused before any download
    archive = tiny_packages["zh_en"]
    _publish(site, [_index_entry(plain, archive.name, "zh", "en", "1.0", sha256_file(archive))])
    with pytest.raises(PackageError, match="only https URLs are allowed"):
        install_from_index(f"{https_base}/index.json", tmp_path / "m", tmp_path / "d", "zh", "en")
    assert entries(tmp_path / "m") == []


def test_a_plain_http_index_is_refused(site: Path, tmp_path: Path) -> None:
    _publish(site, [])
    with (
        serve_directory(site) as plain_base,
        pytest.raises(PackageError, match="only https URLs are allowed"),
    ):
        install_from_index(f"{plain_base}/index.json", tmp_path / "m", tmp_path / "d", "en", "zh")


def test_index_unreachable(tmp_path: Path) -> None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens here now
    url = f"https://127.0.0.1:{port}/index.json"
    with pytest.raises(PackageError, match="cannot fetch"):
        install_from_index(url, tmp_path / "m", tmp_path / "d", "en", "zh", timeout=5)


def test_index_rejects_other_schemes(tmp_path: Path) -> None:
    index = tmp_path / "index.json"
    index.write_text("[]")
    with pytest.raises(PackageError, match="only https URLs are allowed"):
        install_from_index(index.as_uri(), tmp_path / "m", tmp_path / "d", "en", "zh")


def test_skip_if_installed_reinstalls_a_model_that_does_not_load(
    tiny_packages: dict[str, Path],
    site: Path,
    https_base: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    archive = tiny_packages["zh_en"]
    shutil.copy(archive, site / archive.name)
    _publish(
        site, [_index_entry(https_base, archive.name, "zh", "en", "0.1", sha256_file(archive))]
    )
    monkeypatch.setenv("YIQI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("YIQI_PACKAGE_INDEX_URL", f"{https_base}/index.json")
    truncate_installed(install_from_file(archive, tmp_path / "data" / "models").path)
    install = ["models", "install", "--from-index", "zh", "en", "--skip-if-installed"]

    assert main(install) == 0
    out = capsys.readouterr().out
    assert "zh_en: the installed model does not work (model does not load: " in out
    assert "installed zh_en 0.1 → " in out

    assert main(install) == 0
    assert capsys.readouterr().out.startswith("zh_en: already installed in ")
