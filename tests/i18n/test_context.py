"""``_`` follows the per-task locale and falls back to English."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.i18n import Catalogs, _, _n, current_locale, install_catalogs, set_locale, use_locale
from bot.i18n.messages.exchange import Relay

MODEL_MISSING = Relay.UNAVAILABLE


def test_default_locale_is_english(installed: Catalogs) -> None:
    assert current_locale() == "en"
    assert _("Original") == "Original"


def test_use_locale_switches_and_restores(installed: Catalogs) -> None:
    with use_locale("zh-CN") as locale:
        assert locale == "zh_CN"
        assert _("Original") == "原文"
        with use_locale("zh-TW"):
            assert _("Nothing to translate.") == "沒有可翻譯的內容。"
        assert _("Nothing to translate.") == "没有可翻译的内容。"
    assert _("Original") == "Original"


def test_fields_are_formatted_after_translation(installed: Catalogs) -> None:
    with use_locale("zh-TW"):
        text = _(MODEL_MISSING, source="zh", target="en")
    assert text == "無法翻譯：zh→en 翻譯模型未安裝或無法載入。以下顯示原文。"
    assert _("Translated from {language}", language="Chinese") == "Translated from Chinese"


def test_constants_marked_with_n_are_translated_at_use(installed: Catalogs) -> None:
    assert Relay.ORIGINAL == "Original"
    with use_locale("zh-CN"):
        assert _(Relay.ORIGINAL) == "原文"


def test_missing_entry_falls_back_to_english(installed: Catalogs) -> None:
    with use_locale("zh-CN"):
        assert _("Not translated yet, {name}", name="Ana") == "Not translated yet, Ana"


def test_before_installation_everything_is_english() -> None:
    install_catalogs(None)
    with use_locale("zh-CN"):
        assert _("Original") == "Original"
        assert _("Your language is now {language}.", language="English") == (
            "Your language is now English."
        )


def test_text_without_fields_is_not_formatted(installed: Catalogs) -> None:
    assert _("Use {braces} literally") == "Use {braces} literally"


def test_plural_helper_fills_n(installed: Catalogs) -> None:
    assert _n("{n} question", "{n} questions", 1) == "1 question"
    assert _n("{n} question", "{n} questions", 4) == "4 questions"


def test_broken_translation_falls_back_to_english(
    installed: Catalogs, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(Catalogs, "gettext", lambda self, locale, msgid: "坏 {nope}")
    with use_locale("zh-CN"), caplog.at_level(logging.ERROR):
        assert _("Hi {name}", name="Ana") == "Hi Ana"
    assert "bad placeholders" in caplog.text


async def test_concurrent_tasks_keep_their_own_locale(installed: Catalogs) -> None:
    both_set = asyncio.Barrier(2)

    async def reply_in(locale: str) -> list[str]:
        set_locale(locale)
        # Both tasks have set their locale before either one translates.
        await both_set.wait()
        first = _("Marked as answered.")
        await asyncio.sleep(0)
        return [first, _("Original"), current_locale()]

    simplified, traditional = await asyncio.gather(reply_in("zh-CN"), reply_in("zh-TW"))
    assert simplified == ["已标记为已解答。", "原文", "zh_CN"]
    assert traditional == ["已標記為已解答。", "原文", "zh_TW"]
    assert current_locale() == "en"
