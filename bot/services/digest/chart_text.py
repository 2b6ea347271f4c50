"""The chart's words: a caption posted with it and its alt text, in English and Chinese.

The alt text states every number the chart shows, so a screen reader hears what others see.
"""

from __future__ import annotations

from bot.i18n import _, use_locale
from bot.i18n.messages.digest_text import DigestText
from bot.services.digest.chart import WeekCounts
from bot.services.discord_text import fit
from db.enums import Side

# Discord's limit for an attachment's description.
ALT_TEXT_LIMIT = 1024


def _days(counts: WeekCounts, side: Side) -> str:
    return ", ".join(
        f"{day:%m-%d} {asked}/{answers}"
        for day, asked, answers in zip(
            counts.days, counts.asked[side], counts.answers[side], strict=True
        )
    )


def _both(msgid: str, zh_locale: str, **fields: object) -> list[str]:
    texts = []
    for locale in ("en", zh_locale):
        with use_locale(locale):
            texts.append(_(msgid, **fields))
    return list(dict.fromkeys(texts))  # once if the catalog has no translation


def chart_caption(zh_locale: str) -> str:
    """The line posted with the chart, English then Chinese."""
    return "📈 " + "\n".join(_both(DigestText.CHART_CAPTION, zh_locale))


def chart_alt_text(counts: WeekCounts, zh_locale: str) -> str:
    """The chart's description for screen readers, English then Chinese, every number in it."""
    text = "\n".join(
        _both(
            DigestText.CHART_ALT,
            zh_locale,
            week=counts.week,
            en_days=_days(counts, Side.EN),
            zh_days=_days(counts, Side.ZH),
        )
    )
    return fit(text, ALT_TEXT_LIMIT)
