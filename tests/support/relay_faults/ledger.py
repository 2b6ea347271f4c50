"""Counting on the simulated Discord, not in the database: every webhook message ever posted
(also ones deleted later), and what is still visible, per origin message.

Each origin message carries a token (``第{n}条``) that its mirror repeats (the original text
is always part of a mirror), so a mirror is matched to its origin by its content alone.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import simcord

TOKEN = re.compile(r"第(\d+)条")


def token(number: int) -> str:
    return f"第{number}条"


def numbers_in(content: str) -> set[int]:
    return {int(found) for found in TOKEN.findall(content)}


class MirrorLedger:
    """Every MESSAGE_CREATE that a webhook posted, seen on SimCord's gateway."""

    def __init__(self, env: simcord.Env) -> None:
        self._env = env
        self.posted: list[tuple[int, int, str]] = []  # (channel id, message id, content)
        env.backend.subscribers.append(self._on_event)

    def _on_event(self, event: str, payload: Mapping[str, Any]) -> None:
        if event == "MESSAGE_CREATE" and payload.get("webhook_id"):
            self.posted.append(
                (int(payload["channel_id"]), int(payload["id"]), str(payload.get("content", "")))
            )

    def posts_per_origin(self, channel_id: int) -> Counter[int]:
        """How many mirrors were ever posted in ``channel_id`` per origin number."""
        counts: Counter[int] = Counter()
        for channel, _, content in self.posted:
            if channel == channel_id:
                counts.update(numbers_in(content))
        return counts

    def visible(self, channel_id: int) -> list[tuple[int, str]]:
        """Webhook messages still in ``channel_id``, oldest first: (message id, content)."""
        store = self._env.backend.messages.get(channel_id, {})
        return [
            (message.id, message.content)
            for message in sorted(store.values(), key=lambda m: m.id)
            if message.webhook_id is not None
        ]


def _longest_increasing(values: list[int]) -> int:
    """Length of the longest increasing subsequence (patience sorting)."""
    tails: list[int] = []
    for value in values:
        at = bisect.bisect_left(tails, value)
        tails[at : at + 1] = [value]
    return len(tails)


@dataclass
class Tally:
    """One scenario's figures: each origin message delivered once, or dead-lettered."""

    fault: str
    sent: int
    delivered: int  # origins whose mirror is visible exactly once
    duplicated: int  # extra mirrors ever posted, over all origins
    lost: int  # neither visible nor dead-lettered
    dead: int  # dead-lettered (a visible, moderator-facing failure)
    out_of_order: int  # mirrors to move for the thread to read in the order written
    wrong: list[str] = field(default_factory=list)  # other broken expectations, in words

    @property
    def exactly_once(self) -> bool:
        return not (self.duplicated or self.lost or self.out_of_order or self.wrong)

    def row(self) -> str:
        return (
            f"| {self.fault} | {self.sent} | {self.delivered} | {self.duplicated} | "
            f"{self.lost} | {self.dead} | {self.out_of_order} |"
        )

    def __str__(self) -> str:
        extra = f"; {'; '.join(self.wrong)}" if self.wrong else ""
        return (
            f"{self.fault}: sent {self.sent}, delivered {self.delivered}, duplicated "
            f"{self.duplicated}, lost {self.lost}, dead {self.dead}, out of order "
            f"{self.out_of_order}{extra}"
        )


def count(
    fault: str,
    ledger: MirrorLedger,
    mirror_channel_id: int,
    expected: Iterable[int],
    *,
    dead: Iterable[int] = (),
    gone: Iterable[int] = (),
    removed: Iterable[int] = (),
) -> Tally:
    """Tally origins ``expected`` (numbers, in the order written) mirrored into
    ``mirror_channel_id``. ``dead``: origins the database dead-lettered; ``gone``: origins
    deleted before they were delivered, which must never show (nor have shown) a mirror;
    ``removed``: origins deleted after delivery, whose mirrors must be gone now."""
    expected = list(expected)
    dead_set, gone_set, removed_set = set(dead), set(gone), set(removed)
    ever = ledger.posts_per_origin(mirror_channel_id)
    shown: Counter[int] = Counter()
    order: list[int] = []
    for _, content in ledger.visible(mirror_channel_id):
        for number in sorted(numbers_in(content)):
            shown[number] += 1
            order.append(number)
    wanted = [n for n in expected if n not in gone_set | removed_set]
    delivered = sum(1 for n in wanted if shown[n] == 1)
    lost = sum(1 for n in wanted if shown[n] == 0 and n not in dead_set)
    duplicated = sum(max(ever[n], shown[n]) - 1 for n in expected if max(ever[n], shown[n]) > 1)
    wrong = [f"deleted origin {n} was mirrored" for n in sorted(gone_set) if ever[n] or shown[n]]
    wrong += [f"purged origin {n} still has its mirror" for n in sorted(removed_set) if shown[n]]
    wrong += [f"dead origin {n} is also shown" for n in sorted(dead_set) if shown[n]]
    rank = {n: i for i, n in enumerate(expected)}
    firsts = list(dict.fromkeys(n for n in order if n in rank))
    out_of_order = len(firsts) - _longest_increasing([rank[n] for n in firsts])
    return Tally(
        fault,
        sent=len(expected),
        delivered=delivered,
        duplicated=duplicated,
        lost=lost,
        dead=len(dead_set - gone_set - removed_set),
        out_of_order=out_of_order,
        wrong=wrong,
    )
