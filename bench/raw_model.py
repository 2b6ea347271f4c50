"""The model with nothing of Yiqi around it: the package's SentencePiece and a CTranslate2
translator, loaded straight from the installed package directory.

Used as the reference point for quality (what the bare model makes of a chat line) and for
throughput (how fast plain ``translate_batch`` gets through the same sentences).
"""

from __future__ import annotations

from collections.abc import Sequence

import ctranslate2
import sentencepiece

from bot.translation.packages import InstalledModel


class RawModel:
    def __init__(self, installed: InstalledModel) -> None:
        self._tokenizer = sentencepiece.SentencePieceProcessor(
            model_file=str(installed.path / "sentencepiece.model")
        )
        # The same device and compute settings as Yiqi's runtime, so only the code around
        # the model differs.
        self._translator = ctranslate2.Translator(
            str(installed.path / "model"),
            device="cpu",
            compute_type="auto",
            inter_threads=1,
            intra_threads=0,
        )

    def translate_batch(
        self, texts: Sequence[str], *, beam_size: int, max_batch_size: int = 0
    ) -> list[str]:
        """One ``translate_batch`` call for all of ``texts``, CTranslate2's own defaults
        otherwise; pieces joined back the way argostranslate does."""
        tokens = [self._tokenizer.encode(text, out_type=str) for text in texts]
        results = self._translator.translate_batch(
            tokens, beam_size=beam_size, max_batch_size=max_batch_size
        )
        return ["".join(r.hypotheses[0]).replace("▁", " ").strip() for r in results]
