"""``yiqi demo``: translate a handful of chat messages both ways and print them side by side.

Issue "Exchange" turns this into the full simulated-Discord demo.
"""

from __future__ import annotations

import argparse
import asyncio
import unicodedata
from typing import Any

from bot.cli.translate_command import build_engine
from bot.settings import Settings
from bot.translation.glossary import DEFAULT_GLOSSARY
from bot.translation.languages import Reader
from bot.translation.results import TranslationResult, TranslationStatus

DEMO_MESSAGES = (
    "每个中国人都有大熊猫吗？",
    "欢迎来到小红书！请交猫税。",
    "美国人真的要打两份工才能生活吗？",
    "我的猫叫小白，它很可爱 🐱",
    "Does every Chinese person own a panda?",
    "Here is my cat tax 🐱 https://example.com/cat.jpg",
    "Do Americans really work two jobs?",
    "🐱🐱🐱",
)
_COLUMN = 44


def register(commands: Any) -> None:
    demo = commands.add_parser("demo", help="translate sample chat both ways, side by side")
    demo.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace, settings: Settings) -> int:
    rows = asyncio.run(_translate_all(settings))
    print(f"{'original':<{_COLUMN}} │ translation")
    print("─" * _COLUMN + "─┼─" + "─" * _COLUMN)
    for original, result in rows:
        left, right = _wrap(original), _wrap(_describe(result))
        for index in range(max(len(left), len(right))):
            a = left[index] if index < len(left) else ""
            b = right[index] if index < len(right) else ""
            print(a + " " * (_COLUMN - _width(a)) + " │ " + b)
    return 0


async def _translate_all(settings: Settings) -> list[tuple[str, TranslationResult]]:
    engine = await asyncio.to_thread(build_engine, settings)
    try:
        targets = [Reader.EN if _is_chinese(m) else Reader.ZH_CN for m in DEMO_MESSAGES]
        results = await asyncio.gather(
            *(
                engine.translate(m, t, glossary=DEFAULT_GLOSSARY)
                for m, t in zip(DEMO_MESSAGES, targets, strict=True)
            )
        )
        return list(zip(DEMO_MESSAGES, results, strict=True))
    finally:
        await engine.close()


def _describe(result: TranslationResult) -> str:
    if result.status is TranslationStatus.UNAVAILABLE:
        return f"[no {result.source}→{result.target.side} model installed: shown as written]"
    if result.status is TranslationStatus.UNTOUCHED:
        return f"{result.text}   [nothing to translate: kept as is]"
    flag = "   [low confidence]" if result.low_confidence else ""
    return result.text + flag


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _width(text: str) -> int:
    """Terminal columns: CJK characters and emoji take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in {"W", "F"} else 1 for ch in text)


def _wrap(text: str) -> list[str]:
    """Wrap to the column width, breaking at spaces where there are any."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if _width(candidate) <= _COLUMN:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for ch in word:  # a word wider than the column (CJK runs, URLs) breaks anywhere
            if _width(current + ch) > _COLUMN:
                lines.append(current)
                current = ""
            current += ch
    lines.append(current)
    return lines
