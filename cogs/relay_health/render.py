"""Relay health in words: the ``/setup status`` text, the moderators' notice, the replies."""

from __future__ import annotations

from collections.abc import Collection

from bot.i18n import _
from bot.i18n.messages.relay_health import RelayHealth
from bot.i18n.messages.setup import Setup
from bot.services.discord_text import MESSAGE_LIMIT, discord_length
from bot.services.relay.faults import Fault
from bot.services.relay.health import BridgeAction, BridgeHealth, GuildRelayHealth
from db.repositories.relay_health import Trouble

# Discord: at most 5 action rows; each failing bridge listed gets one (Retry now, Discard).
MAX_BRIDGES_WITH_BUTTONS = 5

_UNAVAILABLE_WORDS = {
    "en_zh": RelayHealth.EN_ZH_UNAVAILABLE,
    "zh_en": RelayHealth.ZH_EN_UNAVAILABLE,
}

_FAULT_WORDS = {
    Fault.RATE_LIMITED: RelayHealth.RATE_LIMITED,
    Fault.DISCORD_UNAVAILABLE: RelayHealth.DISCORD_UNAVAILABLE,
    Fault.TIMEOUT: RelayHealth.TIMEOUT,
    Fault.CONNECTION: RelayHealth.CONNECTION,
    Fault.TRANSLATION: RelayHealth.TRANSLATION,
    Fault.MISSING_PERMISSIONS: RelayHealth.MISSING_PERMISSIONS,
    Fault.REJECTED: RelayHealth.REJECTED,
    Fault.CHANNEL_GONE: RelayHealth.CHANNEL_GONE,
    Fault.MESSAGE_GONE: RelayHealth.MESSAGE_GONE,
    Fault.UNKNOWN: RelayHealth.UNKNOWN,
}


def fault_words(trouble: Trouble) -> str:
    """The last error as a sentence fragment in the current locale."""
    try:
        fault = Fault(trouble.last_fault or Fault.UNKNOWN)
    except ValueError:  # a class this version does not know (a newer process wrote it)
        fault = Fault.UNKNOWN
    channel = f"<#{trouble.last_fault_channel_id}>" if trouble.last_fault_channel_id else "?"
    return _(_FAULT_WORDS[fault], channel=channel)


def mentions(en_channel_id: int, zh_channel_id: int) -> dict[str, str]:
    return {"english": f"<#{en_channel_id}>", "chinese": f"<#{zh_channel_id}>"}


def bridge_line(bridge: BridgeHealth) -> str:
    names = mentions(bridge.en_channel_id, bridge.zh_channel_id)
    trouble = bridge.trouble
    if trouble is None:
        return _(RelayHealth.BRIDGE_OK, **names)
    if not trouble.failing:
        return _(RelayHealth.BRIDGE_QUEUED, count=trouble.on_the_way, **names)
    return _(
        RelayHealth.BRIDGE_FAILING,
        on_the_way=trouble.on_the_way,
        dead=trouble.dead,
        error=fault_words(trouble),
        **names,
    )


def _is_failing(bridge: BridgeHealth) -> bool:
    return bridge.trouble is not None and bridge.trouble.failing


def status_text(
    health: GuildRelayHealth, unavailable: Collection[str] = ()
) -> tuple[str, list[tuple[int, int]]]:
    """The status message, and (number shown, bridge id) of the failing bridges that get
    buttons. Failing bridges come first; whatever does not fit in one message is counted.
    A translation direction whose model failed to load (``unavailable``) is said first."""
    ordered = sorted(health.bridges, key=lambda bridge: not _is_failing(bridge))
    head = [_(_UNAVAILABLE_WORDS[d]) for d in sorted(unavailable) if d in _UNAVAILABLE_WORDS]
    head.append(_(RelayHealth.HEADING) if ordered else _(Setup.NO_BRIDGES))
    tail = []
    if health.penpal is not None:
        penpal = health.penpal
        tail.append(
            _(
                RelayHealth.PENPAL_FAILING,
                on_the_way=penpal.on_the_way,
                dead=penpal.dead,
                error=fault_words(penpal),
            )
        )
    with_buttons: list[tuple[int, int]] = []
    lines: list[str] = []
    for number, bridge in enumerate(ordered, start=1):
        line = f"**{number}.** {bridge_line(bridge)}"
        left = len(ordered) - number
        reserve = [_(RelayHealth.AND_MORE, count=left)] if left else []
        candidate = [*head, *lines, line, *tail, *reserve, _(RelayHealth.BUTTONS_NOTE)]
        if discord_length("\n".join(candidate)) > MESSAGE_LIMIT:
            tail.insert(0, _(RelayHealth.AND_MORE, count=len(ordered) - number + 1))
            break
        lines.append(line)
        if _is_failing(bridge) and len(with_buttons) < MAX_BRIDGES_WITH_BUTTONS:
            with_buttons.append((number, bridge.bridge_id))
    note = [_(RelayHealth.BUTTONS_NOTE)] if with_buttons else []
    return "\n".join([*head, *lines, *tail, *note]), with_buttons


def notice_text(bridge: BridgeHealth) -> str:
    trouble = bridge.trouble or Trouble(0, 0, None, None)
    return _(
        RelayHealth.NOTICE,
        on_the_way=trouble.on_the_way,
        dead=trouble.dead,
        error=fault_words(trouble),
        **mentions(bridge.en_channel_id, bridge.zh_channel_id),
    )


def retried_text(action: BridgeAction) -> str:
    names = mentions(action.en_channel_id, action.zh_channel_id)
    if not action.count:
        return _(RelayHealth.NOTHING_TO_RETRY, **names)
    return _(RelayHealth.RETRIED, count=action.count, **names)


def discarded_text(action: BridgeAction) -> str:
    names = mentions(action.en_channel_id, action.zh_channel_id)
    text = _(RelayHealth.DISCARDED, count=action.count, **names)
    if action.kept:
        text += "\n" + _(RelayHealth.DISCARD_KEPT, count=action.kept)
    return text
