"""Digest selection: covering indexes for each question's engagement and the weekly numbers.

The weekly digest aggregates every message of the week's questions (replies per side,
participants, reactions, whether the opening post is still there). The relay index
(question_id, created_at) is extended with the columns that aggregate reads, and the questions
index (guild_id, created_at) with what the selection reads of each question (side, answer
time, asker, opening post), so both are answered from the index alone; each old index is the
new one's prefix and is dropped.

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
    "origin_message_id",
]
QUESTION_WEEK_COLUMNS = [
    "guild_id",
    "created_at",
    "id",
    "origin_side",
    "answered_at",
    "asker_id",
    "origin_message_id",
]


def upgrade() -> None:
    op.create_index(
        "ix_relayed_messages_question_engagement",
        "relayed_messages",
        ENGAGEMENT_COLUMNS,
        unique=False,
    )
    op.drop_index("ix_relayed_messages_question_id_created_at", table_name="relayed_messages")
    op.create_index("ix_questions_guild_week", "questions", QUESTION_WEEK_COLUMNS, unique=False)
    op.drop_index("ix_questions_guild_id_created_at", table_name="questions")


def downgrade() -> None:
    op.create_index(
        "ix_questions_guild_id_created_at", "questions", ["guild_id", "created_at"], unique=False
    )
    op.drop_index("ix_questions_guild_week", table_name="questions")
    op.create_index(
        "ix_relayed_messages_question_id_created_at",
        "relayed_messages",
        ["question_id", "created_at"],
        unique=False,
    )
    op.drop_index("ix_relayed_messages_question_engagement", table_name="relayed_messages")
