"""Models are verified before they are trusted (issue 12).

Install: a package becomes visible only after a child process loaded it and translated a
probe sentence; a bad one is rejected with one line and leaves the models directory as it
was; a killed install's leftovers go at the next install. Start: a direction whose model
fails is unavailable, the other one translates.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main
from bot.translation.engine import TranslationEngine
from bot.translation.languages import Reader
from bot.translation.packages import (
    InstalledModel,
    PackageError,
    install_from_file,
    list_installed,
)
from bot.translation.packages.probe import probe_package
from bot.translation.results import TranslationStatus
from tests.support.broken_packages import (
    oversized_vocabulary,
    relabelled,
    truncate_installed,
    truncated_model,
)
from tests.support.model_dirs import entries

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("YIQI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("YIQI_DATABASE_URL", raising=False)
    return tmp_path / "data"


@pytest.fixture
def models(data_dir: Path, tiny_packages: dict[str, Path]) -> Path:
    """A models directory with a good en→zh install in it."""
    install_from_file(tiny_packages["en_zh"], data_dir / "models")
    return data_dir / "models"


@pytest.fixture
def broken_zh_en(models: Path, tiny_packages: dict[str, Path]) -> Path:
    """Beside the good en→zh, a zh→en install damaged after it passed its probe."""
    truncate_installed(install_from_file(tiny_packages["zh_en"], models).path)
    return models


def _snapshot(models_dir: Path) -> list[tuple[str, int]]:
    return sorted(
        (str(p.relative_to(models_dir)), p.stat().st_size)
        for p in models_dir.rglob("*")
        if p.is_file()
    )


@pytest.mark.parametrize(
    ("breakage", "reason"),
    [
        (truncated_model, "zh_en: model does not load: RuntimeError: .*invalid payload size"),
        (oversized_vocabulary, r"zh_en: model crashed while loading \(SIGSEGV\)"),
    ],
    ids=["truncated-model-bin", "probe-crashes"],
)
def test_a_package_that_fails_its_probe_is_rejected_with_one_line(
    models: Path,
    tiny_packages: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    breakage: Callable[[Path, Path], Path],
    reason: str,
) -> None:
    archive = breakage(tiny_packages["zh_en"], tmp_path / "broken.argosmodel")
    before = _snapshot(models)
    capsys.readouterr()

    assert main(["models", "install", str(archive)]) == 2

    out, err = capsys.readouterr()
    assert "checking zh_en 0.1 in a separate process: failed" in out.splitlines()
    assert err.count("\n") == 1
    assert err.startswith("yiqi models install: rejected: ")
    assert re.search(reason, err), err
    assert _snapshot(models) == before  # nothing new, nothing left in .incoming-*


def test_a_crashing_package_does_not_replace_the_good_one(
    tiny_packages: dict[str, Path], tmp_path: Path
) -> None:
    models = tmp_path / "models"
    good = install_from_file(tiny_packages["zh_en"], models)
    crashing = oversized_vocabulary(tiny_packages["zh_en"], tmp_path / "c.argosmodel")
    with pytest.raises(PackageError, match="crashed"):
        install_from_file(crashing, models)
    assert list_installed(models) == [good]
    assert entries(models) == [good.path.name]


def test_only_english_chinese_directions_are_accepted(
    models: Path,
    tiny_packages: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    junk = relabelled(tiny_packages["zh_en"], tmp_path / "fr_en.argosmodel", "fr", "en")
    before = _snapshot(models)
    capsys.readouterr()
    assert main(["models", "install", str(junk)]) == 2
    assert capsys.readouterr().err == (
        "yiqi models install: rejected: fr_en: only en_zh and zh_en models are supported\n"
    )
    assert _snapshot(models) == before


def test_a_killed_install_leaves_a_leftover_the_next_install_removes(
    data_dir: Path, tiny_packages: dict[str, Path]
) -> None:
    models = data_dir / "models"
    env = {**os.environ, "PYTHONPATH": str(REPO), "YIQI_DATA_DIR": str(data_dir)}
    install = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "models", "install", str(tiny_packages["zh_en"])],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own group: the kill takes the probe child too
    )
    try:
        # Wait for the unpacked package in staging (the probe then runs for a while).
        while not list(models.glob(".incoming-*/*/metadata.json")):
            assert install.poll() is None, "the install ended before it could be killed"
            time.sleep(0.01)
    finally:
        os.killpg(install.pid, signal.SIGKILL)
        install.wait()
    leftovers = [name for name in entries(models) if name.startswith(".incoming-")]
    assert leftovers
    assert list_installed(models) == []  # nothing half-installed is visible

    model = install_from_file(tiny_packages["en_zh"], models)

    assert entries(models) == [model.path.name]


async def test_at_start_a_broken_direction_is_unavailable_and_the_other_translates(
    broken_zh_en: Path,
) -> None:
    engine = TranslationEngine.load(list_installed(broken_zh_en))
    try:
        assert engine.directions == frozenset({"en_zh"})
        assert list(engine.unavailable) == ["zh_en"]
        assert "invalid payload size" in engine.unavailable["zh_en"]
        english = await engine.translate("Hello, where is the train station?", Reader.ZH_CN)
        assert english.status is TranslationStatus.TRANSLATED
        chinese = await engine.translate("火车站在哪里？", Reader.EN)
        assert chinese.status is TranslationStatus.UNAVAILABLE
        assert chinese.text == "火车站在哪里？"
    finally:
        await engine.close()


async def test_at_start_a_model_that_crashes_its_process_is_unavailable(
    models: Path, tiny_packages: dict[str, Path], tmp_path: Path
) -> None:
    # Copied in by hand (an install would refuse it): loading it in-process would SIGSEGV.
    crashing = oversized_vocabulary(tiny_packages["zh_en"], tmp_path / "c.argosmodel")
    with zipfile.ZipFile(crashing) as zipped:
        zipped.extractall(models)

    engine = TranslationEngine.load(list_installed(models))
    try:
        assert engine.directions == frozenset({"en_zh"})
        assert engine.unavailable == {"zh_en": "model crashed while loading (SIGSEGV)"}
        result = await engine.translate("Good night and see you soon.", Reader.ZH_CN)
        assert result.status is TranslationStatus.TRANSLATED
    finally:
        await engine.close()


async def test_a_junk_direction_already_installed_breaks_nothing(
    models: Path, tiny_packages: dict[str, Path], tmp_path: Path
) -> None:
    install_from_file(tiny_packages["zh_en"], models)
    junk = relabelled(tiny_packages["zh_en"], tmp_path / "fr_en.argosmodel", "fr", "en")
    with zipfile.ZipFile(junk) as zipped:  # installed before installs were checked
        zipped.extractall(tmp_path / "unpacked")
    [package] = (tmp_path / "unpacked").iterdir()
    package.rename(models / "translate-fr_en-0_1")
    assert {m.direction for m in list_installed(models)} == {"en_zh", "fr_en", "zh_en"}

    engine = TranslationEngine.load(list_installed(models))
    try:
        assert engine.directions == frozenset({"en_zh", "zh_en"})
        assert engine.unavailable == {}
        result = await engine.translate("你好，你今天怎么样？", Reader.EN)
        assert result.status is TranslationStatus.TRANSLATED
    finally:
        await engine.close()


def test_models_list_shows_each_direction_state(
    broken_zh_en: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()

    assert main(["models", "list"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("en_zh 0.1 ok (")
    assert lines[1].startswith("zh_en 0.1 unavailable: model does not load: RuntimeError: ")
    assert "invalid payload size" in lines[1]
    assert len(lines) == 2


def test_translate_with_a_broken_model_reports_instead_of_crashing(
    broken_zh_en: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()

    assert main(["translate", "--to", "en", "火车站在哪里？"]) == 3

    assert capsys.readouterr().out.strip() == "火车站在哪里？"


@pytest.mark.realmodel
def test_the_real_zh_en_model_passes_its_probe(real_zh_en_package: InstalledModel) -> None:
    assert probe_package(real_zh_en_package) == "Hello, thank you for your help."


def test_a_probe_that_does_not_finish_in_time_rejects_the_package(
    tiny_packages: dict[str, Path], tmp_path: Path
) -> None:
    # Starting Python and importing CTranslate2 alone takes far longer than this.
    with pytest.raises(PackageError, match=r"zh_en: model did not load within 0.05 s"):
        install_from_file(tiny_packages["zh_en"], tmp_path / "models", probe_timeout=0.05)
    assert entries(tmp_path / "models") == []
