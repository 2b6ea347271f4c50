"""The one path from "this text, for this reader in this server" to a translation.

Every feature that shows a member a translation goes through ``GuildTranslator``: the server's
glossary terms, the server's Chinese script for what a whole side reads, the engine (with its
cache) underneath, and ahead of the engine the server's translation memory: a member's
improvement of exactly this text in this direction under this glossary. The English pivot
that questions are compared in comes from here too, so a Chinese post is translated to
English once and both the mirror and the "already asked" search use that one translation.
"""

from __future__ import annotations

import time

from bot.observability.metrics import Metrics
from bot.services.glossary.service import GlossaryService
from bot.services.language.guild_scripts import GuildScripts
from bot.services.memory.lookup import MemoryHit, MemoryLookup
from bot.translation.engine import TranslationEngine
from bot.translation.languages import Reader, detect_side, has_words
from bot.translation.protection import GlossaryTerm, glossary_fingerprint, without_protected
from bot.translation.results import TranslationResult, TranslationStatus
from bot.translation.scripts import to_simplified
from db.enums import Side


def english_pivot(result: TranslationResult) -> str | None:
    """The English version of a text from its translation for an English reader, if any."""
    return result.text if result.is_translation or result.source is Side.EN else None


class GuildTranslator:
    def __init__(
        self,
        engine: TranslationEngine,
        scripts: GuildScripts,
        glossary: GlossaryService,
        *,
        metrics: Metrics | None = None,
        memory: MemoryLookup | None = None,
    ) -> None:
        self._engine = engine
        self._scripts = scripts
        self._glossary = glossary
        self._metrics = metrics or Metrics()
        self._memory = memory

    def can_translate(self, source: Side, target: Side) -> bool:
        return self._engine.can_translate(source, target)

    async def reader_of_side(self, guild_id: int, side: Side) -> Reader:
        """Who reads a post shared with a whole side: the server's script decides for Chinese."""
        return await self._scripts.reader_for(guild_id, side)

    async def for_side(
        self, text: str, guild_id: int, side: Side, *, prior: Side | None = None
    ) -> TranslationResult:
        """``text`` for everyone on ``side`` of this server (mirrors in shared channels)."""
        reader = await self.reader_of_side(guild_id, side)
        return await self.for_reader(text, guild_id, reader, prior=prior)

    async def for_reader(
        self, text: str, guild_id: int | None, reader: Reader, *, prior: Side | None = None
    ) -> TranslationResult:
        """``text`` for one reader in this server (``None``: a DM, built-in terms only).

        ``prior`` is the language the text is expected in (the channel's side); detection
        still decides for text clearly in the other language.
        """
        glossary = await self._glossary.terms_for(guild_id)
        if guild_id is not None:
            remembered = await self._from_memory(text, guild_id, reader, prior, glossary)
            if remembered is not None:
                return remembered
        started = time.perf_counter()
        result = await self._engine.translate(text, reader, prior=prior, glossary=glossary)
        self._metrics.translated(
            result.status.value, from_cache=result.from_cache, seconds=time.perf_counter() - started
        )
        return result

    async def glossary_key(self, guild_id: int) -> str:
        """The fingerprint of the glossary the server's translations are made under now."""
        return glossary_fingerprint(await self._glossary.terms_for(guild_id))

    async def _from_memory(
        self,
        text: str,
        guild_id: int,
        reader: Reader,
        prior: Side | None,
        glossary: tuple[GlossaryTerm, ...],
    ) -> TranslationResult | None:
        """A member's improvement of exactly ``text``, in the reader's script, if any."""
        if self._memory is None or not has_words(without_protected(text)):
            return None
        source = detect_side(without_protected(text), prior)
        if source is None or source is reader.side:
            return None
        hit = await self._memory.find(
            guild_id, text, source, reader, glossary_fingerprint(glossary)
        )
        if hit is None:
            return None
        return TranslationResult(
            self._in_reader_script(hit, reader),
            text,
            source,
            reader,
            TranslationStatus.TRANSLATED,
            improved_by=hit.editor_name,
        )

    def _in_reader_script(self, hit: MemoryHit, reader: Reader) -> str:
        """As the editor wrote it when the reader reads that script, else converted (OpenCC)."""
        if reader.script is None or reader.script is hit.target_script:
            return hit.human_text
        if reader is Reader.ZH_CN:
            return to_simplified(hit.human_text)
        return self._engine.to_reader_script(to_simplified(hit.human_text), reader)

    async def english_pivot(self, text: str, side: Side, guild_id: int) -> str | None:
        """The English text questions are compared in (with the server's glossary applied)."""
        if side is Side.EN:
            return text
        return english_pivot(await self.for_reader(text, guild_id, Reader.EN, prior=side))
