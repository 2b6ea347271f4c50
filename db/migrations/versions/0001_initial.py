"""Initial schema: every table Yiqi needs (bridges, relay, pen pals, digest, cache).

Revision ID: 0001
Revises:
Create Date: 2026-11-22 04:15:29.596696
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "guilds",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("ui_locale", sa.String(length=16), nullable=False),
        sa.Column("prefer_traditional", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("moderators_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("penpal_en_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("penpal_zh_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("cat_tax_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("exchange_role_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "digest_opt_out_by_default", sa.Boolean(), server_default=sa.false(), nullable=False
        ),
        sa.Column("relay_allowed_bot_ids", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guilds")),
    )
    op.create_table(
        "translation_cache",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=16), nullable=False),
        sa.Column("model_version", sa.String(length=64), nullable=False),
        sa.Column("translation", sa.Text(), nullable=False),
        sa.Column("low_confidence", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation_cache")),
        sa.UniqueConstraint(
            "text_hash",
            "source",
            "target",
            "model_version",
            name=op.f("uq_translation_cache_text_hash_source_target_model_version"),
        ),
    )
    op.create_table(
        "bridges",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guild_id"], ["guilds.id"], name=op.f("fk_bridges_guild_id_guilds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bridges")),
    )
    op.create_index(op.f("ix_bridges_guild_id"), "bridges", ["guild_id"], unique=False)

    op.create_table(
        "cat_tax_newcomers",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guild_id"],
            ["guilds.id"],
            name=op.f("fk_cat_tax_newcomers_guild_id_guilds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cat_tax_newcomers")),
        sa.UniqueConstraint(
            "guild_id", "user_id", name=op.f("uq_cat_tax_newcomers_guild_id_user_id")
        ),
    )
    op.create_index(
        op.f("ix_cat_tax_newcomers_guild_id_approved_at"),
        "cat_tax_newcomers",
        ["guild_id", "approved_at"],
        unique=False,
    )

    op.create_table(
        "digest_schedules",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("weekday", sa.SmallInteger(), nullable=False),
        sa.Column("local_time", sa.Time(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "weekday BETWEEN 0 AND 6", name=op.f("ck_digest_schedules_weekday_range")
        ),
        sa.ForeignKeyConstraint(
            ["guild_id"],
            ["guilds.id"],
            name=op.f("fk_digest_schedules_guild_id_guilds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("guild_id", name=op.f("pk_digest_schedules")),
    )
    op.create_table(
        "glossary_terms",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("en_term", sa.String(length=100), nullable=False),
        sa.Column("zh_term", sa.String(length=100), nullable=False),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guild_id"],
            ["guilds.id"],
            name=op.f("fk_glossary_terms_guild_id_guilds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_glossary_terms")),
        sa.UniqueConstraint("guild_id", "en_term", name=op.f("uq_glossary_terms_guild_id_en_term")),
        sa.UniqueConstraint("guild_id", "zh_term", name=op.f("uq_glossary_terms_guild_id_zh_term")),
    )
    op.create_table(
        "members",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column(
            "side",
            sa.Enum("en", "zh", name="side", native_enum=False, create_constraint=True, length=16),
            nullable=True,
        ),
        sa.Column(
            "script",
            sa.Enum(
                "zh-CN",
                "zh-TW",
                name="script",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column("locale", sa.String(length=16), nullable=True),
        sa.Column("digest_opt_out", sa.Boolean(), nullable=True),
        sa.Column("digest_choice_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("penpal_contact_consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("adult_confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guild_id"], ["guilds.id"], name=op.f("fk_members_guild_id_guilds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("guild_id", "user_id", name=op.f("pk_members")),
    )
    op.create_table(
        "penpal_blocks",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("blocker_id", sa.BigInteger(), nullable=False),
        sa.Column("blocked_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("blocker_id <> blocked_id", name=op.f("ck_penpal_blocks_not_self")),
        sa.ForeignKeyConstraint(
            ["guild_id"],
            ["guilds.id"],
            name=op.f("fk_penpal_blocks_guild_id_guilds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_penpal_blocks")),
        sa.UniqueConstraint(
            "guild_id",
            "blocker_id",
            "blocked_id",
            name=op.f("uq_penpal_blocks_guild_id_blocker_id_blocked_id"),
        ),
    )
    op.create_index(
        op.f("ix_penpal_blocks_blocked_id"), "penpal_blocks", ["blocked_id"], unique=False
    )

    op.create_table(
        "penpal_profiles",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "side",
            sa.Enum("en", "zh", name="side", native_enum=False, create_constraint=True, length=16),
            nullable=False,
        ),
        sa.Column(
            "level",
            sa.Enum(
                "beginner",
                "intermediate",
                "advanced",
                "fluent",
                name="level",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("interests", sa.JSON(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("intro", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "paused",
                "left",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("queued_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guild_id"],
            ["guilds.id"],
            name=op.f("fk_penpal_profiles_guild_id_guilds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_penpal_profiles")),
        sa.UniqueConstraint(
            "guild_id", "user_id", name=op.f("uq_penpal_profiles_guild_id_user_id")
        ),
    )
    op.create_index(
        op.f("ix_penpal_profiles_guild_id_status_side_queued_since"),
        "penpal_profiles",
        ["guild_id", "status", "side", "queued_since"],
        unique=False,
    )

    op.create_table(
        "posted_digests",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "claimed",
                "posted",
                "skipped",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("claimed_by", sa.String(length=128), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("skip_reason", sa.String(length=200), nullable=True),
        sa.Column("message_ids", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["guild_id"],
            ["guilds.id"],
            name=op.f("fk_posted_digests_guild_id_guilds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posted_digests")),
        sa.UniqueConstraint("guild_id", "week", name=op.f("uq_posted_digests_guild_id_week")),
    )
    op.create_table(
        "bridge_channels",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "bridge_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "language",
            sa.Enum("en", "zh", name="side", native_enum=False, create_constraint=True, length=16),
            nullable=False,
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "text",
                "forum",
                name="channel_kind",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["bridge_id"],
            ["bridges.id"],
            name=op.f("fk_bridge_channels_bridge_id_bridges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bridge_channels")),
        sa.UniqueConstraint(
            "bridge_id", "language", name=op.f("uq_bridge_channels_bridge_id_language")
        ),
        sa.UniqueConstraint("channel_id", name=op.f("uq_bridge_channels_channel_id")),
    )
    op.create_table(
        "penpal_proposals",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "en_profile_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "zh_profile_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "accepted",
                "declined",
                "expired",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("en_accepted", sa.Boolean(), nullable=True),
        sa.Column("zh_accepted", sa.Boolean(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["en_profile_id"],
            ["penpal_profiles.id"],
            name=op.f("fk_penpal_proposals_en_profile_id_penpal_profiles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["guild_id"],
            ["guilds.id"],
            name=op.f("fk_penpal_proposals_guild_id_guilds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["zh_profile_id"],
            ["penpal_profiles.id"],
            name=op.f("fk_penpal_proposals_zh_profile_id_penpal_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_penpal_proposals")),
    )
    op.create_index(
        op.f("ix_penpal_proposals_en_profile_id"),
        "penpal_proposals",
        ["en_profile_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_penpal_proposals_status_expires_at"),
        "penpal_proposals",
        ["status", "expires_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_penpal_proposals_zh_profile_id"),
        "penpal_proposals",
        ["zh_profile_id"],
        unique=False,
    )

    op.create_table(
        "questions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("bridge_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("asker_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "origin_side",
            sa.Enum(
                "en", "zh", name="origin_side", native_enum=False, create_constraint=True, length=16
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("pivot_text_en", sa.Text(), nullable=True),
        sa.Column("origin_channel_id", sa.BigInteger(), nullable=False),
        sa.Column("origin_thread_id", sa.BigInteger(), nullable=True),
        sa.Column("origin_message_id", sa.BigInteger(), nullable=True),
        sa.Column("mirror_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("mirror_thread_id", sa.BigInteger(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bridge_id"],
            ["bridges.id"],
            name=op.f("fk_questions_bridge_id_bridges"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["guild_id"],
            ["guilds.id"],
            name=op.f("fk_questions_guild_id_guilds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
        sa.UniqueConstraint("mirror_thread_id", name=op.f("uq_questions_mirror_thread_id")),
        sa.UniqueConstraint("origin_thread_id", name=op.f("uq_questions_origin_thread_id")),
    )
    op.create_index(
        op.f("ix_questions_bridge_id_created_at"),
        "questions",
        ["bridge_id", "created_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_questions_guild_id_created_at"),
        "questions",
        ["guild_id", "created_at"],
        unique=False,
    )

    op.create_table(
        "penpal_pairs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "proposal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("en_user_id", sa.BigInteger(), nullable=False),
        sa.Column("zh_user_id", sa.BigInteger(), nullable=False),
        sa.Column("en_thread_id", sa.BigInteger(), nullable=True),
        sa.Column("zh_thread_id", sa.BigInteger(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_by_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["guild_id"],
            ["guilds.id"],
            name=op.f("fk_penpal_pairs_guild_id_guilds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["penpal_proposals.id"],
            name=op.f("fk_penpal_pairs_proposal_id_penpal_proposals"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_penpal_pairs")),
        sa.UniqueConstraint("en_thread_id", name=op.f("uq_penpal_pairs_en_thread_id")),
        sa.UniqueConstraint(
            "guild_id",
            "en_user_id",
            "zh_user_id",
            name=op.f("uq_penpal_pairs_guild_id_en_user_id_zh_user_id"),
        ),
        sa.UniqueConstraint("zh_thread_id", name=op.f("uq_penpal_pairs_zh_thread_id")),
    )
    op.create_index(
        op.f("ix_penpal_pairs_guild_id_started_at"),
        "penpal_pairs",
        ["guild_id", "started_at"],
        unique=False,
    )

    op.create_table(
        "penpal_reports",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("pair_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("reporter_id", sa.BigInteger(), nullable=False),
        sa.Column("reported_id", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("transcript", sa.Text(), nullable=False),
        sa.Column("moderators_message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guild_id"],
            ["guilds.id"],
            name=op.f("fk_penpal_reports_guild_id_guilds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"],
            ["penpal_pairs.id"],
            name=op.f("fk_penpal_reports_pair_id_penpal_pairs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_penpal_reports")),
    )
    op.create_index(
        op.f("ix_penpal_reports_guild_id"), "penpal_reports", ["guild_id"], unique=False
    )

    op.create_table(
        "relayed_messages",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "question_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "penpal_pair_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "origin_side",
            sa.Enum(
                "en", "zh", name="origin_side", native_enum=False, create_constraint=True, length=16
            ),
            nullable=False,
        ),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("author_name", sa.String(length=80), server_default="", nullable=False),
        sa.Column("author_avatar_url", sa.Text(), nullable=True),
        sa.Column("origin_message_id", sa.BigInteger(), nullable=False),
        sa.Column("origin_channel_id", sa.BigInteger(), nullable=False),
        sa.Column("origin_thread_id", sa.BigInteger(), nullable=True),
        sa.Column("mirror_channel_id", sa.BigInteger(), nullable=False),
        sa.Column("mirror_thread_id", sa.BigInteger(), nullable=True),
        sa.Column("mirror_message_id", sa.BigInteger(), nullable=True),
        sa.Column("original_text", sa.Text(), nullable=False),
        sa.Column("translated_text", sa.Text(), nullable=True),
        sa.Column("low_confidence", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "delivered",
                "failed",
                name="relay_status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_retry_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("is_edited", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("is_deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("origin_reaction_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("mirror_reaction_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "question_id IS NULL OR penpal_pair_id IS NULL",
            name=op.f("ck_relayed_messages_one_conversation"),
        ),
        sa.ForeignKeyConstraint(
            ["guild_id"],
            ["guilds.id"],
            name=op.f("fk_relayed_messages_guild_id_guilds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["penpal_pair_id"],
            ["penpal_pairs.id"],
            name=op.f("fk_relayed_messages_penpal_pair_id_penpal_pairs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_relayed_messages_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relayed_messages")),
        sa.UniqueConstraint(
            "mirror_message_id", name=op.f("uq_relayed_messages_mirror_message_id")
        ),
        sa.UniqueConstraint(
            "origin_message_id", name=op.f("uq_relayed_messages_origin_message_id")
        ),
    )
    op.create_index(
        op.f("ix_relayed_messages_guild_id_created_at"),
        "relayed_messages",
        ["guild_id", "created_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_relayed_messages_penpal_pair_id_created_at"),
        "relayed_messages",
        ["penpal_pair_id", "created_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_relayed_messages_question_id_created_at"),
        "relayed_messages",
        ["question_id", "created_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_relayed_messages_status_next_retry_at"),
        "relayed_messages",
        ["status", "next_retry_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_relayed_messages_status_next_retry_at"), table_name="relayed_messages")
    op.drop_index(op.f("ix_relayed_messages_question_id_created_at"), table_name="relayed_messages")
    op.drop_index(
        op.f("ix_relayed_messages_penpal_pair_id_created_at"), table_name="relayed_messages"
    )
    op.drop_index(op.f("ix_relayed_messages_guild_id_created_at"), table_name="relayed_messages")

    op.drop_table("relayed_messages")
    op.drop_index(op.f("ix_penpal_reports_guild_id"), table_name="penpal_reports")

    op.drop_table("penpal_reports")
    op.drop_index(op.f("ix_penpal_pairs_guild_id_started_at"), table_name="penpal_pairs")

    op.drop_table("penpal_pairs")
    op.drop_index(op.f("ix_questions_guild_id_created_at"), table_name="questions")
    op.drop_index(op.f("ix_questions_bridge_id_created_at"), table_name="questions")

    op.drop_table("questions")
    op.drop_index(op.f("ix_penpal_proposals_zh_profile_id"), table_name="penpal_proposals")
    op.drop_index(op.f("ix_penpal_proposals_status_expires_at"), table_name="penpal_proposals")
    op.drop_index(op.f("ix_penpal_proposals_en_profile_id"), table_name="penpal_proposals")

    op.drop_table("penpal_proposals")
    op.drop_table("bridge_channels")
    op.drop_table("posted_digests")
    op.drop_index(
        op.f("ix_penpal_profiles_guild_id_status_side_queued_since"), table_name="penpal_profiles"
    )

    op.drop_table("penpal_profiles")
    op.drop_index(op.f("ix_penpal_blocks_blocked_id"), table_name="penpal_blocks")

    op.drop_table("penpal_blocks")
    op.drop_table("members")
    op.drop_table("glossary_terms")
    op.drop_table("digest_schedules")
    op.drop_index(op.f("ix_cat_tax_newcomers_guild_id_approved_at"), table_name="cat_tax_newcomers")

    op.drop_table("cat_tax_newcomers")
    op.drop_index(op.f("ix_bridges_guild_id"), table_name="bridges")

    op.drop_table("bridges")
    op.drop_table("translation_cache")
    op.drop_table("guilds")
