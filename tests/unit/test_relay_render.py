"""How mirrors read: translation first, original below; the original first when in doubt."""

from collections.abc import Iterator

import pytest

from bot.i18n import Catalogs, install_catalogs, installed_catalogs
from bot.services.discord_text import MESSAGE_LIMIT, discord_length
from bot.services.relay.render import MirrorFrame, render_mirror
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


LINK = "https://discord.com/channels/1/2/3"


def _frame(side: Side, **kw: object) -> MirrorFrame:
    return MirrorFrame(side, LINK, **kw)  # type: ignore[arg-type]


def _one(parts: list[str]) -> str:
    [content] = parts
    return content


def test_translation_first_and_the_original_marked_below() -> None:
    content = _one(render_mirror(_result("Of course not!", "当然不是！"), _frame(Side.ZH)))
    assert content.splitlines()[0] == "Of course not!"
    assert content.splitlines()[1] == "-# 🇨🇳 Original: 当然不是！"


def test_low_confidence_puts_the_original_first_with_a_notice() -> None:
    content = _one(
        render_mirror(_result("Negative", "阴性阴性", low_confidence=True), _frame(Side.ZH))
    )
    lines = content.splitlines()
    assert lines[0].startswith("-# ⚠️ Low-confidence translation")
    assert lines[1] == "阴性阴性"
    assert lines[2] == "-# 🇨🇳 Negative"


def test_unavailable_relays_the_original_with_a_notice_in_the_readers_language() -> None:
    result = _result(
        "Hello", "Hello", source=Side.EN, target=Reader.ZH_CN, status=TranslationStatus.UNAVAILABLE
    )
    content = _one(render_mirror(result, _frame(Side.EN)))
    assert content.startswith("Hello\n-# 🇺🇸 ⚠️ ")
    assert "无法翻译" in content


def test_a_long_mirror_is_split_and_keeps_quote_attachments_and_original() -> None:
    long = "很长的句子。" * 600
    translation = "A long sentence. " * 200
    parts = render_mirror(
        _result(translation, long),
        _frame(
            Side.ZH,
            quote="earlier message [↩](https://discord.com/channels/1/2/3)",
            attachments=("https://cdn.example/cat.png",),
        ),
    )
    assert len(parts) == 3  # ~3,400 + ~700 characters
    assert all(discord_length(part) <= MESSAGE_LIMIT for part in parts)
    assert parts[0].startswith("> earlier message")
    # Nothing of the translation is lost: the parts hold all of it, cut between sentences.
    assert "".join(parts).count("A long sentence.") == 200
    assert parts[0].rstrip().endswith("A long sentence.")
    assert "https://cdn.example/cat.png" in parts[1].splitlines()
    last = parts[-1].splitlines()
    # The original, too long to show whole, links to the original post.
    assert last[-1].startswith("-# 🇨🇳 Original: 很长的句子。")
    assert last[-1].endswith(f"[↗](<{LINK}>)")


def test_a_short_original_is_shown_whole_without_a_link() -> None:
    content = _one(render_mirror(_result("Tea.", "茶。"), _frame(Side.ZH)))
    assert LINK not in content
