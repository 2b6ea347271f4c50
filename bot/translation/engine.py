"""The translation engine every feature uses (SPEC §2).

Per message: skip text with nothing to translate, detect the source side, protect spans,
split into sentences, translate sentences through the direction's micro-batcher off the event
loop, restore placeholders (falling back to piecewise translation when the model dropped one),
flag low-confidence output, cache, and convert to the reader's script with OpenCC.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

from bot.translation.batching import MicroBatcher
from bot.translation.cache import CachedTranslation, CacheKey, TranslationCache, text_hash
from bot.translation.languages import Reader, detect_side, has_words
from bot.translation.packages import InstalledModel
from bot.translation.protection import (
    GlossaryTerm,
    glossary_fingerprint,
    is_placeholder,
    placeholders_in,
    protect,
    restore,
    split_on_placeholders,
    strip_placeholders,
    without_protected,
)
from bot.translation.quality import is_low_confidence
from bot.translation.results import TranslationResult, TranslationStatus
from bot.translation.runtime import DecodingOptions, LoadedModel
from bot.translation.scripts import convert, to_simplified
from bot.translation.sentences import join_sentences, split_sentences
from db.enums import Side

log = logging.getLogger(__name__)
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.!?;:])")


class TranslationEngine:
    """Loaded models, one batcher per direction, one worker thread for all of them."""

    def __init__(
        self,
        models: Mapping[str, LoadedModel],
        *,
        cache: TranslationCache | None = None,
        traditional_config: str = "s2twp",
    ) -> None:
        # One thread: both directions share two cores, so concurrent model calls would
        # only fight over them. Batching, not parallel calls, is where throughput comes from.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="yiqi-translate")
        self._models = dict(models)
        self._batchers = {
            direction: MicroBatcher(
                model.translate_sentences, self._executor, max_batch=model.options.drain_size
            )
            for direction, model in self._models.items()
        }
        self._cache = cache
        self._traditional_config = traditional_config
        # Identical requests in flight share one model run ("哈哈哈" arrives in bursts).
        self._in_flight: dict[CacheKey, asyncio.Future[tuple[str, bool]]] = {}

    @classmethod
    def load(
        cls,
        installed: Sequence[InstalledModel],
        *,
        options: DecodingOptions | None = None,
        threads: int = 0,
        cache: TranslationCache | None = None,
        traditional_config: str = "s2twp",
    ) -> TranslationEngine:
        """Load every installed model (blocking: call from a thread at start)."""
        models = {m.direction: LoadedModel(m, threads=threads, options=options) for m in installed}
        return cls(models, cache=cache, traditional_config=traditional_config)

    @property
    def directions(self) -> frozenset[str]:
        return frozenset(self._models)

    def batcher(self, direction: str) -> MicroBatcher[str, str] | None:
        return self._batchers.get(direction)

    def can_translate(self, source: Side, target: Side) -> bool:
        return source is target or f"{source}_{target}" in self._models

    async def close(self) -> None:
        for batcher in self._batchers.values():
            await batcher.wait_idle()
        self._executor.shutdown(wait=True)

    async def translate(
        self,
        text: str,
        target: Reader,
        *,
        source: Side | None = None,
        prior: Side | None = None,
        glossary: Sequence[GlossaryTerm] = (),
    ) -> TranslationResult:
        """Translate ``text`` for a reader of ``target``. Never raises for missing models."""
        if not has_words(without_protected(text)):
            return TranslationResult(text, text, None, target, TranslationStatus.UNTOUCHED)
        side = source or detect_side(without_protected(text), prior)
        if side is None:  # pragma: no cover - has_words above guarantees a side
            return TranslationResult(text, text, None, target, TranslationStatus.UNTOUCHED)
        if side is target.side:
            shown = self._to_reader_script(text, target)
            return TranslationResult(shown, text, side, target, TranslationStatus.SAME_LANGUAGE)
        direction = f"{side}_{target.side}"
        model = self._models.get(direction)
        if model is None:
            return TranslationResult(text, text, side, target, TranslationStatus.UNAVAILABLE)

        version = model.model_version
        fingerprint = glossary_fingerprint(glossary)
        key = CacheKey(
            text_hash=text_hash(text),
            source=side.value,
            target=target.side.value,
            model_version=f"{version}+{fingerprint}" if fingerprint else version,
        )
        if self._cache is not None:
            cached = await self._cache.lookup(key)
            if cached is not None:
                return TranslationResult(
                    self._to_reader_script(cached.text, target),
                    text,
                    side,
                    target,
                    TranslationStatus.TRANSLATED,
                    low_confidence=cached.low_confidence,
                    model_version=version,
                    from_cache=True,
                )

        translated, low_confidence = await self._translate_once(
            key, text=text, source=side, target=target.side, direction=direction, glossary=glossary
        )
        return TranslationResult(
            self._to_reader_script(translated, target),
            text,
            side,
            target,
            TranslationStatus.TRANSLATED,
            low_confidence=low_confidence,
            model_version=version,
        )

    async def translate_many(
        self, texts: Sequence[str], target: Reader, *, prior: Side | None = None
    ) -> list[TranslationResult]:
        """Translate several texts concurrently (they share batches)."""
        return list(await asyncio.gather(*(self.translate(t, target, prior=prior) for t in texts)))

    async def _translate_once(
        self,
        key: CacheKey,
        *,
        text: str,
        source: Side,
        target: Side,
        direction: str,
        glossary: Sequence[GlossaryTerm],
    ) -> tuple[str, bool]:
        """Translate and cache, joining an identical request already in flight."""
        running = self._in_flight.get(key)
        if running is not None:
            return await asyncio.shield(running)
        future: asyncio.Future[tuple[str, bool]] = asyncio.get_running_loop().create_future()
        self._in_flight[key] = future
        try:
            outcome = await self._translate_uncached(
                text, source=source, target=target, direction=direction, glossary=glossary
            )
            if self._cache is not None:
                await self._cache.store(key, CachedTranslation(*outcome))
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # mark retrieved: the waiters (if any) re-raise it
            raise
        else:
            future.set_result(outcome)
            return outcome
        finally:
            del self._in_flight[key]

    async def _translate_uncached(
        self,
        text: str,
        *,
        source: Side,
        target: Side,
        direction: str,
        glossary: Sequence[GlossaryTerm],
    ) -> tuple[str, bool]:
        batcher = self._batchers[direction]
        # The zh→en model reads Simplified best; Traditional input is converted first.
        source_text = to_simplified(text) if source is Side.ZH else text
        protected = protect(source_text, source, glossary)
        lines = split_sentences(protected.masked)

        pending: list[tuple[int, int, str]] = []  # (line, sentence, masked sentence)
        outputs: list[list[str]] = [list(line.sentences) for line in lines]
        for line_no, line in enumerate(lines):
            for sent_no, sentence in enumerate(line.sentences):
                bare = strip_placeholders(sentence)
                # Nothing to translate, or already in the target language: keep as written.
                if has_words(bare) and detect_side(bare, prior=source) is not target:
                    pending.append((line_no, sent_no, sentence))

        translations = await batcher.submit_many([s for _, _, s in pending])
        low_confidence = False
        repairs: list[tuple[int, int, str]] = []
        for (line_no, sent_no, sentence), output in zip(pending, translations, strict=True):
            if sorted(placeholders_in(output)) != sorted(placeholders_in(sentence)):
                repairs.append((line_no, sent_no, sentence))
                continue
            outputs[line_no][sent_no] = output
            bare_in, bare_out = strip_placeholders(sentence), strip_placeholders(output)
            low_confidence |= is_low_confidence(bare_in, bare_out, target)

        for line_no, sent_no, sentence, output in await self._translate_around_placeholders(
            batcher, repairs, target
        ):
            outputs[line_no][sent_no] = output
            low_confidence |= is_low_confidence(
                strip_placeholders(sentence), strip_placeholders(output), target
            )

        joined = join_sentences(
            outputs, [line.indent for line in lines], cjk_target=target is Side.ZH
        )
        restored = restore(joined, protected.restorations)
        if restored is None:  # pragma: no cover - every sentence was checked above
            log.error("placeholder restoration failed after repair", extra={"direction": direction})
            return text, True
        return restored, low_confidence

    async def _translate_around_placeholders(
        self, batcher: MicroBatcher[str, str], repairs: list[tuple[int, int, str]], target: Side
    ) -> list[tuple[int, int, str, str]]:
        """Translate the text between placeholders piece by piece, keeping them in place."""
        if not repairs:
            return []
        split = [split_on_placeholders(sentence) for _, _, sentence in repairs]
        wanted = [
            piece
            for pieces in split
            for piece in pieces
            if not is_placeholder(piece) and has_words(piece)
        ]
        done = iter(await batcher.submit_many(wanted))
        repaired: list[tuple[int, int, str, str]] = []
        for (line_no, sent_no, sentence), pieces in zip(repairs, split, strict=True):
            rebuilt = [next(done) if not is_placeholder(p) and has_words(p) else p for p in pieces]
            glue = "" if target is Side.ZH else " "
            output = glue.join(part.strip() for part in rebuilt if part.strip())
            if target is Side.EN:
                output = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", output)
            repaired.append((line_no, sent_no, sentence, output))
        return repaired

    def _to_reader_script(self, text: str, target: Reader) -> str:
        if target is Reader.ZH_TW:
            return convert(text, self._traditional_config)
        if target is Reader.ZH_CN:
            return to_simplified(text)
        return text
