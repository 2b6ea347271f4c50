"""Member text the bot sets in its own posts shows as written: no links, mentions, headings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.services.discord_text import code_block_text, escape_markdown, inline_text
from bot.services.exchange.similar import SimilarQuestion
from bot.services.penpal.proposals import ProposalCard
from bot.services.penpal.safety import ReportFiled, TranscriptLine
from cogs.exchange.links import similar_lines
from cogs.penpal.proposals import render_card, render_intro
from cogs.penpal.safety import report_post
from db.enums import PenpalLevel, Side
from tests.support.markup import live_markup

NITRO = "[Free Nitro](https://evil.example/login)"
HOSTILE = [
    NITRO,
    "<https://x>",
    "https://evil.example/login",
    "看https://evil.example",
    "# heading",
    "## heading",
    "-# sub",
    "> quote",
    ">>> quote",
    "- list",
    "1. list",
    "@everyone",
    "@here look",
    "<@123>",
    "<@!123>",
    "<@&456>",
    "<#789>",
    "</ask:1>",
    "<t:0:R>",
    "||spoiler|| in a title",
    "**bold** __under__ ~~gone~~ *it*",
    "`code` ```block```",
    "[Free\u200bNitro](https:/\u200b/evil.example)",  # zero-width space inside
    "@\u200beveryone",
    "\u202eevil.example\u202c",  # right-to-left override
    "\uff3bFree Nitro\uff3d\uff08https://evil.example/login\uff09",  # fullwidth brackets
    "a\\",  # a trailing backslash must not escape the bot's own markup after it
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_shows_literally(text: str) -> None:
    assert live_markup(escape_markdown(text)) == []
    assert live_markup(inline_text(text)) == []


def test_the_checker_sees_what_it_guards_against() -> None:
    """Unescaped, each hostile sample is markup (else the test above proves nothing), but
    those that turn hostile once their invisible characters are dropped, and the backslash."""
    plain = [t for t in HOSTILE if not live_markup(t)]
    assert plain == ["@\u200beveryone", "\u202eevil.example\u202c", "a\\"]


def test_escaped_text_reads_the_same() -> None:
    assert escape_markdown(NITRO) == "\\[Free Nitro\\]\\(https\\://evil.example/login\\)"
    assert escape_markdown("# heading") == "\\# heading"
    assert escape_markdown("-# sub") == "\\-# sub"
    assert escape_markdown("@everyone") == "@\u200beveryone"
    assert escape_markdown("每个中国人都有大熊猫吗？") == "每个中国人都有大熊猫吗？"
    assert escape_markdown("3.14 is pi") == "3\\.14 is pi"


def test_invisible_characters_are_dropped_and_joined_emoji_kept() -> None:
    assert escape_markdown("a\u200bb\u202ec\ufeff") == "abc"
    family = "👨\u200d👩\u200d👧"
    assert escape_markdown(family) == family


def test_multi_line_text_gets_no_block_on_any_line() -> None:
    text = "fine\n# heading\n> quote\n-# sub\n  - item"
    assert live_markup(escape_markdown(text)) == []
    # One line: only its start could begin a block.
    assert inline_text(text) == "fine # heading \\> quote -# sub - item"
    assert inline_text("# heading") == "\\# heading"


def test_a_code_block_cannot_be_closed_from_inside() -> None:
    shown = code_block_text("before ``` after ```` end")
    assert "``" not in shown
    assert shown.replace("\u200b", "") == "before ``` after ```` end"


def test_similar_question_lines_link_only_where_the_bot_links() -> None:
    hostile = SimilarQuestion(1, f"{NITRO} @everyone <@1>", Side.EN, 555, 1.0)
    unthreaded = SimilarQuestion(2, "# heading\nnext line", Side.ZH, None, 1.0)
    linked, plain = similar_lines(9, [hostile, unthreaded])
    # The one link is the bot's jump link; the title inside it is literal.
    assert linked.endswith("](https://discord.com/channels/9/555)")
    title = linked.removeprefix("• [").removesuffix("](https://discord.com/channels/9/555)")
    assert live_markup(title) == []
    assert plain == "• \\# heading next line"


def test_report_heading_and_transcript_cannot_format_the_moderators_post() -> None:
    line = TranscriptLine(datetime(2026, 1, 1, tzinfo=UTC), 2, "a```b", "en", "```\n# out", None)
    filed = ReportFiled(7, 1, 3, 1, 2, f"{NITRO}\n# loud\n@everyone", 99, (line,))
    content, attachment = report_post(filed)
    heading = content.split("\nTranscript")[0]
    reason = heading.split("Reason: ", 1)[1]
    assert live_markup(reason) == []
    assert heading.startswith("🚩 Pen-pal report #7: <@1> reported <@2>.")
    # One fence opens the transcript, one closes it: nothing inside closes it early.
    assert content.count("```") == 2 and content.endswith("\n```")
    assert attachment.fp.read().decode().count("```") == 2  # the file: the text as written


def test_pen_pal_card_shows_the_partner_name_and_intro_as_written() -> None:
    card = ProposalCard(
        proposal_id=1,
        guild_id=2,
        recipient_id=3,
        recipient_side=Side.EN,
        partner_id=4,
        partner_level=PenpalLevel.BEGINNER,
        partner_interests=(),
        partner_local_time="10:00",
        partner_timezone="Asia/Shanghai",
        expires_at=datetime(2026, 1, 1, tzinfo=UTC),
        partner_intro=f"hi\n# {NITRO}\n@everyone",
        partner_intro_translated="你好 ||剧透||",
    )
    title = render_card(card, "**Boss** <@1>", "en").splitlines()[0]
    assert title.startswith("**") and title.endswith("**")
    assert live_markup(title[2:-2]) == []
    heading, *quoted = render_intro(card, "en").splitlines()
    assert heading == "Their intro:"
    assert [line[:2] for line in quoted] == ["> "] * 4
    assert [live_markup(line[2:].strip("*")) for line in quoted] == [[]] * 4
