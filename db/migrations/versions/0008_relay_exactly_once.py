"""Relays are claimed before they are sent and reconciled after: a lease (owner, expiry), the
attempt under way (to look for its mirror when its outcome is unknown), revisions (a mirror shows
the latest edit), a removed-mirror flag, a classified fault, and two terminal states (dead-lettered,
discarded). Bridges remember when moderators were told that they are failing.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 09:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_STATUSES = ("pending", "delivered", "failed")
_NEW_STATUSES = (*_OLD_STATUSES, "dead", "discarded")
_STATUS_CHECK = "relay_status"


def _status_check(values: Sequence[str]) -> str:
    return "status IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def upgrade() -> None:
    with op.batch_alter_table("relayed_messages") as batch:
        batch.drop_constraint(_STATUS_CHECK, type_="check")
        batch.create_check_constraint(_STATUS_CHECK, _status_check(_NEW_STATUSES))
        batch.add_column(sa.Column("lease_owner", sa.String(64), nullable=True))
        batch.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("attempt_started_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("attempt_digest", sa.String(64), nullable=True))
        batch.add_column(sa.Column("revision", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("mirrored_revision", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("mirror_removed", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(sa.Column("fault", sa.String(32), nullable=True))
        batch.create_index(
            batch.f("ix_relayed_messages_origin_thread_id_status"),
            ["origin_thread_id", "status"],
        )
        batch.create_index(batch.f("ix_relayed_messages_lease_until"), ["lease_until"])
    # Mirrors delivered before this revision show the text they were sent with.
    op.execute("UPDATE relayed_messages SET mirrored_revision = 0 WHERE status = 'delivered'")
    with op.batch_alter_table("bridges") as batch:
        batch.add_column(sa.Column("failure_noticed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bridges") as batch:
        batch.drop_column("failure_noticed_at")
    # The old states cannot say "dead" or "discarded": both become failed, never retried.
    op.execute(
        "UPDATE relayed_messages SET status = 'failed', next_retry_at = NULL "
        "WHERE status IN ('dead', 'discarded')"
    )
    with op.batch_alter_table("relayed_messages") as batch:
        batch.drop_index(batch.f("ix_relayed_messages_lease_until"))
        batch.drop_index(batch.f("ix_relayed_messages_origin_thread_id_status"))
        for column in (
            "fault",
            "mirror_removed",
            "mirrored_revision",
            "revision",
            "attempt_digest",
            "attempt_started_at",
            "lease_until",
            "lease_owner",
        ):
            batch.drop_column(column)
        batch.drop_constraint(_STATUS_CHECK, type_="check")
        batch.create_check_constraint(_STATUS_CHECK, _status_check(_OLD_STATUSES))
