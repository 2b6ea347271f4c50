"""How a relayed message reads on the other side, in that side's language."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import _, use_locale
from bot.i18n.messages.exchange import Relay
from bot.services.discord_text import MESSAGE_LIMIT
from bot.translation.results import TranslationResult, TranslationStatus
from db.enums import Side

FLAGS = {Side.EN: "🇺🇸", Side.ZH: "🇨🇳"}


def _excerpt(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: max(limit - 1, 0)] + "…"


def _subtext(text: str) -> str:
    """Discord's small grey line; one per line of text."""
    return "\n".join(f"-# {line}" for line in text.splitlines() if line.strip())


def render_mirror(
    result: TranslationResult,
    origin: Side,
    *,
    quote: str | None = None,
    attachments: Sequence[str] = (),
) -> str:
    """The mirror's content: translation first, original available below, within 2,000 chars.

    Low-confidence and unavailable translations put the original first, with a notice.
    """
    flag = FLAGS[origin]
    with use_locale(result.target.value):
        head = f"> {_excerpt(quote, 150)}\n" if quote else ""
        links = "\n".join(attachments)
        if result.status is TranslationStatus.UNAVAILABLE:
            notice = _(Relay.UNAVAILABLE, source=origin.value, target=result.target.side.value)
            body, tail = result.original, _subtext(f"{flag} ⚠️ {notice}")
        elif result.low_confidence:
            body = f"{_subtext('⚠️ ' + _(Relay.LOW_CONFIDENCE))}\n{result.original}"
            tail = _subtext(f"{flag} {result.text}")
        elif result.is_translation:
            body = result.text
            tail = _subtext(f"{flag} {_(Relay.ORIGINAL)}: {_excerpt(result.original, 600)}")
        else:  # same language, or nothing to translate
            body, tail = result.text, _subtext(flag)
    parts = [p for p in (head + body, links, tail) if p]
    content = "\n".join(parts)
    if len(content) > MESSAGE_LIMIT:
        room = MESSAGE_LIMIT - len(head) - len(links) - 4
        content = "\n".join(p for p in (head + _excerpt(body, room), links) if p)
    return content[:MESSAGE_LIMIT]
