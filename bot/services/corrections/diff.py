"""A word-level diff of a message and its correction, rendered for Discord.

Removed words are ~~struck~~, added words **bold**, unchanged words plain. Member text is
escaped (``discord_text.escape_markdown``) so it can never break the card; mentions, custom
emoji and links are kept as they are (the card is posted with no pings allowed). Changes
separated only by spaces are grouped ("~~went to~~ **go**" rather than word by word), so
the card reads like a teacher's red pen, not like a patch.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from bot.services.corrections.tokens import Token, tokenize
from bot.services.discord_text import discord_length, escape_markdown
from bot.translation.languages import HAN_CHARACTER

ELLIPSIS = "…"
# Unchanged words kept on each side of a change when the whole diff does not fit.
CONTEXT_TOKENS = 4


class Change(StrEnum):
    SAME = "same"
    REMOVED = "removed"
    ADDED = "added"


@dataclass(frozen=True)
class Segment:
    change: Change
    tokens: tuple[Token, ...]

    @property
    def text(self) -> str:
        return "".join(t.text for t in self.tokens)


def _normalized(text: str) -> str:
    return " ".join(text.split())


def unchanged(original: str, corrected: str) -> bool:
    """True when a correction changes nothing but spacing."""
    return _normalized(original) == _normalized(corrected)


def word_diff(original: str, corrected: str) -> list[Segment]:
    """The correction as segments in reading order: a replaced group reads removed, then added."""
    before, after = tokenize(original), tokenize(corrected)
    matcher = SequenceMatcher(None, [t.text for t in before], [t.text for t in after], False)
    segments: list[Segment] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment(Change.SAME, tuple(before[a1:a2])))
            continue
        if a2 > a1:
            segments.append(Segment(Change.REMOVED, tuple(before[a1:a2])))
        if b2 > b1:
            segments.append(Segment(Change.ADDED, tuple(after[b1:b2])))
    return _grouped(segments)


def _joins_changes(segment: Segment) -> bool:
    """Unchanged text too small to stand between two changes: spaces, or one Chinese
    character ("去~~了商店~~**超市**买**了**" reads better as one change)."""
    if segment.change is not Change.SAME:
        return False
    core = segment.text.strip()
    return not core or (len(core) == 1 and bool(HAN_CHARACTER.match(core)))


def _grouped(segments: list[Segment]) -> list[Segment]:
    """Changes with only spaces (or one Chinese character) between them become one removed
    and one added group."""
    groups: list[list[Segment]] = []
    for segment in segments:
        spaces_only = _joins_changes(segment)
        last = groups[-1] if groups else None
        if (
            last is not None
            and last[0].change is not Change.SAME
            and segment.change is not Change.SAME
        ):
            last.append(segment)
        elif last is not None and last[0].change is not Change.SAME and spaces_only:
            last.append(segment)  # joins the group if another change follows (fixed below)
        else:
            groups.append([segment])
    merged: list[Segment] = []
    for group in groups:
        trailing: list[Segment] = []
        while group and group[-1].change is Change.SAME:
            trailing.insert(0, group.pop())
        if group and group[0].change is not Change.SAME:
            removed = tuple(t for s in group if s.change is not Change.ADDED for t in s.tokens)
            added = tuple(t for s in group if s.change is not Change.REMOVED for t in s.tokens)
            if any(not t.is_space for t in removed):
                merged.append(Segment(Change.REMOVED, removed))
            if any(not t.is_space for t in added):
                merged.append(Segment(Change.ADDED, added))
        else:
            merged.extend(group)
        merged.extend(trailing)
    return merged


def _escaped(tokens: tuple[Token, ...]) -> str:
    return "".join(t.text if t.verbatim else escape_markdown(t.text) for t in tokens)


def _marked(text: str, mark: str) -> str:
    """``text`` inside ``mark`` line by line (markup never spans a line break), its outer
    spaces outside it (Discord does not render ``** word**``)."""
    lines = []
    for line in text.split("\n"):
        core = line.strip()
        if not core:
            lines.append(line)
            continue
        start = line.index(core)
        lines.append(f"{line[:start]}{mark}{core}{mark}{line[start + len(core) :]}")
    return "\n".join(lines)


def render_segment(segment: Segment) -> str:
    text = _escaped(segment.tokens)
    if segment.change is Change.REMOVED:
        return _marked(text, "~~")
    if segment.change is Change.ADDED:
        return _marked(text, "**")
    return text


def _context(segment: Segment, *, keep_head: bool, keep_tail: bool) -> str:
    """An unchanged stretch shortened to the words next to the changes around it."""
    tokens = segment.tokens
    if len(tokens) <= 2 * CONTEXT_TOKENS + 1:
        return render_segment(segment)
    head = _escaped(tokens[:CONTEXT_TOKENS]) if keep_head else ""
    tail = _escaped(tokens[-CONTEXT_TOKENS:]) if keep_tail else ""
    return f"{head}{ELLIPSIS}{tail}"


def render_diff(segments: list[Segment], limit: int) -> str:
    """The diff within ``limit`` UTF-16 units: whole when it fits, else each change with a
    few words of context, else as many changes as fit followed by "…"."""
    whole = "".join(render_segment(s) for s in segments)
    if discord_length(whole) <= limit:
        return whole
    parts: list[str] = []
    for index, segment in enumerate(segments):
        if segment.change is not Change.SAME:
            parts.append(render_segment(segment))
            continue
        parts.append(_context(segment, keep_head=index > 0, keep_tail=index < len(segments) - 1))
    shortened = "".join(parts)
    if discord_length(shortened) <= limit:
        return shortened
    kept = ""
    for part in parts:
        if discord_length(kept + part + ELLIPSIS) > limit:
            break
        kept += part
    return kept + ELLIPSIS
