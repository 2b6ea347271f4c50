"""Placeholders that keep mentions, links, code, emoji and glossary terms out of the model.

Each protected span becomes ``ZQX<n>``: the real zh→en model copies that token through
unchanged (10/10 sentence shapes checked), where ``{0}``, ``⟦0⟧`` or ``§0§`` are dropped.
Restoration verifies every placeholder came back exactly once; callers fall back to
translating the text between placeholders piece by piece when one did not.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from db.enums import Side

PLACEHOLDER_PREFIX = "ZQX"
_PLACEHOLDER = re.compile(rf"{PLACEHOLDER_PREFIX}\s?(\d+)", re.IGNORECASE)

# Digits right after a span join it: "ZQX0" followed by a literal "1" would read back as
# placeholder 1. Digits need no translation, so keeping them with the span is lossless.
_TRAILING_DIGITS = r"\d*"

_PROTECTED = re.compile(
    "(?:"
    + "|".join(
        [
            r"```.*?```",  # code block
            r"`[^`\n]+`",  # inline code
            r"<a?:\w{2,32}:\d{15,21}>",  # custom emoji
            r"<(?:@[!&]?|#)\d{15,21}>",  # user, role and channel mentions
            r"</[\w -]{1,32}:\d{15,21}>",  # slash-command mentions
            r"<t:-?\d{1,13}(?::[tTdDfFR])?>",  # timestamps
            r"@(?:everyone|here)\b",
            # URLs end at whitespace, CJK text or CJK punctuation, and drop trailing punctuation.
            r"<?https?://[^\s<>\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]*"
            r"[^\s<>.,;:!?)\]}'\"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]>?",
            # Unicode emoji runs (pictographs, symbols, flags, modifiers, ZWJ sequences):
            # the model maps them to nonsense ("🐱🐱🐱" → "Zirconium").
            r"[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff]"
            r"[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\ufe0f\u200d]*",
        ]
    )
    + ")"
    + _TRAILING_DIGITS,
    re.DOTALL,
)


@dataclass(frozen=True)
class GlossaryTerm:
    """A term with a fixed translation in both directions (猫税 ↔ cat tax)."""

    en: str
    zh: str


@dataclass
class ProtectedText:
    """Text with its protected spans swapped for placeholders, and how to put them back."""

    masked: str
    restorations: list[str] = field(default_factory=list)

    @property
    def placeholder_count(self) -> int:
        return len(self.restorations)


def _glossary_pattern(terms: Sequence[GlossaryTerm], source: Side) -> re.Pattern[str] | None:
    words = sorted(
        {(t.en if source is Side.EN else t.zh).strip() for t in terms} - {""},
        key=len,
        reverse=True,
    )
    if not words:
        return None
    if source is Side.EN:
        # Whole words only, case-insensitive: "cat tax" but not "concatenate" (and so never
        # followed by a digit).
        alternatives = [rf"(?<![\w-]){re.escape(w)}(?![\w-])" for w in words]
        return re.compile(f"(?P<term>{'|'.join(alternatives)})(?P<digits>)", re.IGNORECASE)
    alternation = "|".join(re.escape(w) for w in words)
    return re.compile(f"(?P<term>{alternation})(?P<digits>{_TRAILING_DIGITS})")


def protect(text: str, source: Side, glossary: Sequence[GlossaryTerm] = ()) -> ProtectedText:
    """Swap protected spans and glossary terms (by their fixed translation) for placeholders."""
    if PLACEHOLDER_PREFIX.lower() in text.lower():
        # A user typed our marker: protecting would make restoration ambiguous.
        return ProtectedText(masked=text)
    result = ProtectedText(masked="")

    def swap(replacement: str) -> str:
        result.restorations.append(replacement)
        return f"{PLACEHOLDER_PREFIX}{len(result.restorations) - 1}"

    masked = _PROTECTED.sub(lambda m: swap(m.group(0)), text)
    pattern = _glossary_pattern(glossary, source)
    if pattern is not None:
        by_source = {
            (t.en.lower() if source is Side.EN else t.zh): (t.zh if source is Side.EN else t.en)
            for t in glossary
        }

        def glossary_swap(match: re.Match[str]) -> str:
            term = match.group("term")
            key = term.lower() if source is Side.EN else term
            return swap(by_source.get(key, term) + match.group("digits"))

        masked = pattern.sub(glossary_swap, masked)
    result.masked = masked
    return result


def placeholders_in(text: str) -> list[int]:
    """Indices of the placeholders found in ``text``, in order of appearance."""
    return [int(m.group(1)) for m in _PLACEHOLDER.finditer(text)]


def restore(text: str, restorations: Sequence[str]) -> str | None:
    """Put protected spans back; ``None`` if any placeholder is missing, repeated or unknown."""
    if not restorations:
        return text  # nothing was protected: a "ZQX1" here is the user's own text
    if sorted(placeholders_in(text)) != list(range(len(restorations))):
        return None
    return _PLACEHOLDER.sub(lambda m: restorations[int(m.group(1))], text)


def split_on_placeholders(masked: str) -> list[str]:
    """Split masked text into alternating [text, placeholder, text, …] pieces."""
    pieces: list[str] = []
    last = 0
    for match in _PLACEHOLDER.finditer(masked):
        pieces.append(masked[last : match.start()])
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(masked[last:])
    return pieces


def is_placeholder(piece: str) -> bool:
    return _PLACEHOLDER.fullmatch(piece) is not None


def strip_placeholders(text: str) -> str:
    return _PLACEHOLDER.sub(" ", text)


def glossary_fingerprint(terms: Iterable[GlossaryTerm]) -> str:
    """A short stable digest of a glossary, so cached translations follow glossary edits."""
    joined = "\n".join(sorted(f"{t.en}\t{t.zh}" for t in terms))
    return hashlib.sha256(joined.encode()).hexdigest()[:12] if joined else ""


def without_protected(text: str) -> str:
    """The text with every protected span (links, mentions, code, emoji) removed."""
    return _PROTECTED.sub(" ", text)
