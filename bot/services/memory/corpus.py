"""The community's parallel corpus (issue 14 §4): consented post-edits as TMX 1.4 or TSV.

Each live (not reverted) improvement whose editor still consents is one unit: the source
text, the human post-edit as its translation, the machine output kept beside it (a TMX
``prop`` and ``note``; a TSV column), the direction and the date. Ready to fine-tune a better
model later, or to score the model against (chrF, see the bench).

TMX is written with translate-toolkit (``translate.storage.tmx``), a maintained library that
also reads it back; a file holding both directions says so with ``srclang="*all*"`` in its
header, as TMX 1.4 allows, and every unit carries its own ``srclang``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from translate.storage import tmx

from db.enums import Side
from db.repositories.memory import MemoryRepository

TMX_ALL_LANGUAGES = "*all*"
MACHINE_PROP = "x-machine-translation"
MACHINE_NOTE = "Machine translation: "
TSV_HEADER = ("source_lang", "target_lang", "source", "machine", "human", "date")


@dataclass(frozen=True)
class CorpusUnit:
    source_side: Side
    target_side: Side
    source: str
    machine: str
    human: str
    created_at: datetime


async def corpus_units(
    sessions: async_sessionmaker[AsyncSession], guild_id: int
) -> list[CorpusUnit]:
    """The server's consented, live post-edits, oldest first."""
    async with sessions() as session:
        rows = await MemoryRepository(session).corpus(guild_id)
        return [
            CorpusUnit(
                r.source_side,
                r.target_side,
                r.source_text,
                r.machine_text,
                r.human_text,
                r.created_at,
            )
            for r in rows
        ]


def _tmx_date(moment: datetime) -> str:
    """TMX's date format: ISO 8601 basic, UTC (YYYYMMDDThhmmssZ)."""
    return moment.strftime("%Y%m%dT%H%M%SZ")


def to_tmx(units: Sequence[CorpusUnit]) -> bytes:
    """A TMX 1.4 document (UTF-8) of the units."""
    sources = {u.source_side.value for u in units}
    srclang = sources.pop() if len(sources) == 1 else TMX_ALL_LANGUAGES
    store = tmx.tmxfile(sourcelanguage=srclang)
    for number, unit in enumerate(units, start=1):
        tu = store.addsourceunit(unit.source, unit.source_side.value)  # type: ignore[no-untyped-call]
        tu.settarget(unit.human, unit.target_side.value, append=True)
        element = tu.xmlelement
        element.set("tuid", str(number))
        element.set("creationdate", _tmx_date(unit.created_at))
        tu.addnote(MACHINE_NOTE + unit.machine)
        # The machine output exactly (a note is stripped): a prop, before the tuvs.
        prop = element.makeelement(tu.namespaced("prop"), {"type": MACHINE_PROP})
        prop.text = unit.machine
        element.find(tu.namespaced("tuv")).addprevious(prop)
    return bytes(store)


def _tsv_field(text: str) -> str:
    """One TSV cell: backslash, tab and line breaks escaped as two characters each."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def to_tsv(units: Sequence[CorpusUnit]) -> str:
    """A header row, then one escaped row per unit."""
    lines = ["\t".join(TSV_HEADER)]
    for unit in units:
        cells = (
            unit.source_side.value,
            unit.target_side.value,
            unit.source,
            unit.machine,
            unit.human,
            unit.created_at.isoformat(),
        )
        lines.append("\t".join(_tsv_field(c) for c in cells))
    return "\n".join(lines) + "\n"
