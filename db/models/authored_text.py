"""Fingerprints of every text a member wrote, so forgetting them reaches the translation cache.

The translation cache is keyed by the sha256 of the source text and knows no author. The texts
a member's rows hold now are known at forget time, but not the ones they held before: a
reply's words before its edit, a question's title with its body (translated as one text).
So whenever a relay, a question or a pen-pal intro is stored or changed, the fingerprints of
its texts are recorded here (mapper events: every path that writes those rows records them,
including paths written later). ``/privacy forget`` deletes the cache rows of all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, String, UniqueConstraint, event, inspect
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Mapper, mapped_column

from db.base import Base, Snowflake, SurrogateKey
from db.clock import utcnow
from db.models.penpal import PenpalProfile
from db.models.question import Question
from db.models.relay import RelayedMessage
from db.text_hash import text_hash


class AuthoredText(Base):
    """One text a member wrote in a guild, by fingerprint only (never its words)."""

    __tablename__ = "authored_texts"
    __table_args__ = (UniqueConstraint("guild_id", "user_id", "text_hash"),)

    id: Mapped[SurrogateKey]
    guild_id: Mapped[Snowflake]
    user_id: Mapped[Snowflake]
    text_hash: Mapped[str] = mapped_column(String(64))  # sha256 hex, as the cache keys it
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def question_texts(title: str, body: str) -> list[str]:
    """What a question is translated as: its title and body apart, and together (a title of
    its own goes to the translator on the line before the body)."""
    return [title, body, f"{title}\n{body}"]


# Per model: (the text attributes that matter, guild and author of a row, its texts).
_WATCHED: dict[type[Any], tuple[tuple[str, ...], Any]] = {
    RelayedMessage: (
        ("original_text",),
        lambda r: (r.guild_id, r.author_id, [r.original_text]),
    ),
    Question: (
        ("title", "body", "pivot_text_en"),
        lambda q: (q.guild_id, q.asker_id, [*question_texts(q.title, q.body), q.pivot_text_en]),
    ),
    PenpalProfile: (("intro",), lambda p: (p.guild_id, p.user_id, [p.intro])),
}


def _record(connection: Connection, row: Any) -> None:
    guild_id, user_id, texts = _WATCHED[type(row)][1](row)
    hashes = {text_hash(t) for t in texts if t and t.strip()}
    if guild_id is None or user_id is None or not hashes:
        return
    values = [{"guild_id": guild_id, "user_id": user_id, "text_hash": h} for h in hashes]
    connection.execute(_insert_ignoring(connection), values)


def _insert_ignoring(connection: Connection) -> Any:
    keys = ["guild_id", "user_id", "text_hash"]
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    return insert(AuthoredText).on_conflict_do_nothing(index_elements=keys)


def _changed(row: Any, attributes: Iterable[str]) -> bool:
    state = inspect(row)
    return any(state.attrs[name].history.has_changes() for name in attributes)


def _after_insert(_mapper: Mapper[Any], connection: Connection, row: Any) -> None:
    _record(connection, row)


def _after_update(_mapper: Mapper[Any], connection: Connection, row: Any) -> None:
    if _changed(row, _WATCHED[type(row)][0]):
        _record(connection, row)


for _model in _WATCHED:
    event.listen(_model, "after_insert", _after_insert)
    event.listen(_model, "after_update", _after_update)
