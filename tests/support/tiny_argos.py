"""Generate a tiny but real ``.argosmodel`` (random weights) so tests exercise the load path."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import ctranslate2
import numpy as np
import sentencepiece as spm

D_MODEL = 32
FFN = 64
HEADS = 2
LAYERS = 2
VOCAB_SIZE = 160
SPECIALS = ("<unk>", "<s>", "</s>")
NAMES = {"en": "English", "zh": "Chinese"}

# Mixed English and Chinese so the tokenizer covers both scripts.
CORPUS = [
    "Hello, how are you today?",
    "I am learning Chinese with my friends.",
    "Where is the train station?",
    "The weather is nice this morning.",
    "Thank you very much for your help.",
    "What time is the meeting tomorrow?",
    "I like to read books and drink tea.",
    "Can you speak more slowly, please?",
    "We are going to the market together.",
    "This bot translates messages between languages.",
    "Good night and see you soon.",
    "My name is Yiqi and I live in Beijing.",
    "你好，你今天怎么样？",
    "我和朋友们一起学习中文。",
    "火车站在哪里？",
    "今天早上天气很好。",
    "非常感谢你的帮助。",
    "明天的会议是几点？",
    "我喜欢看书和喝茶。",
    "请你说慢一点，好吗？",
    "我们一起去市场。",
    "这个机器人翻译不同语言的消息。",
    "晚安，回头见。",
    "我叫一起，我住在北京。",
]


def _train_sentencepiece() -> bytes:
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(CORPUS * 4),
        model_writer=model,
        vocab_size=VOCAB_SIZE,
        character_coverage=1.0,
        model_type="unigram",
        hard_vocab_limit=False,  # a small corpus may not support the full size
        minloglevel=2,
        num_threads=1,
    )
    return model.getvalue()


def _vocabulary(sp_model: bytes) -> list[str]:
    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    return pieces + [token for token in SPECIALS if token not in pieces]


def _shape(name: str, vocab: int) -> tuple[int, ...]:
    """Weight shape for a variable of the spec, by its scope name ([out, in] for linears)."""
    parts = name.split("/")
    if parts[-1] in ("gamma", "beta"):
        return (D_MODEL,)
    owner, layer = parts[-3], parts[-2]
    if owner.startswith("embeddings") or layer.startswith("embeddings") or layer == "projection":
        return (vocab, D_MODEL)
    if owner == "ffn":
        return (FFN, D_MODEL) if layer == "linear_0" else (D_MODEL, FFN)
    fused = {("self_attention", "linear_0"): 3, ("attention", "linear_1"): 2}
    return (fused.get((owner, layer), 1) * D_MODEL, D_MODEL)


def _set_variable(spec: Any, name: str, value: np.ndarray) -> None:
    """Follow a scope name like ``decoder/layer_1/ffn/linear_0/weight`` to set the value."""
    node = spec
    *path, leaf = name.split("/")
    for part in path:
        if hasattr(node, part):
            node = getattr(node, part)
        else:  # "layer_1" is element 1 of the list attribute "layer"
            attr, _, index = part.rpartition("_")
            node = getattr(node, attr)[int(index)]
    setattr(node, leaf, value)


def _build_model(model_dir: Path, vocabulary: list[str], seed: int) -> None:
    spec = ctranslate2.specs.TransformerSpec.from_config(LAYERS, HEADS)
    rng = np.random.default_rng(seed)
    for name, value in spec.variables().items():
        if value is None:
            shape = _shape(name, len(vocabulary))
            weights = rng.normal(0.0, 0.1, size=shape).astype(np.float32)
            _set_variable(spec, name, weights)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.config.add_source_eos = True
    spec.config.bos_token, spec.config.eos_token, spec.config.unk_token = "<s>", "</s>", "<unk>"
    spec.config.decoder_start_token = "<s>"
    spec.validate()
    spec.optimize(quantization=None)
    spec.save(str(model_dir))


def build_tiny_package(
    dest_dir: Path, from_code: str, to_code: str, *, version: str = "0.1"
) -> Path:
    """Write ``translate-{from}_{to}-{version}.argosmodel`` into dest_dir and return its path."""
    top = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    metadata = {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": from_code,
        "from_name": NAMES.get(from_code, from_code),
        "to_code": to_code,
        "to_name": NAMES.get(to_code, to_code),
    }
    sp_model = _train_sentencepiece()
    with tempfile.TemporaryDirectory() as scratch:
        model_dir = Path(scratch) / "model"
        model_dir.mkdir()
        _build_model(model_dir, _vocabulary(sp_model), seed=len(top))
        dest_dir.mkdir(parents=True, exist_ok=True)
        archive = dest_dir / f"{top}.argosmodel"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            zipped.writestr(f"{top}/metadata.json", json.dumps(metadata))
            zipped.writestr(f"{top}/README.md", "Tiny random-weight test package.\n")
            zipped.writestr(f"{top}/sentencepiece.model", sp_model)
            for path in sorted(model_dir.iterdir()):
                zipped.write(path, f"{top}/model/{path.name}")
    return archive
