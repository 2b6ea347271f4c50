"""``python -m bot.i18n.extract`` keeps translations and adds new strings untranslated."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.i18n import LOCALE_DIR
from bot.i18n.checks import check_all, read_catalogs
from bot.i18n.extract.method import extract_catalog
from bot.i18n.extract.refresh import main, update_catalogs


def _project(tmp_path: Path, source: str) -> Path:
    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    (tmp_path / "bot").mkdir()
    (tmp_path / "cogs").mkdir()
    (tmp_path / "cogs" / "feature.py").write_text(source, encoding="utf-8")
    return tmp_path


def test_update_keeps_translations_and_adds_new_strings(tmp_path: Path) -> None:
    root = _project(tmp_path, "from bot.i18n import _\n\nA = _('Original')\nB = _('New text')\n")
    changed = update_catalogs(root)
    assert {path.name for path in changed} == {"yiqi.pot", "yiqi.po"}
    for catalog in read_catalogs(root / "locale").values():
        assert catalog["Original"].string == "原文"
        assert catalog["New text"].string == ""
        # Strings gone from the source are kept as obsolete entries, not deleted.
        assert "Marked as answered." in catalog.obsolete
    problems = check_all(extract_catalog(root), root / "locale")
    assert {p.msgid for p in problems} == {"New text"}
    assert update_catalogs(root) == []  # a rerun changes nothing


def _repository_copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    repo = Path(__file__).resolve().parents[2]
    for directory in ("bot", "cogs", "locale"):
        shutil.copytree(repo / directory, root / directory)
    return root


def test_repository_catalogs_are_up_to_date(tmp_path: Path) -> None:
    """The committed .pot/.po files match the source (else: run the extract command)."""
    assert update_catalogs(_repository_copy(tmp_path)) == []


def test_check_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _repository_copy(tmp_path)
    assert main(["--check"], root=root) == 0
    (root / "cogs" / "feature.py").write_text("from bot.i18n import _\n\n_('New text')\n")
    assert main(["--check"], root=root) == 1
    out, err = capsys.readouterr()
    assert "updated locale/yiqi.pot" in out
    assert "zh_TW: 'New text': not translated" in err
