"""How a relayed message reads on the other side, in that side's language.

One path for every mirror: ``render_mirror`` turns a translation and the relay's stored
``MirrorFrame`` into the mirror's messages, for the first send, an edit, a retry and a late
translation alike. A mirror longer than one Discord message becomes ordered parts.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import _, use_locale
from bot.i18n.messages.exchange import Relay
from bot.services.discord_split import split_message
from bot.services.discord_text import MESSAGE_LIMIT, escape_markdown, jump_url
from bot.translation.results import TranslationResult, TranslationStatus
from db.enums import Side
from db.models import RelayedMessage

FLAGS = {Side.EN: "🇺🇸", Side.ZH: "🇨🇳"}
ORIGINAL_EXCERPT = 600


@dataclass(frozen=True)
class MirrorFrame:
    """What a mirror shows around its text, as stored with the relay."""

    origin_side: Side
    original_link: str  # jump link to the original message: the original is always reachable
    quote: str | None = None  # the replied-to message, as this side saw it, and a link to it
    attachments: tuple[str, ...] = ()


def mirror_frame(row: RelayedMessage, quote: str | None) -> MirrorFrame:
    """What the relay's mirror shows around its text, from the stored row."""
    origin = row.origin_thread_id or row.origin_channel_id
    return MirrorFrame(
        origin_side=row.origin_side,
        original_link=jump_url(row.guild_id, origin, row.origin_message_id),
        quote=quote,
        attachments=tuple(row.attachment_urls),
    )


def _excerpt(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: max(limit - 1, 0)] + "…"


def _subtext(text: str) -> str:
    """Discord's small grey line; one per line of text."""
    return "\n".join(f"-# {line}" for line in text.splitlines() if line.strip())


def _original_line(original: str, link: str) -> str:
    excerpt = _excerpt(original, ORIGINAL_EXCERPT)
    # A shortened original links to the full one.
    return excerpt if excerpt == " ".join(original.split()) else f"{excerpt} [↗](<{link}>)"


@dataclass(frozen=True)
class CorrectionCard:
    """A correction card already rendered for the mirror's side (``bot.services.corrections``)."""

    text: str


def render_relay(content: TranslationResult | CorrectionCard, frame: MirrorFrame) -> list[str]:
    """A relay's mirror: a member's message translated, or Yiqi's correction card for this
    side (its own renderer: the card is not translated as a whole)."""
    if isinstance(content, CorrectionCard):
        return render_card_mirror(content, frame)
    return render_mirror(content, frame)


def render_card_mirror(card: CorrectionCard, frame: MirrorFrame) -> list[str]:
    """A correction card on the other side: a reply (quote and link) to the corrected
    message's counterpart there, then the card."""
    head = f"> {frame.quote}\n" if frame.quote else ""
    return split_message(head + card.text, MESSAGE_LIMIT)


def render_mirror(
    result: TranslationResult, frame: MirrorFrame, limit: int = MESSAGE_LIMIT
) -> list[str]:
    """The mirror's messages: translation first, original available below, each within
    ``limit``; split at sentence or line boundaries when it needs more than one.

    Low-confidence and unavailable translations put the original first, with a notice.
    """
    flag = FLAGS[frame.origin_side]
    with use_locale(result.target.value):
        # Already one line, its text shortened before the link (quote.py): kept whole here.
        head = f"> {frame.quote}\n" if frame.quote else ""
        links = "\n".join(frame.attachments)
        if result.status is TranslationStatus.UNAVAILABLE:
            notice = _(
                Relay.UNAVAILABLE, source=frame.origin_side.value, target=result.target.side.value
            )
            body, tail = result.original, _subtext(f"{flag} ⚠️ {notice}")
        elif result.low_confidence:
            body = f"{_subtext('⚠️ ' + _(Relay.LOW_CONFIDENCE))}\n{result.original}"
            tail = _subtext(f"{flag} {result.text}")
        elif result.improved_by is not None:  # a member's improvement, not the model's
            body = result.text
            original = _original_line(result.original, frame.original_link)
            improved = _(Relay.IMPROVED_BY, name=escape_markdown(result.improved_by))
            tail = _subtext(f"{flag} ✍️ {improved} · {_(Relay.ORIGINAL)}: {original}")
        elif result.is_translation:
            body = result.text
            original = _original_line(result.original, frame.original_link)
            tail = _subtext(f"{flag} {_(Relay.ORIGINAL)}: {original}")
        else:  # same language, or nothing to translate
            body, tail = result.text, _subtext(flag)
    content = "\n".join(p for p in (head + body, links, tail) if p)
    return split_message(content, limit)
