"""Relayed messages keep what their mirror is rendered from: attachment links, the message
replied to (for the quote), and the ids of a long mirror's continuation parts.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 07:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Batch mode: SQLite adds NOT NULL columns with a default by rebuilding the table.
    with op.batch_alter_table("relayed_messages") as batch:
        batch.add_column(
            sa.Column("attachment_urls", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
        )
        batch.add_column(sa.Column("reply_to_message_id", sa.BigInteger(), nullable=True))
        batch.add_column(
            sa.Column(
                "mirror_continuation_ids",
                sa.JSON(),
                server_default=sa.text("'[]'"),
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("relayed_messages") as batch:
        batch.drop_column("mirror_continuation_ids")
        batch.drop_column("reply_to_message_id")
        batch.drop_column("attachment_urls")
