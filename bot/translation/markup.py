"""Discord markdown: translate the text between the markup, never the markup itself.

``parse`` cuts a (placeholder-masked) message into segments: markup kept as written, and text
to translate. Joining the segments gives the message back exactly, so translating each text
segment and joining again keeps every construct Discord renders:

- at line start: block quotes ``>`` and ``>>>``, headings ``#``/``##``/``###``, subtext ``-#``,
  list items ``-``/``*``/``1.`` (and indentation);
- inline: spoilers ``||…||``, bold ``**``, italic ``*``/``_``, underline ``__``, strikethrough
  ``~~``, and masked links ``[text](url)`` (the text is translated, the link kept).

Code, inline code, mentions, timestamps and URLs are placeholders by now (protection runs
first), so nothing inside them is taken for markup. Text between two markers is its own
segment: a spoiler's content is translated on its own and stays inside its bars.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE_PREFIX = re.compile(r"(?:>>> |> |#{1,3} |-# |[-*+] |\d{1,9}[.)] |[ \t]+)")
_INLINE = re.compile(
    r"\|\||\*\*|__|~~|\*"
    r"|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])"  # snake_case is not italics
    r"|\[(?=[^\[\]\n]+\]\([^()\s]+\))"  # a masked link's opening bracket…
    r"|\]\([^()\s]+\)"  # …and its closing bracket with the link
)


@dataclass(frozen=True)
class Segment:
    """A piece of the message: markup (kept), or text (translated).

    ``inline`` text sits next to an inline marker (a bold word, a spoiler's content): a
    fragment, not necessarily a whole sentence.
    """

    text: str
    translate: bool
    inline: bool = False


def _text_segments(text: str, *, inline: bool) -> list[Segment]:
    """``text`` as markup-whitespace, text, markup-whitespace (whitespace is never sent)."""
    core = text.strip()
    if not core:
        return [Segment(text, translate=False)] if text else []
    start = text.index(core)
    parts = [
        Segment(text[:start], translate=False),
        Segment(core, translate=True, inline=inline),
        Segment(text[start + len(core) :], translate=False),
    ]
    return [p for p in parts if p.text]


def _parse_line(line: str) -> list[Segment]:
    segments: list[Segment] = []
    position = 0
    while (prefix := _LINE_PREFIX.match(line, position)) is not None and prefix.end() > position:
        position = prefix.end()
    if position:
        segments.append(Segment(line[:position], translate=False))
    markers = list(_INLINE.finditer(line, position))
    bounds = [position, *(b for m in markers for b in (m.start(), m.end())), len(line)]
    for index in range(0, len(bounds), 2):
        start, end = bounds[index], bounds[index + 1]
        has_marker = bool(markers)
        segments.extend(_text_segments(line[start:end], inline=has_marker))
        if index // 2 < len(markers):
            segments.append(Segment(markers[index // 2].group(0), translate=False))
    return segments


def parse(text: str) -> list[Segment]:
    """Segments that join back to ``text`` exactly."""
    segments: list[Segment] = []
    for number, line in enumerate(text.split("\n")):
        if number:
            segments.append(Segment("\n", translate=False))
        segments.extend(_parse_line(line))
    return segments


def join(segments: list[Segment]) -> str:
    return "".join(s.text for s in segments)


def _opens(marker: str, seen: dict[str, int]) -> bool:
    if marker == "[":
        return True
    if marker.startswith("]("):
        return False
    seen[marker] = seen.get(marker, 0) + 1
    return seen[marker] % 2 == 1


def space_for_latin(segments: list[Segment]) -> list[Segment]:
    """Put spaces around inline markup that Chinese wrote without ("剧透：||…||").

    ``segments`` are the translated segments (text ones marked ``translate``); a space goes
    before an opening marker and after a closing one when a translated word touches it.
    """
    spaced = list(segments)
    seen: dict[str, int] = {}
    for index, segment in enumerate(segments):
        if segment.text == "\n":
            seen.clear()
            continue
        if segment.translate or _INLINE.fullmatch(segment.text) is None:
            continue
        before = segments[index - 1] if index else None
        after = segments[index + 1] if index + 1 < len(segments) else None
        if _opens(segment.text, seen):
            if before is not None and before.translate and not before.text[-1:].isspace():
                spaced[index] = Segment(" " + segment.text, translate=False)
        elif after is not None and after.translate and after.text[:1].isalnum():
            spaced[index] = Segment(segment.text + " ", translate=False)
    return spaced
