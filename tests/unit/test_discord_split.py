"""Long texts split into messages: every part fits, nothing is lost, and markdown spans are
cut only when they cannot fit whole, then closed and reopened so each part renders alone."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.services.discord_split import split_message, split_messages, split_parts
from bot.services.discord_text import MESSAGE_LIMIT, discord_length

# Pieces that have meaning to the splitter, mixed with arbitrary text.
TOKENS = [
    "```", "```py\n", "||", "**", "__", "~~", "*", "`", "> ", ">>> ", "-# ", "# ", "\n", "\n\n",
    " ", "。", ". ", "! ", "你好", "hotpot", "<@123456789012345678>", "https://example.com/a",
    "[link](https://example.com)", "🐱", "👨\u200d👩\u200d👧", "e\u0301", "\U0001f44d\U0001f3fd",
]  # fmt: skip
chat = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)), max_size=120).map("".join)
# Prose with no markup of its own, so the only spans are the ones generated around it.
word = st.sampled_from(["tea", "hotpot", "spicy", "你好", "很辣", "好吃", "🐱", "Beijing"])
sentence = st.lists(word, min_size=1, max_size=8).map(" ".join).map(lambda s: s + ". ")
prose = st.lists(
    st.one_of(sentence, st.sampled_from(["\n", "\n\n", "。", "！"])), min_size=1, max_size=12
).map("".join)
code_block = st.lists(st.sampled_from(["x = 1", "  y = [1, 2]", "# note", ""]), max_size=6).map(
    lambda lines: "```py\n" + "\n".join(lines) + "\n```"
)
spoiler = st.lists(sentence, min_size=1, max_size=3).map(lambda s: "||" + "".join(s) + "||")
structured = st.lists(st.one_of(prose, code_block, spoiler), min_size=1, max_size=40).map("".join)
SPANS = re.compile(r"```.*?```|\|\|.*?\|\|", re.DOTALL)


def _cuts(text: str, limit: int) -> list[int]:
    cuts, position = [], 0
    for part in split_parts(text, limit)[:-1]:
        position += len(part.text)
        cuts.append(position)
    return cuts


@given(chat, st.integers(min_value=12, max_value=400))
def test_every_part_fits_and_the_parts_hold_the_whole_text(text: str, limit: int) -> None:
    parts = split_parts(text, limit)
    assert all(discord_length(part.content) <= limit for part in parts)
    assert "".join(part.text for part in parts) == text
    assert all(part.text for part in parts)


@given(structured, st.integers(min_value=250, max_value=600))
def test_spans_that_fit_in_a_part_are_never_cut(text: str, limit: int) -> None:
    messages = [part.content for part in split_parts(text, limit)]
    assert all(discord_length(message) <= limit for message in messages)
    assert "".join(messages) == text  # nothing added: no span had to be reopened
    cuts = _cuts(text, limit)
    for span in SPANS.finditer(text):
        assert not [cut for cut in cuts if span.start() < cut < span.end()], span.group(0)


@given(st.integers(min_value=60, max_value=300))
def test_a_code_block_longer_than_a_part_is_closed_and_reopened(limit: int) -> None:
    code = "\n".join(f"value_{n} = {n}" for n in range(120))
    messages = split_message(f"Config:\n```py\n{code}\n```\nDone.", limit)
    assert all(discord_length(message) <= limit for message in messages)
    blocks = [m for m in messages if "```" in m]
    assert len(blocks) > 1
    for message in blocks:
        assert message.count("```") == 2  # each part holds a whole code block
    inner = [re.search(r"```(?:py\n)?(.*?)```", m, re.DOTALL) for m in blocks]
    assert "".join(match.group(1) for match in inner if match) == code + "\n"


def test_a_spoiler_longer_than_a_part_stays_hidden_in_every_part() -> None:
    secret = "The ending is a surprise. " * 200
    messages = split_message(f"Spoiler: ||{secret}|| ok", MESSAGE_LIMIT)
    assert len(messages) == 3
    assert all(discord_length(m) <= MESSAGE_LIMIT for m in messages)
    assert messages[0].startswith("Spoiler: ||") and messages[0].endswith("||")
    assert messages[1].startswith("||") and messages[1].endswith("||")
    assert messages[2].startswith("||") and messages[2].endswith("|| ok")
    # Cut between sentences, never inside one.
    assert all(m.rstrip("| ").endswith("surprise.") for m in messages[:2])


def test_chinese_is_cut_after_a_sentence_end() -> None:
    text = "我们周末去吃火锅，然后去公园散步。" * 200
    messages = split_message(text)
    assert len(messages) == 2
    assert messages[0].endswith("。")
    assert "".join(messages) == text


def test_a_quoted_line_longer_than_a_part_is_quoted_in_every_part() -> None:
    messages = split_message("> " + "word " * 900, MESSAGE_LIMIT)
    assert len(messages) == 3
    assert all(m.startswith("> ") for m in messages)


def test_mentions_and_links_are_never_cut() -> None:
    link = "https://example.com/" + "a" * 50
    text = ("see " + link + " ") * 80
    for message in split_message(text, 300):
        assert all(word == link for word in message.split() if word.startswith("http"))


def test_packed_blocks_split_an_overlong_line_instead_of_cutting_it_short() -> None:
    long_line = "A sentence that goes on. " * 100
    messages = split_messages(["Intro", long_line], MESSAGE_LIMIT)
    assert all(discord_length(m) <= MESSAGE_LIMIT for m in messages)
    assert "…" not in "".join(messages)
    assert "".join(messages).count("A sentence that goes on.") == 100


def test_a_part_of_only_whitespace_is_never_sent() -> None:
    messages = split_message("start" + " " * 300 + "end", 100)
    assert messages[0].startswith("start") and messages[-1].endswith("end")
    assert all(message.strip() for message in messages)
