"""The extraction method keeps msgctxt, plurals and translator comments; skips variables."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.i18n.extract.method import extract_catalog

SOURCE = """\
from discord import app_commands
from discord.app_commands import locale_str

from bot.i18n import N_, _, _n

NAME = locale_str("setup", msgctxt="command-name")
MENU = app_commands.locale_str("Translate", msgctxt="context-menu")
LATER = N_("Original")

# Translators: {n} is a number of questions.
COUNT = _n("{n} question", "{n} questions", 2)


def reply(text: str, name: str) -> str:
    '''Docstrings mentioning _("not this") are not calls.'''
    return _(text) + _(f"Hi {name}") + _("Hi {name}", name=name)
"""


@pytest.fixture
def entries(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> list[tuple[object, ...]]:
    (tmp_path / "cogs").mkdir()
    (tmp_path / "cogs" / "feature.py").write_text(SOURCE, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        catalog = extract_catalog(tmp_path, ["cogs"])
    return [(m.context, m.id, m.auto_comments) for m in catalog if m.id]


def test_extracted_entries(entries: list[tuple[object, ...]]) -> None:
    assert entries == [
        ("command-name", "setup", []),
        ("context-menu", "Translate", []),
        (None, "Original", []),
        (None, ("{n} question", "{n} questions"), ["{n} is a number of questions."]),
        (None, "Hi {name}", []),
    ]


def test_f_strings_are_reported(
    entries: list[tuple[object, ...]], caplog: pytest.LogCaptureFixture
) -> None:
    logged = [record.getMessage() for record in caplog.get_records("setup")]
    assert any("feature.py:16: an f-string cannot be translated" in line for line in logged)


def test_missing_source_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        extract_catalog(tmp_path, ["cogs"])
