"""Every string marked in bot/ and cogs/ is translated, with the same {placeholders}."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from bot.i18n import COMMAND_NAME, LOCALE_DIR
from bot.i18n.checks import check_all, check_catalog, placeholders, read_catalogs, unused_entries
from bot.i18n.extract.method import extract_catalog
from bot.i18n.messages.setup import Setup

REPO = Path(__file__).resolve().parents[2]
NAME = re.compile(r"^[-_\w]{1,32}$")


@pytest.fixture(scope="module")
def template() -> Catalog:
    return extract_catalog(REPO)


def _write(root: Path, relative: str, source: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")


def test_source_tree_has_marked_strings(template: Catalog) -> None:
    assert template.get(Setup.NAME, context=COMMAND_NAME) is not None
    assert template.get(Setup.LINKED) is not None


def test_every_source_string_is_translated(template: Catalog) -> None:
    problems = check_all(template, LOCALE_DIR)
    assert not problems, "run `python -m bot.i18n.extract` and translate:\n" + "\n".join(
        map(str, problems)
    )


def test_no_catalog_translates_a_string_the_source_no_longer_has(template: Catalog) -> None:
    # A stale entry means the catalogs were not refreshed since the source changed, so a
    # reworded string may be showing its old translation.
    stale = [
        f"{locale}: {entry.id!r}"
        for locale, catalog in read_catalogs(LOCALE_DIR).items()
        for entry in unused_entries(template, catalog)
    ]
    assert not stale, "run `python -m bot.i18n.extract` (they become obsolete #~ entries):\n" + (
        "\n".join(stale)
    )


def test_a_string_removed_from_the_source_is_reported_stale(tmp_path: Path) -> None:
    _write(tmp_path, "cogs/feature.py", "from bot.i18n import _\n\nA = _('Original')\n")
    stale = [
        entry.id
        for catalog in read_catalogs(LOCALE_DIR).values()
        for entry in unused_entries(extract_catalog(tmp_path, ["cogs"]), catalog)
    ]
    assert "Marked as answered." in stale
    assert "Original" not in stale


def test_command_name_translations_are_valid_discord_names() -> None:
    checked = 0
    for catalog in read_catalogs(LOCALE_DIR).values():
        for entry in catalog:
            if entry.context == COMMAND_NAME:
                assert isinstance(entry.string, str)
                assert NAME.fullmatch(entry.string), entry.string
                assert entry.string == entry.string.lower()
                checked += 1
    assert checked >= 2 * 13  # the seeded names, in both locales


def test_descriptions_fit_discord_limit() -> None:
    descriptions = [value for key, value in vars(Setup).items() if key.endswith("DESCRIPTION")]
    for catalog in read_catalogs(LOCALE_DIR).values():
        for msgid in descriptions:
            entry = catalog.get(msgid)
            assert entry is not None
            assert isinstance(entry.string, str)
            assert 1 <= len(entry.string) <= 100


def test_an_untranslated_new_string_fails_the_check(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "cogs/new_feature.py",
        "from bot.i18n import _\n"
        "from discord.app_commands import locale_str\n\n"
        "NAME = locale_str('setup', msgctxt='command-name')\n\n\n"
        "def reply() -> str:\n"
        "    return _('Original') + _('New text')\n",
    )
    problems = check_all(extract_catalog(tmp_path, ["cogs"]), LOCALE_DIR)
    assert [(p.locale, p.msgid, p.reason) for p in problems] == [
        ("zh_CN", "New text", "not translated"),
        ("zh_TW", "New text", "not translated"),
    ]


def _one_entry_catalogs(msgid: str, translation: str, *, fuzzy: bool = False) -> Catalog:
    catalog = Catalog(locale="zh_CN")
    catalog.add(msgid, translation, flags=["fuzzy"] if fuzzy else [])
    return catalog


@pytest.mark.parametrize(
    ("translation", "fuzzy", "reason"),
    [
        ("{channel} 已属于一个桥接。", False, None),
        ("", False, "not translated"),
        ("{channel} 已属于一个桥接。", True, "fuzzy (needs review)"),
        ("{频道} 已属于一个桥接。", False, "placeholders"),
        ("已属于一个桥接。", False, "placeholders"),
        ("{channel} {extra}", False, "placeholders"),
        ("{channel 已属于", False, "malformed braces"),
    ],
)
def test_translation_problems(translation: str, fuzzy: bool, reason: str | None) -> None:
    msgid = "{channel} is already part of a bridge."
    template = Catalog()
    template.add(msgid)
    problems = check_catalog(template, _one_entry_catalogs(msgid, translation, fuzzy=fuzzy), "x")
    if reason is None:
        assert problems == []
    else:
        assert len(problems) == 1
        assert problems[0].reason.startswith(reason)


def test_bad_command_name_translation_is_a_problem() -> None:
    template = Catalog()
    template.add("setup", context=COMMAND_NAME)
    for bad in ("Setup", "设 置", "x" * 33):
        catalog = Catalog(locale="zh_CN")
        catalog.add("setup", bad, context=COMMAND_NAME)
        assert check_catalog(template, catalog, "zh_CN"), bad


def test_placeholders() -> None:
    assert placeholders("Linked {english} (English) with {chinese}.") == {"english", "chinese"}
    assert placeholders("no fields") == set()
    assert placeholders("{{literal}} {real}") == {"real"}
