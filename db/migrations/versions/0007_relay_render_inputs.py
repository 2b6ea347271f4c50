"""Relayed messages keep what their mirror is rendered from: attachment links and the message
replied to (for the quote); a long mirror's parts after the first get their own table.

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
    op.create_table(
        "relayed_message_parts",
        sa.Column("relay_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["relay_id"],
            ["relayed_messages.id"],
            name=op.f("fk_relayed_message_parts_relay_id_relayed_messages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("relay_id", "position", name=op.f("pk_relayed_message_parts")),
        sa.UniqueConstraint("message_id", name=op.f("uq_relayed_message_parts_message_id")),
    )


def downgrade() -> None:
    op.drop_table("relayed_message_parts")
    with op.batch_alter_table("relayed_messages") as batch:
        batch.drop_column("reply_to_message_id")
        batch.drop_column("attachment_urls")
