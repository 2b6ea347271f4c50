"""The real digest through SimCord: its learning section, and the chart posted as an
attachment described for screen readers (checked against Discord's limits by SimCord)."""

from __future__ import annotations

import io
from datetime import timedelta

from PIL import Image

from bot.services.digest.chart_text import ALT_TEXT_LIMIT
from bot.services.digest.weeks import IsoWeek
from db.enums import Side
from tests.discord.support import World, bridged, last_reply, only_thread
from tests.support.clock import MovableClock
from tests.support.learning_rows import add_correction


async def _a_week_of_learning(w: World) -> None:
    await w.alice.send(w.en_channel, "Does every Chinese person own a panda?")
    await w.wei.send(only_thread(w.zh_channel), "当然不是！")  # an answer from the Chinese side
    await w.admin.slash(only_thread(w.en_channel), "answered")
    await w.wei.send(w.zh_channel, "美国人真的要打两份工才能生活吗？")
    async with w.bot.services.sessions() as session:
        await add_correction(
            session,
            w.guild.id,
            learner=w.wei.id,
            corrector=w.alice.id,
            at=w.bot.services.clock(),
            original="I has a cat **really**",
            corrected="I have a cat",
            language=Side.EN,
            helpful=2,
        )
        await session.commit()


async def test_the_posted_digest_carries_the_chart_with_its_description(
    world: World, bot_clock: MovableClock
) -> None:
    w = await bridged(world)
    await _a_week_of_learning(w)
    digest = w.guild.create_text_channel("weekly-digest")
    await w.admin.slash(w.en_channel, "digest config", channel=digest)

    bot_clock.advance(timedelta(days=7))  # next week: /digest now posts this one
    posted = await w.admin.slash(w.en_channel, "digest now")
    assert "Posted the digest of" in last_reply(posted)

    assert w.bot.user is not None
    messages = [m for m in digest.history() if m.author.id == w.bot.user.id]
    text = "\n".join(m.content for m in messages)
    assert "### 🌱 Learning this week · 本周学习" in text
    assert f"<@{w.wei.id}> 🙏 <@{w.alice.id}> · 👍 2" in text
    assert "I has a cat \\*\\*really\\*\\*" in text
    *words, chart = messages
    assert all(not m.attachments for m in words)
    assert chart.content.startswith("📈 The week in a chart")
    assert "本周图表" in chart.content
    [attachment] = chart.attachments
    assert attachment.filename.startswith("yiqi-digest-") and attachment.filename.endswith(".png")
    description = attachment.description or ""
    assert len(description) <= ALT_TEXT_LIMIT
    assert "English side: " in description and "英文区：" in description
    # One question asked on each side, and one answer, written on the Chinese side.
    english, chinese = (
        _numbers(description, "English side: "),
        _numbers(description, "Chinese side: "),
    )
    assert sum(int(n.split("/")[0]) for n in english) == 1
    assert sum(int(n.split("/")[1]) for n in english) == 0
    assert sum(int(n.split("/")[0]) for n in chinese) == 1
    assert sum(int(n.split("/")[1]) for n in chinese) == 1
    with Image.open(io.BytesIO(await attachment.read())) as image:
        assert image.format == "PNG"

    # Posted once: asking again posts nothing more, chart included.
    again = await w.admin.slash(w.en_channel, "digest now")
    assert "already posted" in last_reply(again)
    assert len([m for m in digest.history() if m.author.id == w.bot.user.id]) == len(messages)


async def test_preview_shows_the_chart_privately(world: World) -> None:
    w = await bridged(world)
    await _a_week_of_learning(w)
    await w.admin.slash(w.en_channel, "digest config", channel=w.en_channel)
    this_week = IsoWeek.containing(w.bot.services.clock(), "Asia/Shanghai")
    result = await w.admin.slash(w.en_channel, "digest preview", week=str(this_week))
    assert result.ephemeral
    *_, chart = result.followups
    assert chart.ephemeral
    [attachment] = chart.attachments
    assert "英文区：" in (attachment.description or "")


def _numbers(description: str, label: str) -> list[str]:
    """The "questions/answers" pairs listed after ``label`` (English line)."""
    line = description.split("\n", maxsplit=1)[0]
    listed = line.split(label, 1)[1].split(".")[0]
    return [item.split()[1] for item in listed.split(", ")]
