"""Relay under faults (issue 11): every reply reaches its mirror exactly once, in order, or is
visibly dead-lettered, whatever Discord or the database does meanwhile.

Counted on the simulated Discord (tests/support/relay_faults/ledger.py), not in the database.
"""

from __future__ import annotations

import os

import pytest

from tests.support.relay_faults import scenarios
from tests.support.relay_faults.ledger import Tally
from tests.support.relay_faults.rig import Rig

ON_POSTGRES = (
    [pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)]
    if os.environ.get("YIQI_TEST_DATABASE_URL")
    else []
)


def assert_exactly_once(tally: Tally, *, delivered: int, dead: int = 0) -> None:
    assert tally.exactly_once, str(tally)
    assert (tally.delivered, tally.dead, tally.lost) == (delivered, dead, 0), str(tally)


@pytest.mark.parametrize("status", [429, 500, 502])
async def test_discord_errors_on_webhook_posts_are_retried_once_each(rig: Rig, status: int) -> None:
    assert_exactly_once(await scenarios.discord_error(rig, status), delivered=30)


async def test_a_post_whose_answer_was_lost_is_not_posted_again(rig: Rig) -> None:
    assert_exactly_once(await scenarios.answer_lost(rig), delivered=30)


async def test_missing_permissions_dead_letter_every_relay_without_loss(rig: Rig) -> None:
    assert_exactly_once(await scenarios.forbidden(rig), delivered=0, dead=10)


async def test_a_webhook_deleted_mid_burst_is_replaced_and_nothing_lost(rig: Rig) -> None:
    assert_exactly_once(await scenarios.webhook_deleted(rig), delivered=30)


async def test_failing_database_writes_lose_no_reply(rig: Rig) -> None:
    assert_exactly_once(await scenarios.failing_database(rig), delivered=30)


@pytest.mark.parametrize("database", ON_POSTGRES, indirect=True)
async def test_killed_database_connections_lose_no_reply(rig: Rig) -> None:
    assert_exactly_once(await scenarios.killed_connections(rig), delivered=60)


async def test_a_restart_mid_burst_delivers_the_rest_once(rig: Rig) -> None:
    assert_exactly_once(await scenarios.restart(rig), delivered=40)


async def test_two_processes_sweeping_one_database_post_each_relay_once(rig: Rig) -> None:
    assert_exactly_once(await scenarios.two_processes(rig), delivered=30)


async def test_100_replies_at_production_pacing_beside_the_sweep_arrive_once_in_order(
    rig: Rig,
) -> None:
    assert_exactly_once(await scenarios.paced_burst(rig), delivered=100)


async def test_a_purge_removes_every_mirror_of_the_purged_replies(rig: Rig) -> None:
    assert_exactly_once(await scenarios.purge(rig), delivered=3)


async def test_a_reply_deleted_while_queued_is_never_posted(rig: Rig) -> None:
    assert_exactly_once(await scenarios.delete_while_queued(rig), delivered=42)


async def test_a_reply_edited_while_queued_is_mirrored_with_its_latest_text(rig: Rig) -> None:
    assert_exactly_once(await scenarios.edit_while_queued(rig), delivered=46)
