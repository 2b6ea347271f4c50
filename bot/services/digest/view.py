"""How one digest writes things: both languages side by side, the guild's Chinese script,
members as mentions (or ids in Markdown), and quotes of what members wrote, escaped."""

from __future__ import annotations

from bot.i18n import _, use_locale
from bot.i18n.messages.digest_text import DigestText
from bot.services.digest.highlights import ExchangeHighlight, Quote, SideStats
from bot.services.discord_text import inline_text
from bot.translation.scripts import convert
from db.enums import Side

FLAGS = {Side.EN: "🇺🇸", Side.ZH: "🇨🇳"}
QUESTION_EXCERPT = 280
ANSWER_EXCERPT = 200


def excerpt(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, cut at a word where there is one."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:  # Chinese has no spaces: cut anywhere rather than lose half
        cut = cut[:space]
    return cut + "…"


class DigestView:
    """Rendering choices for one digest: the Chinese script and how users are named."""

    def __init__(self, traditional: bool, traditional_config: str, mentions: bool) -> None:
        self.zh_locale = "zh-TW" if traditional else "zh-CN"
        self.traditional = traditional
        self.traditional_config = traditional_config
        self.mentions = mentions

    def both(self, msgid: str, **fields: object) -> str:
        """``msgid`` in English and in the guild's Chinese, side by side."""
        with use_locale("en"):
            english = _(msgid, **fields)
        with use_locale(self.zh_locale):
            chinese = _(msgid, **fields)
        return english if english == chinese else f"{english} · {chinese}"

    def chinese(self, text: str) -> str:
        return convert(text, self.traditional_config) if self.traditional else text

    def user(self, user_id: int) -> str:
        # Mentions never ping: the bot sends with AllowedMentions.none().
        return f"<@{user_id}>" if self.mentions else f"@{user_id}"

    def more(self, msgid: str, count: int) -> list[str]:
        return [f"… {self.both(msgid, count=count)}"] if count > 0 else []

    def quote(self, quote: Quote, limit: int) -> list[str]:
        """Two quoted lines: the original, then the translation (or a note that there is none).

        Members wrote both, and the name: shown as written, never as markup of the digest's.
        """
        original = excerpt(quote.original, limit)
        if quote.side is Side.ZH:
            original = self.chinese(original)
        original = inline_text(original)
        author = inline_text(excerpt(quote.author_name, 40))
        name = f"**{author}**: " if author else ""
        lines = [f"> {FLAGS[quote.side]} {name}{original}"]
        other = quote.side.other
        if quote.translation and quote.translation.strip():
            translation = excerpt(quote.translation, limit)
            if other is Side.ZH:
                translation = self.chinese(translation)
            lines.append(f"> {FLAGS[other]} {inline_text(translation)}")
        else:
            lines.append(f"> {FLAGS[other]} *({self.both(DigestText.TRANSLATION_MISSING)})*")
        return lines

    def links(self, quote: Quote) -> str:
        found = [
            f"[{FLAGS[side]} ↗](<{url}>)"
            for side, url in ((quote.side, quote.origin_url), (quote.side.other, quote.mirror_url))
            if url
        ]
        return " ".join(found)

    def exchange(self, exchange: ExchangeHighlight) -> str:
        numbers = exchange.engagement
        counts = (
            f"💬 {FLAGS[Side.EN]} {numbers.en_messages} · {FLAGS[Side.ZH]} {numbers.zh_messages}"
            f" · 👥 {numbers.participants} · ❤️ {numbers.reactions}"
        )
        links = self.links(exchange.question)
        lines = [*self.quote(exchange.question, QUESTION_EXCERPT), f"{counts} {links}".rstrip()]
        if exchange.best_answer is not None:
            answer = exchange.best_answer
            heading = f"↳ {self.both(DigestText.BEST_ANSWER)} {self.links(answer)}".rstrip()
            lines += [heading, *self.quote(answer, ANSWER_EXCERPT)]
        return "\n".join(lines)

    def side_numbers(self, stats: SideStats) -> str:
        side = DigestText.ENGLISH_SIDE if stats.side is Side.EN else DigestText.CHINESE_SIDE
        parts = []
        for locale in ("en", self.zh_locale):
            with use_locale(locale):
                parts.append(
                    _(
                        DigestText.SIDE_NUMBERS,
                        side=_(side),
                        asked=stats.asked,
                        answered=stats.answered,
                        time=_duration(stats.median_answer_seconds),
                    )
                )
        return f"{FLAGS[stats.side]} " + " / ".join(dict.fromkeys(parts))


def _duration(seconds: float | None) -> str:
    """A short duration in the current locale ("3 h 5 min", "12 min")."""
    if seconds is None:
        return _(DigestText.NO_ANSWER_TIME)
    minutes = round(seconds / 60)
    if minutes < 60:
        return _(DigestText.MINUTES, minutes=minutes)
    return _(DigestText.HOURS_MINUTES, hours=minutes // 60, minutes=minutes % 60)
