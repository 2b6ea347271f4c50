"""Installs show progress: a tqdm bar on a terminal, plain lines otherwise; listing is quiet."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cli import main
from bot.translation.packages import install_from_file
from bot.translation.packages.progress import BarProgress, LineProgress, progress_for


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_without_a_terminal_one_per_quarter() -> None:
    out = io.StringIO()
    progress = progress_for(out)
    assert isinstance(progress, LineProgress)
    progress.start("downloading x.argosmodel", 4 * 1024 * 1024)
    for _ in range(16):
        progress.advance(256 * 1024)
    progress.finish()
    progress.finish()  # a second finish says nothing more
    assert out.getvalue().splitlines() == [
        "downloading x.argosmodel: started (4.0 MB)",
        "downloading x.argosmodel: 25%",
        "downloading x.argosmodel: 50%",
        "downloading x.argosmodel: 75%",
        "downloading x.argosmodel: done",
    ]


def test_a_bar_on_a_terminal(tiny_packages: dict[str, Path], tmp_path: Path) -> None:
    terminal = _Terminal()
    progress = progress_for(terminal)
    assert isinstance(progress, BarProgress)
    install_from_file(tiny_packages["en_zh"], tmp_path / "models", progress=progress)
    shown = terminal.getvalue()
    assert "unpacking translate-en_zh-0_1.argosmodel" in shown
    assert "100%" in shown
    assert "checking en_zh 0.1 in a separate process" in shown


def test_cli_install_reports_its_steps_and_list_stays_quiet(
    tiny_packages: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("YIQI_DATA_DIR", str(tmp_path / "data"))
    assert main(["models", "install", str(tiny_packages["zh_en"])]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("unpacking translate-zh_en-0_1.argosmodel: started (")
    assert "unpacking translate-zh_en-0_1.argosmodel: done" in lines
    assert "checking zh_en 0.1 in a separate process: started" in lines
    assert "checking zh_en 0.1 in a separate process: done" in lines
    assert lines[-1].startswith("installed zh_en 0.1 → ")

    assert main(["models", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split(" (")[0] for line in listed] == [
        "en_zh not installed",
        "zh_en 0.1 ok",
    ]
