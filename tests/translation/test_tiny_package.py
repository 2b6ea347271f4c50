"""The generated tiny package is a real, loadable CTranslate2 + SentencePiece model."""

from __future__ import annotations

from pathlib import Path

import ctranslate2
import sentencepiece as spm

from bot.translation.packages import install_from_file


def test_tiny_package_installs_loads_and_translates(
    tiny_packages: dict[str, Path], tmp_path: Path
) -> None:
    model = install_from_file(tiny_packages["en_zh"], tmp_path / "models")
    translator = ctranslate2.Translator(str(model.path / "model"), device="cpu")
    tokenizer = spm.SentencePieceProcessor(model_file=str(model.path / "sentencepiece.model"))
    sources = ["Hello, how are you?", "我喜欢喝茶。", "See you tomorrow"]
    batch = [tokenizer.encode(text, out_type=str) for text in sources]
    assert all(batch)
    assert "我" in "".join(batch[1])  # Chinese characters are in the vocabulary, not <unk>
    results = translator.translate_batch(batch, beam_size=2, max_decoding_length=8)
    assert len(results) == 3
    for result in results:
        tokens = result.hypotheses[0]
        assert tokens
        assert all(isinstance(token, str) for token in tokens)
