"""Fault scenarios, each returning the figures counted on the simulated Discord.

Every scenario writes a burst of numbered replies, lets the bot handle it under one fault,
then drives the retry sweep (directly, on a moved clock) until nothing waits, and counts.
Tests assert ``tally.exactly_once``; ``bench.relay_faults`` prints the same tallies.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from tests.support.relay_faults import injectors
from tests.support.relay_faults.ledger import Tally, count, token
from tests.support.relay_faults.rig import PRODUCTION_SWEEP_SECONDS, Rig

EDITED = "改过了"


async def tally(rig: Rig, fault: str, **kwargs: object) -> Tally:
    return count(
        fault,
        rig.ledger,
        rig.question_thread.id,
        sorted(rig.origins),
        dead=await rig.dead(),
        **kwargs,  # type: ignore[arg-type]
    )


async def discord_error(rig: Rig, status: int, *, size: int = 30, times: int = 5) -> Tally:
    """Discord answers ``status`` to ``times`` webhook posts of the burst."""
    injectors.fail_webhook_posts(rig.env, status, times=times)
    rig.write(range(size))
    await rig.settle()
    await rig.drain()
    return await tally(rig, f"HTTP {status} on {times} webhook posts")


async def answer_lost(rig: Rig, *, size: int = 30) -> Tally:
    """Posts 5, 10 and 15 reach Discord but their answer is lost (a timeout after acceptance)."""
    for number in (5, 10, 15):
        rig.after_post(number, injectors.answer_lost)
    rig.write(range(size))
    await rig.settle()
    await rig.drain()
    return await tally(rig, "timeout after Discord accepted (3 posts)")


async def forbidden(rig: Rig, *, size: int = 10) -> Tally:
    """The webhook lost its permission for good: every post gets 403 → dead-lettered."""
    injectors.fail_webhook_posts(
        rig.env, 403, times=None, code=injectors.MISSING_PERMISSIONS, message="Missing Permissions"
    )
    rig.write(range(size))
    await rig.settle()
    await rig.drain()
    return await tally(rig, "403 Missing Permissions on every post")


async def webhook_deleted(rig: Rig, *, size: int = 30) -> Tally:
    """A moderator deletes the relay webhook after the 10th mirror of the burst."""
    rig.after_post(10, lambda: injectors.delete_relay_webhook(rig.env, rig.en_channel.id))
    rig.write(range(size))
    await rig.settle()
    await rig.drain()
    return await tally(rig, "relay webhook deleted mid-burst")


async def failing_database(rig: Rig, *, size: int = 30, every: int = 4) -> Tally:
    """Every 4th database write fails during the burst; then the database is back."""
    intake = rig.bot.services.relay_intake
    intake.first_retry = timedelta(hours=1)  # held until the database is known to be back
    with injectors.failing_writes(rig.bot, every) as fault:
        fault.armed = True
        rig.write(range(size))
        await rig.settle()
        fault.armed = False
        intake.retry_now()
        await rig.settle()
        await rig.drain()
    return await tally(rig, f"every {every}th database write fails during the burst")


async def killed_connections(rig: Rig, *, size: int = 60) -> Tally:
    """PostgreSQL connections killed (pg_terminate_backend) three times during the burst."""
    url = rig.make_settings().effective_database_url
    for number in (10, 25, 40):
        rig.after_post(number, lambda: injectors.kill_postgres_connections(url))
    rig.write(range(size))
    await rig.settle()
    await rig.drain()
    return await tally(rig, "PostgreSQL connections killed 3 times")


async def restart(rig: Rig, *, size: int = 40) -> Tally:
    """The bot is closed after the first 60-second rate window (30 mirrors) and a new one
    starts on the same database."""
    rig.time.stop_at = rig.time.now() + 59.0
    rig.write(range(size))
    await rig.until_all_stored_and_parked()  # 30 posted, the rest waiting for the next window
    await rig.restart()
    await rig.drain()
    return await tally(rig, "restart mid-burst")


async def two_processes(rig: Rig, *, size: int = 30) -> Tally:
    """Every first send fails (500); then two processes on one database sweep together."""
    injectors.fail_webhook_posts(rig.env, 500, times=None)
    rig.write(range(size))
    await rig.settle()
    injectors.heal_webhook_posts(rig.env)
    second, close = rig.second_process()
    try:
        await rig.drain(second)
    finally:
        await close()
    return await tally(rig, "two processes sweep 30 failed relays")


async def paced_burst(rig: Rig, *, size: int = 100) -> Tally:
    """``size`` replies into one thread at Discord's real pacing, the sweep running every
    production interval of (virtual) time."""
    rig.time.sweep_during(rig.retry_job(), PRODUCTION_SWEEP_SECONDS)
    rig.write(range(size))
    await rig.settle()
    rig.time.stop_sweeping()
    await rig.time.sweeps_done()
    await rig.settle()
    await rig.drain()
    return await tally(
        rig, f"{size} replies at production pacing, sweep every {PRODUCTION_SWEEP_SECONDS:.0f} s"
    )


async def purge(rig: Rig, *, size: int = 6) -> Tally:
    """A moderator purges three delivered replies (one bulk delete)."""
    rig.write(range(size))
    await rig.settle()
    purged = [0, 2, 4]
    await rig.purge(purged)
    await rig.drain()
    return await tally(rig, "bulk delete (purge) of 3 delivered", removed=purged)


Change = Callable[[Rig, int], Awaitable[None]]


async def _while_queued(rig: Rig, change: Change, changed: tuple[int, ...]) -> None:
    """Replies 0–39 arrive in one gateway burst with ``change`` to some of them right behind
    (the bot holds them in its send queue: 30 mirrors a minute), then 40–45 whose every
    first post fails (500: they wait for a retry) and are changed while they wait. Then
    Discord recovers and the sweep runs."""
    rig.write(range(40))
    for number in (n for n in changed if n < 40):
        await change(rig, number)  # its event is queued behind the burst's
    await rig.settle()
    injectors.fail_webhook_posts(rig.env, 500, times=None)
    rig.write(range(40, 46))
    await rig.settle()
    for number in (n for n in changed if n >= 40):
        await change(rig, number)
        await rig.settle()
    injectors.heal_webhook_posts(rig.env)
    await rig.drain()


QUEUED_AND_FAILED = (32, 35, 41, 43)  # two behind the rate window, two waiting for a retry


async def delete_while_queued(rig: Rig) -> Tally:
    """Four replies are deleted before their mirror was posted: none may ever show."""

    async def delete(rig: Rig, number: int) -> None:
        await rig.delete(number)

    await _while_queued(rig, delete, QUEUED_AND_FAILED)
    return await tally(rig, "delete while queued (4 of 46)", gone=QUEUED_AND_FAILED)


async def edit_while_queued(rig: Rig) -> Tally:
    """Four replies are edited before their mirror was posted: the mirror shows the edit."""

    async def edit(rig: Rig, number: int) -> None:
        await rig.edit(number, f"{token(number)}：{EDITED}")

    await _while_queued(rig, edit, QUEUED_AND_FAILED)
    result = await tally(rig, "edit while queued (4 of 46)")
    shown = [content for _, content in rig.ledger.visible(rig.question_thread.id)]
    for number in QUEUED_AND_FAILED:
        mine = [content for content in shown if token(number) in content]
        if mine and not all(EDITED in content for content in mine):
            result.wrong.append(f"the mirror of {number} shows the text before the edit")
    return result


Scenario = Callable[[Rig], Awaitable[Tally]]


@dataclass(frozen=True)
class Fault:
    name: str
    run: Scenario
    postgres_only: bool = False


FAULTS = [
    Fault("http_429", lambda rig: discord_error(rig, 429)),
    Fault("http_500", lambda rig: discord_error(rig, 500)),
    Fault("http_502", lambda rig: discord_error(rig, 502)),
    Fault("answer_lost", answer_lost),
    Fault("forbidden_403", forbidden),
    Fault("webhook_deleted", webhook_deleted),
    Fault("failing_database", failing_database),
    Fault("killed_connections", killed_connections, postgres_only=True),
    Fault("restart", restart),
    Fault("two_processes", two_processes),
    Fault("paced_burst_100", paced_burst),
    Fault("purge", purge),
    Fault("delete_while_queued", delete_while_queued),
    Fault("edit_while_queued", edit_while_queued),
]
