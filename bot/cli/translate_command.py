"""``yiqi translate [--from xx] --to en|zh|zh-TW TEXT`` (``-`` reads the text from stdin)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from bot.app import load_local_engine, open_translation_engine
from bot.errors import OperatorError
from bot.settings import Settings
from bot.translation.engine import TranslationEngine
from bot.translation.glossary import DEFAULT_GLOSSARY
from bot.translation.languages import Reader
from bot.translation.remote.errors import RemoteTranslationError
from bot.translation.results import TranslationResult, TranslationStatus
from db.enums import Side

STDIN = "-"


def register(commands: Any) -> None:
    translate = commands.add_parser("translate", help="translate text with the installed models")
    translate.add_argument("--from", dest="source", choices=["en", "zh"], help="source language")
    translate.add_argument("--to", required=True, help="en, zh (Simplified) or zh-TW")
    translate.add_argument("text", nargs="+", help="the text (quote it), or - to read stdin")
    translate.set_defaults(handler=run_translate)


def build_engine(settings: Settings) -> TranslationEngine:
    """An engine over every installed model, with the decoding settings applied."""
    return load_local_engine(settings, None)


def run_translate(args: argparse.Namespace, settings: Settings) -> int:
    try:
        target = Reader.parse(args.to)
    except ValueError as error:
        raise OperatorError(f"--to {args.to}: {error}") from None
    source = Side(args.source) if args.source else None
    text = read_stdin() if args.text == [STDIN] else checked_utf8(" ".join(args.text))
    try:
        result = asyncio.run(_translate(settings, text, target, source))
    except RemoteTranslationError as error:
        raise OperatorError(
            f"the translation workers did not answer ({error}): start `yiqi translate-worker` "
            "with the same YIQI_NATS_URL, or unset it to translate in process"
        ) from None
    print(result.text)
    return _report(result)


async def _translate(
    settings: Settings, text: str, target: Reader, source: Side | None
) -> TranslationResult:
    engine = await open_translation_engine(settings)  # the workers when YIQI_NATS_URL is set
    try:
        return await engine.translate(text, target, source=source, glossary=DEFAULT_GLOSSARY)
    finally:
        await engine.close()


def read_stdin() -> str:
    """The text on stdin, which must be UTF-8 (a wrong encoding is one line, not a traceback)."""
    data = sys.stdin.buffer.read()
    try:
        # echo and editors end the text with a newline; it is no part of the message.
        return data.decode("utf-8").rstrip("\n")
    except UnicodeDecodeError as error:
        raise OperatorError(
            f"stdin is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}): "
            f"convert it first, e.g. iconv -f GB18030 -t UTF-8 FILE | yiqi translate ... -"
        ) from None


def checked_utf8(text: str) -> str:
    """Command-line text; bytes that were not UTF-8 arrive as lone surrogates (PEP 383)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise OperatorError(
            f"the text is not UTF-8 (undecodable byte at character {error.start}): set a UTF-8 "
            "locale, or pipe the text converted to UTF-8 into: yiqi translate ... -"
        ) from None
    return text


def _report(result: TranslationResult) -> int:
    if result.status is TranslationStatus.UNAVAILABLE:
        print(
            f"note: no usable {result.source}→{result.target.side} model (see `yiqi models "
            "list`); text shown as written",
            file=sys.stderr,
        )
        return 3
    if result.low_confidence:
        print("note: low-confidence translation; check the original", file=sys.stderr)
    return 0
