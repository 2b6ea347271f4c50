"""Translation cache rows, keyed by what determines a translation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, SurrogateKey
from db.clock import utcnow


class TranslationCacheEntry(Base):
    """A stored translation; a new model version simply misses the cache."""

    __tablename__ = "translation_cache"
    __table_args__ = (UniqueConstraint("text_hash", "source", "target", "model_version"),)

    id: Mapped[SurrogateKey]
    text_hash: Mapped[str] = mapped_column(String(64))  # sha256 hex of the source text
    source: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(String(16))
    model_version: Mapped[str] = mapped_column(String(64))
    translation: Mapped[str] = mapped_column(Text)
    low_confidence: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
