"""Learning together: practice channels, corrections, the translation memory, the members'
learning switches, and what a mirror needs to show an improvement or a correction card.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 16:11:20.962033
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "corrections",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("learner_id", sa.BigInteger(), nullable=False),
        sa.Column("corrector_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "language",
            sa.Enum(
                "en", "zh", name="language", native_enum=False, create_constraint=True, length=16
            ),
            nullable=False,
        ),
        sa.Column("original_text", sa.Text(), nullable=False),
        sa.Column("corrected_text", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "note_language",
            sa.Enum(
                "en",
                "zh",
                name="note_language",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column("card_message_id", sa.BigInteger(), nullable=True),
        sa.Column("helpful_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("helpful_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guild_id"],
            ["guilds.id"],
            name=op.f("fk_corrections_guild_id_guilds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections")),
        sa.UniqueConstraint("card_message_id", name=op.f("uq_corrections_card_message_id")),
    )
    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corrections_guild_id_created_at"),
            ["guild_id", "created_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_corrections_message_id"), ["message_id"], unique=False)

    op.create_table(
        "practice_channels",
        sa.Column("channel_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("added_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guild_id"],
            ["guilds.id"],
            name=op.f("fk_practice_channels_guild_id_guilds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("channel_id", name=op.f("pk_practice_channels")),
    )
    with op.batch_alter_table("practice_channels", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_practice_channels_guild_id"), ["guild_id"], unique=False
        )

    op.create_table(
        "translation_memory",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "source_side",
            sa.Enum(
                "en", "zh", name="source_side", native_enum=False, create_constraint=True, length=16
            ),
            nullable=False,
        ),
        sa.Column(
            "target_side",
            sa.Enum(
                "en", "zh", name="target_side", native_enum=False, create_constraint=True, length=16
            ),
            nullable=False,
        ),
        sa.Column(
            "target_script",
            sa.Enum(
                "zh-CN",
                "zh-TW",
                name="target_script",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("glossary_key", sa.String(length=64), nullable=False),
        sa.Column("machine_text", sa.Text(), nullable=False),
        sa.Column("human_text", sa.Text(), nullable=False),
        sa.Column("editor_id", sa.BigInteger(), nullable=False),
        sa.Column("editor_name", sa.String(length=80), nullable=False),
        sa.Column("source_author_id", sa.BigInteger(), nullable=True),
        sa.Column("relay_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("reverted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reverted_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guild_id"],
            ["guilds.id"],
            name=op.f("fk_translation_memory_guild_id_guilds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation_memory")),
    )
    with op.batch_alter_table("translation_memory", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_translation_memory_editor_id"), ["editor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_translation_memory_guild_id_created_at"),
            ["guild_id", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_translation_memory_source_author_id"), ["source_author_id"], unique=False
        )
        batch_op.create_index(
            "uq_translation_memory_live_key",
            ["guild_id", "source_hash", "source_side", "target_side", "glossary_key"],
            unique=True,
            sqlite_where=sa.text("reverted_at IS NULL"),
            postgresql_where=sa.text("reverted_at IS NULL"),
        )

    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("corrections_wanted", sa.Boolean(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "pinyin_in_translate", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("improvements_consent_at", sa.DateTime(timezone=True), nullable=True)
        )

    with op.batch_alter_table("relayed_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("improved_by", sa.String(length=80), nullable=True))
        batch_op.add_column(
            sa.Column(
                "correction_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_relayed_messages_correction_id_corrections"),
            "corrections",
            ["correction_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("relayed_messages", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_relayed_messages_correction_id_corrections"), type_="foreignkey"
        )
        batch_op.drop_column("correction_id")
        batch_op.drop_column("improved_by")

    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("improvements_consent_at")
        batch_op.drop_column("pinyin_in_translate")
        batch_op.drop_column("corrections_wanted")

    with op.batch_alter_table("translation_memory", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_translation_memory_live_key",
            sqlite_where=sa.text("reverted_at IS NULL"),
            postgresql_where=sa.text("reverted_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_translation_memory_source_author_id"))
        batch_op.drop_index(batch_op.f("ix_translation_memory_guild_id_created_at"))
        batch_op.drop_index(batch_op.f("ix_translation_memory_editor_id"))

    op.drop_table("translation_memory")
    with op.batch_alter_table("practice_channels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_channels_guild_id"))

    op.drop_table("practice_channels")
    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_message_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_guild_id_created_at"))

    op.drop_table("corrections")
