"""The ``yiqi`` command end to end, in a temporary data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.translation.packages import InstalledModel


@pytest.fixture
def data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("YIQI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("YIQI_DATABASE_URL", raising=False)
    return tmp_path / "data"


def test_models_install_from_file_then_list(
    data_dir: Path, tiny_packages: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["models", "list"]) == 0
    assert "en_zh not installed" in capsys.readouterr().out
    assert main(["models", "install", str(tiny_packages["en_zh"])]) == 0
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    assert "en_zh 0.1 ok (" in out
    assert "zh_en not installed" in out


def test_models_install_rejects_a_bad_file(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "bogus.argosmodel"
    bogus.write_bytes(b"not a zip")
    assert main(["models", "install", str(bogus)]) == 2
    assert capsys.readouterr().err == (
        "yiqi models install: rejected: bogus.argosmodel is not a zip archive\n"
    )


def test_translate_without_a_model_says_unavailable(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["translate", "--to", "zh", "Hello friends"]) == 3
    captured = capsys.readouterr()
    assert captured.out.strip() == "Hello friends"
    assert "no usable en→zh model" in captured.err


def test_translate_rejects_an_unknown_target(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["translate", "--to", "fr", "Bonjour"]) == 2
    assert "unknown language" in capsys.readouterr().err


@pytest.mark.realmodel
def test_translate_with_the_real_model(
    data_dir: Path, real_zh_en_package: InstalledModel, capsys: pytest.CaptureFixture[str]
) -> None:
    models = data_dir / "models"
    models.mkdir(parents=True)
    (models / real_zh_en_package.path.name).symlink_to(real_zh_en_package.path)
    assert main(["translate", "--to", "en", "每个中国人都有大熊猫吗？"]) == 0
    assert "panda" in capsys.readouterr().out.lower()
    assert main(["translate", "--from", "zh", "--to", "zh-TW", "大熊猫"]) == 0
    assert capsys.readouterr().out.strip() == "大熊貓"


def test_db_upgrade_creates_the_sqlite_database(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"]) == 0
    assert (data_dir / "yiqi.db").exists()
    assert "database at head" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0  # idempotent


def test_demo_without_the_zh_en_model_says_how_to_install_it(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo"]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "yiqi models install --pypi-zh-en" in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    assert not (data_dir / "yiqi.db").exists()  # nothing written before the check


def test_run_without_a_token_explains_what_to_do(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("YIQI_DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(data_dir.parent)  # no .env here
    assert main(["run"]) == 2
    error = capsys.readouterr().err
    assert "YIQI_DISCORD_TOKEN" in error and "yiqi demo" in error
