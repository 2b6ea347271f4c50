"""/digest config|preview|now and the digest's posts through SimCord (real bot, real port)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import discord
import pytest
import simcord
from discord import app_commands
from simcord.backend.errors import SetupError

from bot.app import YiqiBot
from bot.services.digest.jobs import job_id
from bot.services.digest.ports import DigestChannelUnavailableError, DigestChart
from bot.services.digest.weeks import IsoWeek
from bot.services.discord_text import MESSAGE_LIMIT
from bot.settings import Settings
from bot.translation.engine import TranslationEngine
from bot.translation.runtime import LoadedModel
from cogs.digest.poster import DiscordDigestPoster
from db.enums import DigestStatus
from db.repositories import DigestRepository
from tests.discord.support import World, last_reply
from tests.support.clock import MovableClock


class TwoPartComposer:
    """A digest in two messages (what a digest says is the composer's own tests' business)."""

    def __init__(self) -> None:
        self.weeks: list[IsoWeek] = []

    async def compose(self, guild_id: int, week: IsoWeek) -> list[str]:
        self.weeks.append(week)
        return [f"Digest {week} · 一起周报 (1/2) @everyone", "x" * MESSAGE_LIMIT]

    async def chart(self, guild_id: int, week: IsoWeek) -> DigestChart | None:
        return None  # the real composer's chart: tests/discord/test_digest_chart.py


@pytest.fixture
def composer() -> TwoPartComposer:
    return TwoPartComposer()


@pytest.fixture
async def translation(zh_en_model: LoadedModel) -> AsyncIterator[TranslationEngine]:
    engine = TranslationEngine({"zh_en": zh_en_model})
    yield engine
    await engine.close()


@pytest.fixture
def new_bot(
    make_settings: Callable[[], Settings],
    translation: TranslationEngine,
    composer: TwoPartComposer,
    bot_clock: MovableClock,
) -> Callable[[], YiqiBot]:
    """A fresh bot process on the same data directory (database) as the others."""
    return lambda: YiqiBot(
        make_settings(), translation=translation, digest_composer=composer, clock=bot_clock
    )


@pytest.fixture
def simcord_bot(new_bot: Callable[[], YiqiBot]) -> YiqiBot:
    return new_bot()


def bot_posts(w: World, channel: simcord.ChannelHandle) -> list[discord.Message]:
    assert w.bot.user is not None
    return [m for m in channel.history() if m.author.id == w.bot.user.id]


def seen_texts(result: simcord.InteractionResult) -> list[str]:
    """Every message the member saw: the (deferred, then filled) response and the followups."""
    assert result.response is not None
    return [str(result.response.content), *(str(f.content) for f in result.followups)]


async def configured(w: World) -> simcord.ChannelHandle:
    digest = w.guild.create_text_channel("weekly-digest")
    result = await w.admin.slash(w.en_channel, "digest config", channel=digest)
    assert result.ephemeral
    assert f"<#{digest.id}> every Monday at 09:00 (Asia/Shanghai)" in last_reply(result)
    return digest


async def test_admin_sets_the_schedule_and_its_job_follows(world: World) -> None:
    w = world
    digest = await configured(w)
    changed = await w.admin.slash(
        w.en_channel, "digest config", weekday=4, time="18:30", timezone="America/New_York"
    )
    text = last_reply(changed)
    assert f"<#{digest.id}> every Friday at 18:30 (America/New_York). Next: <t:" in text

    job = w.bot.services.scheduler.get_job(job_id(w.guild.id))
    local = job.next_run_time.astimezone(ZoneInfo("America/New_York"))
    assert (local.weekday(), local.hour, local.minute) == (4, 18, 30)
    assert f"<t:{int(job.next_run_time.timestamp())}:F>" in text

    off = await w.admin.slash(w.en_channel, "digest config", enabled=False)
    assert "The digest is off." in last_reply(off)
    assert w.bot.services.scheduler.get_job(job_id(w.guild.id)) is None
    on = await w.admin.slash(w.en_channel, "digest config", enabled=True)
    assert "Next: <t:" in last_reply(on)
    assert w.bot.services.scheduler.get_job(job_id(w.guild.id)) is not None


async def test_bad_times_and_zones_are_explained_and_change_nothing(world: World) -> None:
    w = world
    await configured(w)
    bad_time = await w.admin.slash(w.en_channel, "digest config", time="25:00")
    assert "“25:00” is not a time" in last_reply(bad_time)
    bad_zone = await w.admin.slash(w.en_channel, "digest config", timezone="Asia/Beijing")
    assert "“Asia/Beijing” is not a time zone" in last_reply(bad_zone)
    schedule = await w.bot.services.digest_config.get(w.guild.id)
    assert schedule is not None
    assert (str(schedule.slot.local_time), schedule.slot.timezone) == ("09:00:00", "Asia/Shanghai")


async def test_first_config_needs_a_channel(world: World) -> None:
    result = await world.admin.slash(world.en_channel, "digest config", time="10:00")
    assert "not set up yet" in last_reply(result)
    assert await world.bot.services.digest_config.get(world.guild.id) is None


async def test_members_without_manage_server_cannot_configure_or_post(world: World) -> None:
    w = world
    await configured(w)
    with pytest.raises(SetupError, match="default-member-permissions"):
        await w.alice.slash(w.en_channel, "digest config", time="10:00")  # not even shown
    # A server owner may show /digest to everyone (Integrations settings): still refused.
    [digest_command] = [c for c in await w.bot.tree.fetch_commands() if c.name == "digest"]
    w.guild.set_command_permissions(digest_command, {w.alice: True})
    config = await w.alice.slash(w.en_channel, "digest config", time="10:00")
    assert "Only members with Manage Server can do this." in last_reply(config)
    now = await w.alice.slash(w.en_channel, "digest now")
    assert "Only members with Manage Server can do this." in last_reply(now)
    schedule = await w.bot.services.digest_config.get(w.guild.id)
    assert schedule is not None and str(schedule.slot.local_time) == "09:00:00"
    # The refusals went through the tree's error handler (which SimCord records).
    assert [type(e) for e in w.env.errors] == [app_commands.MissingPermissions] * 2


async def test_timezone_autocomplete_offers_matching_zones(world: World) -> None:
    choices = await world.admin.autocomplete(world.en_channel, "digest config", "timezone", "new_y")
    assert [c["value"] for c in choices] == ["America/New_York"]
    shown = await world.admin.autocomplete(world.en_channel, "digest config", "timezone", "")
    assert len(shown) <= 25 and shown[0]["value"] == "Asia/Shanghai"


async def test_digest_now_posts_the_week_once_without_pinging(
    world: World, composer: TwoPartComposer
) -> None:
    w = world
    digest = await configured(w)
    week = IsoWeek.containing(datetime.now(UTC), "Asia/Shanghai").previous()

    posted = await w.admin.slash(w.en_channel, "digest now")
    assert posted.ephemeral
    assert last_reply(posted) == f"Posted the digest of {week} in <#{digest.id}>."
    messages = bot_posts(w, digest)
    assert [m.content for m in messages] == [
        f"Digest {week} · 一起周报 (1/2) @everyone",
        "x" * MESSAGE_LIMIT,
    ]
    assert not any(m.mention_everyone for m in messages)

    again = await w.admin.slash(w.en_channel, "digest now")
    assert last_reply(again) == f"The digest of {week} was already posted in <#{digest.id}>."
    assert len(bot_posts(w, digest)) == 2
    assert composer.weeks == [week]

    async with w.bot.services.sessions() as session:
        row = await DigestRepository(session).get(w.guild.id, str(week))
    assert row is not None and row.status is DigestStatus.POSTED
    assert row.message_ids == [m.id for m in messages]


async def test_digest_now_before_any_config(world: World) -> None:
    result = await world.admin.slash(world.en_channel, "digest now")
    assert "not set up yet" in last_reply(result)


async def test_preview_is_private_and_for_admins(
    world: World, composer: TwoPartComposer, bot_clock: MovableClock
) -> None:
    w = world
    digest = await configured(w)
    result = await w.admin.slash(w.en_channel, "digest preview", week="2026-W10")
    assert result.ephemeral
    assert seen_texts(result) == [
        "Preview of the digest of 2026-W10 (only you can see this):",
        "Digest 2026-W10 · 一起周报 (1/2) @everyone",
        "x" * MESSAGE_LIMIT,
    ]
    assert all(f.ephemeral for f in result.followups)
    assert bot_posts(w, digest) == []

    default = await w.admin.slash(w.en_channel, "digest preview")
    # The next digest (Monday 09:00 Shanghai) covers the week under way there, or the one
    # before if it is Monday before 09:00.
    under_way = IsoWeek.containing(datetime.now(UTC), "Asia/Shanghai")
    assert composer.weeks[-1] in (under_way, under_way.previous())
    assert seen_texts(default)[0].startswith("Preview of the digest of ")

    bot_clock.advance(timedelta(minutes=1))  # past the two-previews-a-minute cooldown
    bad = await w.admin.slash(w.en_channel, "digest preview", week="last week")
    assert "“last week” is not a week" in last_reply(bad)


async def test_a_digest_missed_while_down_is_posted_at_restart_once(
    world: World, composer: TwoPartComposer, new_bot: Callable[[], YiqiBot]
) -> None:
    w = world
    digest = w.guild.create_text_channel("weekly-digest")
    # The slot passed an hour ago (real clock: APScheduler and the publisher run on it).
    slot = datetime.now(UTC) - timedelta(hours=1)
    await w.bot.services.digest_config.update(
        w.guild.id,
        channel_id=digest.id,
        weekday=slot.weekday(),
        local_time=slot.time().replace(second=0, microsecond=0),
        timezone="UTC",
    )
    assert bot_posts(w, digest) == []

    restarted = new_bot()
    await w.env.restart_bot(restarted)
    week = IsoWeek.of(slot.date()).previous()
    assert composer.weeks == [week]
    assert len(bot_posts(w, digest)) == 2
    # The job for next week's slot was armed from the database at start.
    job = restarted.services.scheduler.get_job(job_id(w.guild.id))
    assert job.next_run_time.weekday() == slot.weekday()
    assert job.next_run_time > datetime.now(UTC) + timedelta(days=6)

    await w.env.restart_bot(new_bot())
    assert len(bot_posts(w, digest)) == 2
    assert composer.weeks == [week]


async def test_the_discord_poster_finds_its_own_recent_messages(world: World) -> None:
    """What a takeover relies on: Yiqi's own messages in the channel since a moment."""
    w = world
    digest = w.guild.create_text_channel("weekly-digest")
    poster = DiscordDigestPoster(w.bot)
    since = w.env.now() - timedelta(seconds=1)
    first = await poster.send(digest.id, "part one")
    await w.alice.send(digest, "a member writes in between")
    second = await poster.send(digest.id, "part two")
    assert await poster.own_messages_since(digest.id, since) == [first, second]
    assert await poster.own_messages_since(digest.id, w.env.now() + timedelta(minutes=1)) == []

    with pytest.raises(DigestChannelUnavailableError):
        await poster.send(123_456_789, "nowhere")
