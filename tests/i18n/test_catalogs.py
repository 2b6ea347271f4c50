"""Loading the .po files at run time: locale names, fallbacks, plurals, fuzzy entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.i18n import COMMAND_NAME, Catalogs, normalize_locale

PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Original"
msgstr "原文"

#, fuzzy
msgid "Nothing to translate."
msgstr "没什么"

msgid "Marked as answered."
msgstr ""

msgid "{n} cat"
msgid_plural "{n} cats"
msgstr[0] "{n} 只猫"
"""


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("zh-CN", "zh_CN"),
        ("zh-TW", "zh_TW"),
        ("zh_tw", "zh_TW"),
        ("ZH-cn", "zh_CN"),
        ("en-US", "en"),
        ("fr", "en"),
        ("zh", "en"),
        ("", "en"),
    ],
)
def test_normalize_locale(given: str, expected: str) -> None:
    assert normalize_locale(given) == expected


def test_real_catalogs_translate_both_scripts(catalogs: Catalogs) -> None:
    assert catalogs.gettext("zh-CN", "Original") == "原文"
    assert catalogs.gettext("zh-TW", "Nothing to translate.") == "沒有可翻譯的內容。"
    assert catalogs.gettext("zh-CN", "ask", context=COMMAND_NAME) == "提问"
    assert catalogs.gettext("zh-TW", "privacy", context=COMMAND_NAME) == "隱私"


def test_english_and_unknown_locales_return_the_msgid(catalogs: Catalogs) -> None:
    assert catalogs.gettext("en-US", "Original") == "Original"
    assert catalogs.gettext("ja", "Original") == "Original"
    assert catalogs.find("en-GB", "Original") is None


def test_missing_entry_falls_back_to_english(catalogs: Catalogs) -> None:
    assert catalogs.gettext("zh-CN", "Not in any catalog") == "Not in any catalog"
    # The same word without the command-name context is a different entry.
    assert catalogs.gettext("zh-CN", "ask") == "ask"
    assert catalogs.find("zh-TW", "Not in any catalog") is None


def _tiny_catalogs(tmp_path: Path) -> Catalogs:
    po = tmp_path / "zh_CN" / "LC_MESSAGES" / "yiqi.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO, encoding="utf-8")
    return Catalogs.load(tmp_path)


def test_fuzzy_and_empty_entries_are_not_used(tmp_path: Path) -> None:
    catalogs = _tiny_catalogs(tmp_path)
    assert catalogs.gettext("zh-CN", "Original") == "原文"
    assert catalogs.gettext("zh-CN", "Nothing to translate.") == "Nothing to translate."
    assert catalogs.gettext("zh-CN", "Marked as answered.") == "Marked as answered."


def test_plurals(tmp_path: Path) -> None:
    catalogs = _tiny_catalogs(tmp_path)
    assert catalogs.ngettext("zh-CN", "{n} cat", "{n} cats", 3) == "{n} 只猫"
    assert catalogs.ngettext("en", "{n} cat", "{n} cats", 1) == "{n} cat"
    assert catalogs.ngettext("en", "{n} cat", "{n} cats", 2) == "{n} cats"
    # zh_TW has no file in this directory: English rules.
    assert catalogs.ngettext("zh-TW", "{n} cat", "{n} cats", 2) == "{n} cats"


def test_empty_directory_loads_no_catalogs(tmp_path: Path) -> None:
    assert Catalogs.load(tmp_path).gettext("zh-CN", "Original") == "Original"
