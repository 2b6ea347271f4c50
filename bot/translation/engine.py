"""The translation engine every feature uses (SPEC §2).

Per message: skip text with nothing to translate, detect the source side, look up the cache,
join an identical request in flight, run the message through ``pipeline.translate_message``
(protection, markup, code-switching, batching, restoration, quality flags), cache, and
convert to the reader's script with OpenCC.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

from bot.translation.batching import MicroBatcher
from bot.translation.cache import CachedTranslation, CacheKey, TranslationCache, text_hash
from bot.translation.languages import Reader, detect_side, has_words
from bot.translation.loading import load_models
from bot.translation.packages import InstalledModel
from bot.translation.pipeline import PIPELINE_REVISION, translate_message
from bot.translation.protection import GlossaryTerm, glossary_fingerprint, without_protected
from bot.translation.results import TranslationResult, TranslationStatus
from bot.translation.runtime import DecodingOptions, LoadedModel
from bot.translation.scripts import convert, to_simplified
from bot.translation.sentence_service import RemoteSentences, SentenceService
from db.enums import Side


class TranslationEngine:
    """Loaded models, one batcher per direction, one worker thread for all of them.

    ``remote``: directions served by translation workers instead (``bot.translation.remote``);
    ``on_close`` releases what they use (the NATS connection).
    """

    def __init__(
        self,
        models: Mapping[str, LoadedModel],
        *,
        remote: Mapping[str, RemoteSentences] | None = None,
        on_close: Callable[[], Awaitable[None]] | None = None,
        cache: TranslationCache | None = None,
        traditional_config: str = "s2twp",
        unavailable: Mapping[str, str] | None = None,
    ) -> None:
        # One thread: both directions share two cores, so concurrent model calls would
        # only fight over them. Batching, not parallel calls, is where throughput comes from.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="yiqi-translate")
        self._models = dict(models)
        # Installed but failed to load: direction -> reason (shown to operators and admins).
        self._unavailable = dict(unavailable or {})
        self._batchers = {
            direction: MicroBatcher(
                model.translate_sentences,
                self._executor,
                max_batch=model.options.drain_size,
                bulk_batch=model.options.bulk_batch,
            )
            for direction, model in self._models.items()
        }
        self._remote = dict(remote or {})
        self._on_close = on_close
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
        isolate: bool = True,
    ) -> TranslationEngine:
        """Load every installed model (blocking: call from a thread at start). A model that
        fails leaves its direction unavailable; ``isolate`` tries each in a child first
        (tests that load known-good packages many times turn it off)."""
        loaded = load_models(installed, threads=threads, options=options, isolate=isolate)
        return cls(
            loaded.models,
            cache=cache,
            traditional_config=traditional_config,
            unavailable=loaded.unavailable,
        )

    @property
    def directions(self) -> frozenset[str]:
        return frozenset(self._models) | frozenset(self._remote)

    async def reachable(self) -> bool:
        """Ready to translate: a model loaded here, or a worker answering for each direction
        the workers serve."""
        if not self.directions:
            return False
        answers = await asyncio.gather(*(remote.answers() for remote in self._remote.values()))
        return all(answers)

    @property
    def unavailable(self) -> Mapping[str, str]:
        """Directions installed but not loadable, with the reason in a few words."""
        return dict(self._unavailable)

    def batcher(self, direction: str) -> MicroBatcher[str, str] | None:
        return self._batchers.get(direction)

    def can_translate(self, source: Side, target: Side) -> bool:
        return source is target or f"{source}_{target}" in self.directions

    async def forget_texts(self, text_hashes: Collection[str]) -> int:
        """A member was forgotten: their texts' translations leave this engine's cache."""
        return await self._cache.forget(text_hashes) if self._cache is not None else 0

    async def close(self) -> None:
        for batcher in self._batchers.values():
            await batcher.wait_idle()
        self._executor.shutdown(wait=True)
        if self._on_close is not None:
            await self._on_close()

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
        model = self._models.get(direction) or self._remote.get(direction)
        if model is None:
            return TranslationResult(text, text, side, target, TranslationStatus.UNAVAILABLE)

        # Workers name their model in each answer: until the first, nothing is cached.
        version = model.model_version
        fingerprint = glossary_fingerprint(glossary)
        key = CacheKey(
            text_hash=text_hash(text),
            source=side.value,
            target=target.side.value,
            # The pipeline revision retires translations cached before its last change.
            model_version="+".join(filter(None, (version, PIPELINE_REVISION, fingerprint))),
        )
        cache = self._cache if version else None
        if cache is not None:
            cached = await cache.lookup(key)
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
            key,
            text=text,
            source=side,
            target=target.side,
            direction=direction,
            glossary=glossary,
            cache=cache,
        )
        return TranslationResult(
            self._to_reader_script(translated, target),
            text,
            side,
            target,
            TranslationStatus.TRANSLATED,
            low_confidence=low_confidence,
            model_version=model.model_version,
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
        cache: TranslationCache | None,
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
            if cache is not None:
                await cache.store(key, CachedTranslation(*outcome))
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
        service: SentenceService = self._batchers.get(direction) or self._remote[direction]
        return await translate_message(
            service, text, source=source, target=target, glossary=glossary
        )

    def to_reader_script(self, text: str, target: Reader) -> str:
        """Chinese text in the reader's script (OpenCC, the configured Traditional variant)."""
        return self._to_reader_script(text, target)

    def _to_reader_script(self, text: str, target: Reader) -> str:
        if target is Reader.ZH_TW:
            return convert(text, self._traditional_config)
        if target is Reader.ZH_CN:
            return to_simplified(text)
        return text
