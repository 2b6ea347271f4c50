"""One message through the model: clean, protect, cut into units, translate, put back.

1. ``normalize_for_translation`` drops invisible controls; Chinese becomes Simplified (the
   zh→en model reads it best).
2. ``protect`` swaps Discord syntax, numbers, glossary terms and short code-switched runs
   for placeholders (``codeswitch`` decides which runs stay verbatim).
3. ``markup.parse`` cuts the masked text into markup (kept) and text units; long runs of a
   repeated unit ("哈" × 2,000) are cut to a few copies (``repetition``), then each unit is
   split into sentences, each sentence around long code-switched runs (kept).
4. The remaining pieces go through the direction's micro-batcher in one submission (which
   serves a long post in slices, behind other messages' first sentences), in process or
   on a translation worker. A piece whose
   placeholders did not all come back is translated again between its placeholders.
5. Everything is joined back in place and the placeholders restored.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.translation.codeswitch import inline_layer, split_kept_runs
from bot.translation.languages import detect_side, has_words
from bot.translation.markup import Segment, parse, space_for_latin
from bot.translation.normalize import normalize_for_translation
from bot.translation.protection import (
    GlossaryTerm,
    is_placeholder,
    placeholders_in,
    protect,
    restore,
    split_on_placeholders,
    strip_placeholders,
)
from bot.translation.quality import is_low_confidence
from bot.translation.repetition import collapse_repetition
from bot.translation.scripts import to_simplified
from bot.translation.sentence_service import SentenceService
from bot.translation.sentences import split_sentences
from db.enums import Side

log = logging.getLogger(__name__)
# Part of the cache key: bump it when a change here alters what a message translates to.
PIPELINE_REVISION = "p3"
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.!?;:])")
_ENDS_SENTENCE = re.compile(r"[.!?。！？…]\W*$")


@dataclass
class _Piece:
    source: str  # masked text sent to the model
    output: str  # what goes back in its place (the source until translated)
    translate: bool  # False for a run already in the target language


@dataclass
class _Unit:
    """One text segment of the message: sentences of pieces."""

    sentences: list[list[_Piece]]
    inline: bool


async def translate_message(
    batcher: SentenceService,
    text: str,
    *,
    source: Side,
    target: Side,
    glossary: Sequence[GlossaryTerm],
) -> tuple[str, bool]:
    """The translation of ``text`` and whether it is low-confidence."""
    clean = normalize_for_translation(text)
    if source is Side.ZH:
        clean = to_simplified(clean)
    protected = protect(clean, source, glossary, verbatim=inline_layer(source))
    marker = protected.marker
    segments = parse(protected.masked)
    units: dict[int, _Unit] = {
        index: _cut(segment, source) for index, segment in enumerate(segments) if segment.translate
    }
    pending = [
        piece
        for unit in units.values()
        for sentence in unit.sentences
        for piece in sentence
        if piece.translate and _needs_model(piece.source, source, target, marker)
    ]
    outputs = await batcher.submit_many([p.source for p in pending])
    low_confidence = False
    repairs: list[_Piece] = []
    for piece, output in zip(pending, outputs, strict=True):
        if sorted(placeholders_in(output, marker)) != sorted(placeholders_in(piece.source, marker)):
            repairs.append(piece)
            continue
        piece.output = output
    await _translate_around_placeholders(batcher, repairs, target, marker)
    for piece in pending:
        bare_in, bare_out = (
            strip_placeholders(piece.source, marker),
            strip_placeholders(piece.output, marker),
        )
        low_confidence |= is_low_confidence(bare_in, bare_out, target)

    glue = "" if target is Side.ZH else " "
    rebuilt = [
        Segment(_join_unit(units[i], glue), translate=True) if i in units else segment
        for i, segment in enumerate(segments)
    ]
    if target is Side.EN:
        rebuilt = space_for_latin(rebuilt)
    restored = restore("".join(s.text for s in rebuilt), protected.restorations, marker)
    if restored is None:  # pragma: no cover - every piece was checked above
        log.error("placeholder restoration failed after repair", extra={"target": str(target)})
        return text, True
    return restored, low_confidence


def _cut(segment: Segment, source: Side) -> _Unit:
    text = collapse_repetition(segment.text)
    sentences = [s for line in split_sentences(text) for s in line.sentences]
    return _Unit(
        sentences=[
            [_Piece(p.text, p.text, p.translate) for p in split_kept_runs(sentence, source)]
            for sentence in sentences
        ],
        inline=segment.inline,
    )


def _needs_model(piece: str, source: Side, target: Side, marker: str) -> bool:
    bare = strip_placeholders(piece, marker)
    # Nothing to translate, or already in the target language: keep as written.
    return has_words(bare) and detect_side(bare, prior=source) is not target


def _join_unit(unit: _Unit, glue: str) -> str:
    parts = []
    for sentence in unit.sentences:
        for piece in sentence:
            output = piece.output.strip()
            if unit.inline and not _ENDS_SENTENCE.search(piece.source):
                # A bold word or a spoiler is a fragment: "重要" → "Important", not "Important."
                output = output.removesuffix(".") if not output.endswith("..") else output
            if output:
                parts.append(output)
    return glue.join(parts)


async def _translate_around_placeholders(
    batcher: SentenceService, repairs: list[_Piece], target: Side, marker: str
) -> None:
    """Translate the text between placeholders piece by piece, keeping them in place."""
    if not repairs:
        return
    split = [split_on_placeholders(piece.source, marker) for piece in repairs]
    wanted = [
        part
        for parts in split
        for part in parts
        if not is_placeholder(part, marker) and has_words(part)
    ]
    done = iter(await batcher.submit_many(wanted))
    glue = "" if target is Side.ZH else " "
    for piece, parts in zip(repairs, split, strict=True):
        rebuilt = [
            next(done) if not is_placeholder(part, marker) and has_words(part) else part
            for part in parts
        ]
        output = glue.join(part.strip() for part in rebuilt if part.strip())
        if target is Side.EN:
            output = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", output)
        piece.output = output
