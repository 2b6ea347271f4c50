"""Guilds no longer carry relay_allowed_bot_ids: nothing read it (the allow-list is a setting).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 06:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Batch mode: SQLite drops a column by rebuilding the table.
    with op.batch_alter_table("guilds") as batch:
        batch.drop_column("relay_allowed_bot_ids")


def downgrade() -> None:
    # Existing rows need a value for the NOT NULL column; the default then goes again, as in 0001.
    with op.batch_alter_table("guilds") as batch:
        batch.add_column(
            sa.Column(
                "relay_allowed_bot_ids",
                sa.JSON(),
                server_default=sa.text("'[]'"),
                nullable=False,
            )
        )
    with op.batch_alter_table("guilds") as batch:
        batch.alter_column("relay_allowed_bot_ids", server_default=None)
