"""Fingerprints of the texts each member wrote (``authored_texts``), so ``/privacy forget``
reaches the cached translations of their earlier versions too.

No backfill: the texts rows hold now are fingerprinted at forget time anyway; versions
overwritten before this revision were never recorded.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 14:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "authored_texts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authored_texts")),
        sa.UniqueConstraint(
            "guild_id",
            "user_id",
            "text_hash",
            name=op.f("uq_authored_texts_guild_id_user_id_text_hash"),
        ),
    )


def downgrade() -> None:
    op.drop_table("authored_texts")
