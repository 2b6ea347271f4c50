"""Babel extraction method for Yiqi's markers, and extraction of the whole source tree.

Babel's stock ``python`` extractor drops keyword arguments, so it would lose the ``msgctxt=``
of ``locale_str("setup", msgctxt="command-name")``. This method reads the syntax tree instead
and reports each call under gettext's own keyword names (``pgettext`` when a context is
given), so Babel's catalog machinery and ``pybabel extract -F locale/babel.cfg`` both work.
"""

from __future__ import annotations

import ast
import io
import logging
import tokenize
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Final, TypeAlias

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

log = logging.getLogger(__name__)

# Marker → number of message arguments (1: msgid, 2: singular and plural).
MARKERS: Final = {"_": 1, "N_": 1, "locale_str": 1, "_n": 2}
# What extract() is told about the names this method reports.
KEYWORDS: Final = {
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
COMMENT_TAGS: Final = ("Translators:",)
SOURCE_DIRS: Final = ("bot", "cogs")
PROJECT: Final = "Yiqi"
HEADER: Final = (
    "# Translations template for Yiqi: English msgids from bot/ and cogs/.\n"
    "# Regenerate with `python -m bot.i18n.extract`; do not edit by hand."
)

Extracted: TypeAlias = tuple[int, str, str | tuple[str, ...], list[str]]


def _marker(call: ast.Call) -> str | None:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    return name if name in MARKERS else None


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _context(call: ast.Call) -> str | None:
    for keyword in call.keywords:
        if keyword.arg == "msgctxt":
            return _literal(keyword.value)
    return None


def _comments_above(lines: Mapping[int, str], lineno: int, tags: Collection[str]) -> list[str]:
    """The contiguous comment block right above ``lineno``, from its first tagged line."""
    block: list[str] = []
    row = lineno - 1
    while row in lines:
        block.insert(0, lines[row])
        row -= 1
    for start, text in enumerate(block):
        if any(text.startswith(tag) for tag in tags):
            return block[start:]
    return []


def _comment_lines(source: str) -> dict[int, str]:
    """Line number → text of lines holding nothing but a comment."""
    found: dict[int, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and not token.line[: token.start[1]].strip():
            found[token.start[0]] = token.string.lstrip("#").strip()
    return found


def extract_yiqi(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any] | Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Babel extraction method: ``_``, ``N_``, ``locale_str`` (with ``msgctxt=``) and ``_n``."""
    del keywords  # the markers are fixed; see KEYWORDS for the names reported
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    comments = _comment_lines(source)
    calls = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)]
    # ast.walk is breadth-first; sort so the catalog follows the source order.
    for node in sorted(calls, key=lambda call: (call.lineno, call.col_offset)):
        if (marker := _marker(node)) is None:
            continue
        arity = MARKERS[marker]
        texts = [_literal(arg) for arg in node.args[:arity]]
        if len(texts) < arity or None in texts:
            if any(isinstance(arg, ast.JoinedStr) for arg in node.args[:arity]):
                where = f"{getattr(fileobj, 'name', '?')}:{node.lineno}"
                log.warning("%s: an f-string cannot be translated; use {fields}", where)
            continue  # a variable, e.g. a constant marked with N_ elsewhere
        strings = tuple(text for text in texts if text is not None)
        context = _context(node)
        funcname = "gettext" if arity == 1 else "ngettext"
        if context is not None:
            funcname, strings = "p" + funcname, (context, *strings)
        message = strings[0] if len(strings) == 1 else strings
        yield node.lineno, funcname, message, _comments_above(comments, node.lineno, comment_tags)


def extract_catalog(root: Path, source_dirs: Collection[str] = SOURCE_DIRS) -> Catalog:
    """Every marked message under ``root/<source_dirs>``, as a template catalog."""
    catalog = Catalog(
        project=PROJECT,
        version="",
        copyright_holder="Yiqi contributors",
        header_comment=HEADER,
        fuzzy=False,
    )
    for directory in source_dirs:
        if not (root / directory).is_dir():
            raise FileNotFoundError(root / directory)
        messages = extract_from_dir(
            root / directory,
            method_map=[("**.py", f"{__name__}:extract_yiqi")],
            keywords=KEYWORDS,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        )
        for filename, lineno, message, auto_comments, context in messages:
            location = (f"{directory}/{filename}", lineno)
            catalog.add(message, None, [location], auto_comments=auto_comments, context=context)
    return catalog
