"""Placeholders that keep mentions, links, code, emoji, numbers and glossary terms out of the model.

Each protected span becomes ``<marker><n>``. The marker is ``ZQX`` unless the text itself
contains it (a member typing "zqx"), then the next candidate the text does not contain: the
real zh→en model copies these tokens through unchanged, where ``{0}``, ``⟦0⟧`` or ``§0§`` are
dropped. Restoration verifies every placeholder came back exactly once; callers fall back to
translating the text between placeholders piece by piece when one did not.

Spans are found in layers over the original text, each layer only looking at text no earlier
layer claimed: Discord syntax and numbers, then glossary terms, then (optionally) words kept
verbatim for code-switching. A glossary term therefore never matches inside a placeholder.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from db.enums import Side

PLACEHOLDER_PREFIX = "ZQX"
# Candidates the real model was checked to copy through, best first.
_MARKERS = ("ZQX", "XQZ", "ZXQ", "QXZ", "QZX")

# A layer finds spans in unclaimed text: (start, end, replacement) with replacement None for
# "restore exactly as written".
_LEADING_DIGITS = re.compile(r"\d+")
Span = tuple[int, int, str | None]
Layer = Callable[[str], Iterable[Span]]

_DISCORD = re.compile(
    "|".join(
        [
            r"```.*?```",  # code block
            r"`[^`\n]+`",  # inline code
            r"<a?:\w{2,32}:\d{15,21}>",  # custom emoji
            r"<(?:@[!&]?|#)\d{15,21}>",  # user, role and channel mentions
            r"</[\w -]{1,32}:\d{15,21}>",  # slash-command mentions
            r"<t:-?\d{1,13}(?::[tTdDfFR])?>",  # timestamps
            # Not \b: CJK characters are word characters, so "@everyone今天" has no boundary.
            r"@(?:everyone|here)(?![A-Za-z0-9_])",
            # URLs end at whitespace, CJK text or CJK punctuation, and drop trailing punctuation.
            r"<?https?://[^\s<>\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]*"
            r"[^\s<>.,;:!?)\]}'\"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]>?",
            # Unicode emoji runs (pictographs, symbols, flags, modifiers, ZWJ sequences):
            # the model maps them to nonsense ("🐱🐱🐱" → "Zirconium").
            r"[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff]"
            r"[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\ufe0f\u200d]*",
            # Signed numbers ("-5度" came back as "5 degrees") and long digit runs such as
            # phone numbers ("13800138000" came back as "138,138,000").
            r"(?<![A-Za-z0-9.])[-+\u2212]\d+(?:\.\d+)?",
            r"(?<![\d.])\d{5,}",
        ]
    ),
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
    marker: str = PLACEHOLDER_PREFIX

    @property
    def placeholder_count(self) -> int:
        return len(self.restorations)


def choose_marker(text: str) -> str:
    """A placeholder marker that does not occur in ``text`` (any case)."""
    folded = text.casefold()
    for marker in _MARKERS:
        if marker.casefold() not in folded:
            return marker
    # Someone typed every candidate: any string of distinct letters works (no self-overlap,
    # so an occurrence cannot straddle a placeholder), the model just copies it less reliably.
    for size in itertools.count(3):
        for letters in itertools.permutations("QZXJKV", size):
            marker = "".join(letters)
            if marker.casefold() not in folded:
                return marker
    raise AssertionError("unreachable")  # pragma: no cover


@cache
def _pattern(marker: str) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(marker)}\s?(\d+)", re.IGNORECASE)


def _discord_spans(text: str) -> Iterator[Span]:
    return ((m.start(), m.end(), None) for m in _DISCORD.finditer(text))


def _glossary_layer(terms: Sequence[GlossaryTerm], source: Side) -> Layer | None:
    by_source = {
        (t.en.strip().casefold() if source is Side.EN else t.zh.strip()): (
            t.zh if source is Side.EN else t.en
        )
        for t in terms
        if (t.en if source is Side.EN else t.zh).strip()
    }
    if not by_source:
        return None
    words = sorted(by_source, key=len, reverse=True)
    if source is Side.EN:
        # Whole words only, case-insensitive: "cat tax" but not "concatenate".
        pattern = re.compile(
            "|".join(rf"(?<![\w-]){re.escape(w)}(?![\w-])" for w in words), re.IGNORECASE
        )
    else:
        pattern = re.compile("|".join(re.escape(w) for w in words))

    def spans(text: str) -> Iterator[Span]:
        for m in pattern.finditer(text):
            key = m.group(0).casefold() if source is Side.EN else m.group(0)
            yield m.start(), m.end(), by_source[key]

    return spans


def _claim(pieces: list[tuple[str, str | None]], layer: Layer) -> list[tuple[str, str | None]]:
    """Split the unclaimed pieces by ``layer``'s spans; claimed pieces carry their replacement."""
    out: list[tuple[str, str | None]] = []
    for text, claimed in pieces:
        if claimed is not None:
            out.append((text, claimed))
            continue
        last = 0
        for start, end, replacement in layer(text):
            out.append((text[last:start], None))
            out.append((text[start:end], text[start:end] if replacement is None else replacement))
            last = end
        out.append((text[last:], None))
    return [(text, claimed) for text, claimed in out if text or claimed]


def _leading_digits(text: str) -> str:
    match = _LEADING_DIGITS.match(text)
    return match.group(0) if match else ""


def protect(
    text: str,
    source: Side,
    glossary: Sequence[GlossaryTerm] = (),
    *,
    verbatim: Layer | None = None,
) -> ProtectedText:
    """Swap protected spans, glossary terms (by their fixed translation) and ``verbatim`` spans."""
    marker = choose_marker(text)
    layers: list[Layer] = [_discord_spans]
    glossary_layer = _glossary_layer(glossary, source)
    if glossary_layer is not None:
        layers.append(glossary_layer)
    if verbatim is not None:
        layers.append(verbatim)
    pieces: list[tuple[str, str | None]] = [(text, None)]
    for layer in layers:
        pieces = _claim(pieces, layer)

    result = ProtectedText(masked="", marker=marker)
    parts: list[str] = []
    carry = ""  # digits right after a span join it: "ZQX0" + "1" would read as placeholder 1
    for index, (piece, replacement) in enumerate(pieces):
        if replacement is None:
            parts.append(piece[len(carry) :])
            carry = ""
            continue
        following = pieces[index + 1] if index + 1 < len(pieces) else ("", "")
        digits = _leading_digits(following[0]) if following[1] is None else ""
        result.restorations.append(replacement + digits)
        parts.append(f"{marker}{len(result.restorations) - 1}")
        carry = digits
    result.masked = "".join(parts)
    return result


def placeholders_in(text: str, marker: str = PLACEHOLDER_PREFIX) -> list[int]:
    """Indices of the placeholders found in ``text``, in order of appearance."""
    return [int(m.group(1)) for m in _pattern(marker).finditer(text)]


def restore(text: str, restorations: Sequence[str], marker: str = PLACEHOLDER_PREFIX) -> str | None:
    """Put protected spans back; ``None`` if any placeholder is missing, repeated or unknown."""
    if not restorations:
        return text
    if sorted(placeholders_in(text, marker)) != list(range(len(restorations))):
        return None
    return _pattern(marker).sub(lambda m: restorations[int(m.group(1))], text)


def split_on_placeholders(masked: str, marker: str = PLACEHOLDER_PREFIX) -> list[str]:
    """Split masked text into alternating [text, placeholder, text, …] pieces."""
    pieces: list[str] = []
    last = 0
    for match in _pattern(marker).finditer(masked):
        pieces.append(masked[last : match.start()])
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(masked[last:])
    return pieces


def is_placeholder(piece: str, marker: str = PLACEHOLDER_PREFIX) -> bool:
    return _pattern(marker).fullmatch(piece) is not None


def strip_placeholders(text: str, marker: str = PLACEHOLDER_PREFIX) -> str:
    return _pattern(marker).sub(" ", text)


def glossary_fingerprint(terms: Iterable[GlossaryTerm]) -> str:
    """A short stable digest of a glossary, so cached translations follow glossary edits."""
    joined = "\n".join(sorted(f"{t.en}\t{t.zh}" for t in terms))
    return hashlib.sha256(joined.encode()).hexdigest()[:12] if joined else ""


def without_protected(text: str) -> str:
    """The text with every protected span (links, mentions, code, emoji, numbers) removed."""
    return _DISCORD.sub(" ", text)
