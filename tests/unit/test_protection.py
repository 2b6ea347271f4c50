import re

from hypothesis import given
from hypothesis import strategies as st

from bot.translation.protection import (
    GlossaryTerm,
    protect,
    restore,
    split_on_placeholders,
    without_protected,
)
from db.enums import Side

SPANS = [
    "<@123456789012345678>",
    "<@!123456789012345678>",
    "<@&123456789012345678>",
    "<#123456789012345678>",
    "@everyone",
    "@here",
    "<:catjam:123456789012345678>",
    "<a:dance:123456789012345678>",
    "https://example.com/cat.jpg?x=1",
    "`pip install yiqi`",
    "```python\nprint('你好')\n```",
    "</penpal join:123456789012345678>",
    "<t:1737000000:R>",
    "🐱",
    "👍🏽",
]


def test_every_protected_kind_becomes_a_placeholder_and_comes_back() -> None:
    text = "你好 " + " 和 ".join(SPANS) + " 再见"
    protected = protect(text, Side.ZH)
    assert protected.placeholder_count == len(SPANS)
    for span in SPANS:
        assert span not in protected.masked
    assert restore(protected.masked, protected.restorations) == text


def test_url_stops_before_trailing_punctuation() -> None:
    protected = protect("看这个 https://example.com/a。很好", Side.ZH)
    assert protected.restorations == ["https://example.com/a"]


def test_restore_rejects_missing_or_duplicated_placeholders() -> None:
    protected = protect("hi <@123456789012345678> and <#123456789012345678>", Side.EN)
    assert restore("hi ZQX0", protected.restorations) is None
    assert restore("hi ZQX0 ZQX0 ZQX1", protected.restorations) is None
    assert restore("ZQX1 hi zqx 0", protected.restorations) == (
        "<#123456789012345678> hi <@123456789012345678>"
    )


def test_glossary_terms_are_replaced_by_their_fixed_translation() -> None:
    glossary = [GlossaryTerm(en="cat tax", zh="猫税"), GlossaryTerm(en="RedNote", zh="小红书")]
    zh = protect("欢迎来到小红书！请交猫税。", Side.ZH, glossary)
    assert "小红书" not in zh.masked and "猫税" not in zh.masked
    assert sorted(zh.restorations) == ["RedNote", "cat tax"]
    en = protect("Pay the Cat Tax on rednote, not in concatenate", Side.EN, glossary)
    assert sorted(en.restorations) == ["小红书", "猫税"]
    assert "concatenate" in en.masked


def test_user_typed_marker_disables_protection() -> None:
    protected = protect("my code is ZQX1 <@123456789012345678>", Side.EN)
    assert protected.restorations == []
    assert restore(protected.masked, protected.restorations) == protected.masked


def test_split_on_placeholders_alternates_text_and_markers() -> None:
    assert split_on_placeholders("a ZQX0 b ZQX1") == ["a ", "ZQX0", " b ", "ZQX1", ""]


def test_links_and_code_only_leave_nothing_to_translate() -> None:
    assert without_protected("https://example.com `x = 1` 🐱 <@123456789012345678>").strip() == ""


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=200))
def test_protect_then_restore_is_identity(text: str) -> None:
    protected = protect(text, Side.EN, [GlossaryTerm(en="cat tax", zh="猫税")])
    restored = restore(protected.masked, protected.restorations)
    assert restored is not None
    # Glossary terms come back as their translation; everything else exactly.
    if "cat tax" not in text.lower():
        assert restored == text


def test_a_digit_right_after_a_span_cannot_be_read_as_another_placeholder() -> None:
    # "`0`1" once masked to "ZQX01", which restored as placeholder 1 (found by Hypothesis).
    for text, source in (("`0`1", Side.EN), ("🐱2只猫", Side.ZH), ("交猫税3次", Side.ZH)):
        protected = protect(text, source, [GlossaryTerm(en="cat tax", zh="猫税")])
        assert all(
            not protected.masked[m.end() : m.end() + 1].isdigit()
            for m in re.finditer(r"ZQX\d+", protected.masked)
        )
        assert restore(protected.masked, protected.restorations) is not None
    assert restore(protect("`0`1", Side.EN).masked, ["`0`1"]) == "`0`1"
    zh = protect("交猫税3次", Side.ZH, [GlossaryTerm(en="cat tax", zh="猫税")])
    assert zh.restorations == ["cat tax3"]
