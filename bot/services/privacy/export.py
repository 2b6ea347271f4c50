"""Rows → plain JSON values for ``/privacy export`` (ISO timestamps, ids as strings).

Snowflakes are written as strings: they exceed the 53-bit integers JavaScript (and many JSON
viewers) read exactly.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from db.models import (
    CatTaxNewcomer,
    Correction,
    GlossaryTerm,
    Member,
    PenpalBlock,
    PenpalPair,
    PenpalProfile,
    PenpalProposal,
    PenpalReport,
    Question,
    RelayedMessage,
    TranslationCacheEntry,
    TranslationMemoryEntry,
)

ABOUT = (
    "Everything Yiqi stores about you on this server: your settings, the questions you asked, "
    "the messages of yours it relayed (with their translations), your pen-pal records, what "
    "else carries your id, and the fingerprints (sha256) of the texts you wrote, by which "
    "their cached translations are found and deleted. "
    "Use /privacy forget to delete your content and the copies Yiqi posted of it."
)

JsonObject = dict[str, Any]


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def snowflake(value: int | None) -> str | None:
    return str(value) if value is not None else None


def _value(value: Enum | None) -> str | None:
    return str(value.value) if value is not None else None


def member_settings(member: Member, *, digest_opt_out: bool) -> JsonObject:
    return {
        "side": _value(member.side),
        "script": _value(member.script),
        "discord_locale": member.locale,
        "digest_opt_out": member.digest_opt_out,
        "digest_opt_out_effective": digest_opt_out,
        "digest_choice_at": iso(member.digest_choice_at),
        "penpal_contact_consent_at": iso(member.penpal_contact_consent_at),
        "improvements_consent_at": iso(member.improvements_consent_at),
        "adult_confirmed_at": iso(member.adult_confirmed_at),
        "pinyin_in_translate": member.pinyin_in_translate,
        "created_at": iso(member.created_at),
        "updated_at": iso(member.updated_at),
    }


def question(row: Question) -> JsonObject:
    return {
        "id": row.id,
        "side": _value(row.origin_side),
        "title": row.title,
        "body": row.body,
        "english_version": row.pivot_text_en,
        "created_at": iso(row.created_at),
        "answered": row.is_answered,
        "answered_at": iso(row.answered_at),
        "origin_thread_id": snowflake(row.origin_thread_id),
        "mirror_thread_id": snowflake(row.mirror_thread_id),
    }


def relayed_message(row: RelayedMessage) -> JsonObject:
    return {
        "id": row.id,
        "question_id": row.question_id,
        "penpal_pair_id": row.penpal_pair_id,
        "side": _value(row.origin_side),
        "shown_as": row.author_name,
        "avatar_url": row.author_avatar_url,
        "original": row.original_text,
        "translation": row.translated_text,
        "low_confidence": row.low_confidence,
        "status": _value(row.status),
        "created_at": iso(row.created_at),
        "edited": row.is_edited,
        "deleted": row.is_deleted,
        "origin_message_id": snowflake(row.origin_message_id),
        "mirror_message_id": snowflake(row.mirror_message_id),
        "mirror_part_ids": [str(part) for part in row.continuation_ids],
        "replies_to_message_id": snowflake(row.reply_to_message_id),
        "attachment_urls": list(row.attachment_urls),
    }


def penpal_profile(row: PenpalProfile) -> JsonObject:
    return {
        "side": _value(row.side),
        "level": _value(row.level),
        "interests": list(row.interests),
        "timezone": row.timezone,
        "intro": row.intro,
        "status": _value(row.status),
        "queued_since": iso(row.queued_since),
        "created_at": iso(row.created_at),
    }


def penpal_pair(row: PenpalPair, user_id: int) -> JsonObject:
    partner = row.zh_user_id if row.en_user_id == user_id else row.en_user_id
    return {
        "id": row.id,
        "partner_id": snowflake(partner),
        "started_at": iso(row.started_at),
        "ended_at": iso(row.ended_at),
        "ended_by_you": row.ended_by_id == user_id if row.ended_by_id is not None else None,
    }


def penpal_proposal(row: PenpalProposal, profile_id: int) -> JsonObject:
    mine = row.en_profile_id == profile_id
    return {
        "id": row.id,
        "status": _value(row.status),
        "you_accepted": row.en_accepted if mine else row.zh_accepted,
        "expires_at": iso(row.expires_at),
        "created_at": iso(row.created_at),
    }


def cached_translation(row: TranslationCacheEntry) -> JsonObject:
    return {
        "source_fingerprint": row.text_hash,
        "from": row.source,
        "to": row.target,
        "translation": row.translation,
        "model_version": row.model_version,
    }


def glossary_term(row: GlossaryTerm) -> JsonObject:
    return {"english": row.en_term, "chinese": row.zh_term, "created_at": iso(row.created_at)}


def penpal_block(row: PenpalBlock) -> JsonObject:
    return {"blocked_id": snowflake(row.blocked_id), "created_at": iso(row.created_at)}


def penpal_report(row: PenpalReport) -> JsonObject:
    return {
        "reported_id": snowflake(row.reported_id),
        "pair_id": row.pair_id,
        "reason": row.reason,
        "created_at": iso(row.created_at),
    }


def cat_tax(row: CatTaxNewcomer) -> JsonObject:
    return {
        "message_id": snowflake(row.message_id),
        "approved_at": iso(row.approved_at),
        "created_at": iso(row.created_at),
    }


def correction(row: Correction) -> JsonObject:
    return {
        "id": row.id,
        "message_id": snowflake(row.message_id),
        "learner_id": snowflake(row.learner_id),
        "corrector_id": snowflake(row.corrector_id),
        "language": _value(row.language),
        "original": row.original_text,
        "corrected": row.corrected_text,
        "note": row.note,
        "card_message_id": snowflake(row.card_message_id),
        "helpful_at": iso(row.helpful_at),
        "helpful_count": row.helpful_count,
        "created_at": iso(row.created_at),
    }


def memory_entry(row: TranslationMemoryEntry, user_id: int) -> JsonObject:
    """A translation improvement the member made, or one of a text they wrote."""
    return {
        "id": row.id,
        "role": "editor" if row.editor_id == user_id else "source author",
        "direction": f"{row.source_side.value}→{row.target_side.value}",
        "source": row.source_text,
        "source_fingerprint": row.source_hash,
        "glossary_fingerprint": row.glossary_key,
        "machine_translation": row.machine_text,
        "improvement": row.human_text,
        "editor_name": row.editor_name,
        "created_at": iso(row.created_at),
        "reverted_at": iso(row.reverted_at),
    }
