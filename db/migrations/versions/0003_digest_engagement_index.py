"""Digest selection: a covering index for each question's engagement numbers.

The weekly digest aggregates every message of the week's questions (replies per side,
participants, reactions). This index extends (question_id, created_at) with the columns that
aggregate reads, so it is answered from the index alone on SQLite and PostgreSQL; the old
two-column index is its prefix and is dropped.

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-22 07:05:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ENGAGEMENT_COLUMNS = [
    "question_id",
    "created_at",
    "origin_side",
    "author_id",
    "is_deleted",
    "origin_reaction_count",
    "mirror_reaction_count",
]


def upgrade() -> None:
    op.create_index(
        "ix_relayed_messages_question_engagement",
        "relayed_messages",
        ENGAGEMENT_COLUMNS,
        unique=False,
    )
    op.drop_index("ix_relayed_messages_question_id_created_at", table_name="relayed_messages")


def downgrade() -> None:
    op.create_index(
        "ix_relayed_messages_question_id_created_at",
        "relayed_messages",
        ["question_id", "created_at"],
        unique=False,
    )
    op.drop_index("ix_relayed_messages_question_engagement", table_name="relayed_messages")
