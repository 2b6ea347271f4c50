"""How mirrors read: translation first, original below; the original first when in doubt."""

from collections.abc import Iterator

import pytest

from bot.i18n import Catalogs, install_catalogs, installed_catalogs
from bot.services.discord_text import MESSAGE_LIMIT
from bot.services.relay.render import render_mirror
from bot.translation.languages import Reader
from bot.translation.results import TranslationResult, TranslationStatus
from db.enums import Side


@pytest.fixture(autouse=True)
def catalogs() -> Iterator[None]:
    """The bot installs the catalogs at start; here the test does."""
    previous = installed_catalogs()
    install_catalogs(Catalogs.load())
    yield
    install_catalogs(previous)


def _result(text: str, original: str, **kw: object) -> TranslationResult:
    defaults: dict[str, object] = {
        "source": Side.ZH,
        "target": Reader.EN,
        "status": TranslationStatus.TRANSLATED,
    }
    defaults.update(kw)
    return TranslationResult(text, original, **defaults)  # type: ignore[arg-type]


def test_translation_first_and_the_original_marked_below() -> None:
    content = render_mirror(_result("Of course not!", "当然不是！"), Side.ZH)
    assert content.splitlines()[0] == "Of course not!"
    assert content.splitlines()[1] == "-# 🇨🇳 Original: 当然不是！"


def test_low_confidence_puts_the_original_first_with_a_notice() -> None:
    content = render_mirror(_result("Negative", "阴性阴性", low_confidence=True), Side.ZH)
    lines = content.splitlines()
    assert lines[0].startswith("-# ⚠️ Low-confidence translation")
    assert lines[1] == "阴性阴性"
    assert lines[2] == "-# 🇨🇳 Negative"


def test_unavailable_relays_the_original_with_a_notice_in_the_readers_language() -> None:
    result = _result(
        "Hello", "Hello", source=Side.EN, target=Reader.ZH_CN, status=TranslationStatus.UNAVAILABLE
    )
    content = render_mirror(result, Side.EN)
    assert content.startswith("Hello\n-# 🇺🇸 ⚠️ ")
    assert "无法翻译" in content


def test_quote_attachments_and_the_length_limit() -> None:
    long = "很长的句子。" * 600
    content = render_mirror(
        _result("A long sentence. " * 200, long),
        Side.ZH,
        quote="earlier message [↩](https://discord.com/channels/1/2/3)",
        attachments=("https://cdn.example/cat.png",),
    )
    assert len(content) <= MESSAGE_LIMIT
    assert content.startswith("> earlier message")
    assert "https://cdn.example/cat.png" in content
