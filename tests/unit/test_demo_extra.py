"""``yiqi demo`` lives behind the ``demo`` extra: without it, one line and exit 2.

The runtime image installs neither SimCord nor ``demo/`` (tests/unit/test_deploy.py); a
``None`` in ``sys.modules`` is how Python spells "not installed" for both the import system and
``importlib.util.find_spec``, so the tests remove each half of the extra that way.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.cli.demo_command import EXIT_NO_DEMO, NO_DEMO


@pytest.fixture(autouse=True)
def empty_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("YIQI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("YIQI_DATABASE_URL", raising=False)


@pytest.mark.parametrize("missing", ["simcord", "demo"])
@pytest.mark.parametrize("args", [["demo"], ["demo", "--translations"]])
def test_demo_without_the_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    missing: str,
    args: list[str],
) -> None:
    monkeypatch.setitem(sys.modules, missing, None)
    assert main(args) == EXIT_NO_DEMO == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [NO_DEMO]
    assert "pip install -e '.[demo]'" in NO_DEMO


def test_demo_with_the_extra_goes_on_to_look_for_the_model(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["demo"]) == 3  # past the extra check: this data directory has no model
    assert "no zh→en model" in capsys.readouterr().err
