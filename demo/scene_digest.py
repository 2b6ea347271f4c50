"""The weekly digest as it is posted: Monday morning, in the digest channel, with its chart.

The moderator turns the digest on with the real ``/digest config``; the demo then lets the
clock reach the next slot and runs what the scheduled job runs there (``run_due``, through
the claim, posted by the real Discord poster). It plays last, so it sums up every scene.
"""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta
from pathlib import Path

import discord
import simcord

from bot.app import YiqiBot
from bot.services.digest.composer import WeeklyDigestComposer
from bot.services.digest.publisher import DigestPublisher, Outcome
from cogs.digest.poster import DiscordDigestPoster
from demo.render import WIDTH, width, wrap
from demo.world import DemoWorld

DIGEST_CHANNEL = "weekly-digest"
_MASKED_LINK = re.compile(r"\[([^\]]*)\]\(<[^>]*>\)")


async def play_digest(world: DemoWorld) -> list[str]:
    """Post the week's digest; the digest channel as members see it, and where the chart is."""
    w = world
    bot = w.env.bot
    assert isinstance(bot, YiqiBot)
    channel = w.guild.create_text_channel(DIGEST_CHANNEL)
    await w.moderator.slash(w.english, "digest config", channel=channel)
    schedule = await bot.services.digest_config.get(w.guild.id)
    assert schedule is not None, "/digest config did not store a schedule"
    due = schedule.slot.next_due(bot.services.clock())
    monday_morning = due.due_at + timedelta(minutes=1)
    publisher = DigestPublisher(
        bot.services.sessions,
        bot.services.digest_config,
        WeeklyDigestComposer(
            bot.services.sessions, traditional_config=bot.settings.traditional_variant
        ),
        grace=timedelta(hours=bot.settings.digest_grace_hours),
        lease=timedelta(minutes=bot.settings.digest_claim_lease_minutes),
        clock=lambda: monday_morning,
    )
    result = await publisher.run_due(DiscordDigestPoster(bot), w.guild.id)
    if result.outcome is not Outcome.POSTED:
        return [f"Weekly digest of {due.covered_week}: not posted ({result.outcome.value})\n"]
    rendered = _render(channel, w)
    notes = await _attachments(channel, bot.settings.data_dir, w)
    title = f"Monday {due.due_at:%Y-%m-%d}: the weekly digest of {due.covered_week} is posted"
    return [f"{title}\n{'═' * width(title)}\n", rendered, *notes]


def _render(channel: simcord.ChannelHandle, world: DemoWorld) -> str:
    """The digest channel as Emily sees it (every member sees the same posts)."""
    title = f"Digest channel (#{DIGEST_CHANNEL})"
    lines = [title, "═" * width(title)]
    for message in channel.history(viewer=world.emily):
        lines.append(f"[{message.author.display_name}]")
        for line in _as_members_see_it(message.content, world).splitlines():
            lines += ["  " + piece for piece in wrap(line, WIDTH - 2)]
    return "\n".join(lines) + "\n"


def _as_members_see_it(text: str, world: DemoWorld) -> str:
    """Mentions as names and masked links as their labels, as Discord shows them."""
    for actor in (world.emily, world.xiaohong, world.moderator):
        member = actor.member
        name = member.display_name if member is not None else actor.name
        text = text.replace(f"<@{actor.id}>", f"@{name}")
    return _MASKED_LINK.sub(r"\1", text)


async def _attachments(
    channel: simcord.ChannelHandle, data_dir: Path, world: DemoWorld
) -> list[str]:
    """Saves each attached chart in the data directory; what was saved and its alt text."""
    notes = []
    for message in channel.history(viewer=world.emily):
        for attachment in message.attachments:
            notes.append(await _save(attachment, data_dir))
    return notes


async def _save(attachment: discord.Attachment, data_dir: Path) -> str:
    path = data_dir / f"demo-{attachment.filename}"
    png = await attachment.read()
    await asyncio.to_thread(_write, path, png)
    lines = [f"📈 Chart attached: {attachment.filename} ({len(png):,} bytes), saved to {path}"]
    lines += ["Alt text (what a screen reader says):"]
    for line in (attachment.description or "").splitlines():
        lines += ["  " + piece for piece in wrap(line, WIDTH - 2)]
    return "\n".join(lines) + "\n"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
