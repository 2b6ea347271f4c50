"""The observability settings: off and on loopback by default; log format checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import Settings


def test_defaults_serve_nothing_and_pick_the_log_format_from_the_stream(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert (settings.metrics_port, settings.metrics_host, settings.log_format) == (
        0,
        "127.0.0.1",
        "auto",
    )


def test_environment_sets_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YIQI_METRICS_PORT", "9464")
    monkeypatch.setenv("YIQI_METRICS_HOST", "0.0.0.0")
    monkeypatch.setenv("YIQI_LOG_FORMAT", "json")
    settings = Settings(data_dir=tmp_path)
    assert (settings.metrics_port, settings.metrics_host, settings.log_format) == (
        9464,
        "0.0.0.0",
        "json",
    )


@pytest.mark.parametrize(("name", "value"), [("metrics_port", 70000), ("log_format", "xml")])
def test_bad_values_are_refused(tmp_path: Path, name: str, value: object) -> None:
    with pytest.raises(ValidationError):
        Settings(data_dir=tmp_path, **{name: value})  # type: ignore[arg-type]
