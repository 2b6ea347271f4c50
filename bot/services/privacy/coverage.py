"""Per text column of the schema: what ``/privacy forget`` and ``/privacy export`` do with it.

Every String, Text and JSON column of every table is listed here (a test fails on a new one
that is not): forgotten (its rows deleted or its text blanked for the member), kept (and
why: safety, or it belongs to the server), or not personal (and why). ``exported`` says
whether the member's export carries it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Forget(StrEnum):
    FORGOTTEN = "forgotten"
    KEPT = "kept"
    NOT_PERSONAL = "not personal"


@dataclass(frozen=True)
class Coverage:
    forget: Forget
    exported: bool
    why: str = ""


_OWN = Coverage(Forget.FORGOTTEN, exported=True)
_BOOKKEEPING = Coverage(
    Forget.FORGOTTEN, exported=False, why="delivery bookkeeping, deleted with the row"
)
_SERVER = "the server's configuration, set by its admins"

COVERAGE: dict[tuple[str, str], Coverage] = {
    ("guilds", "ui_locale"): Coverage(Forget.NOT_PERSONAL, False, _SERVER),
    ("guilds", "glossary_hidden_defaults"): Coverage(Forget.NOT_PERSONAL, False, _SERVER),
    ("digest_schedules", "timezone"): Coverage(Forget.NOT_PERSONAL, False, _SERVER),
    ("glossary_terms", "en_term"): Coverage(
        Forget.KEPT, True, "the server's shared vocabulary; exported if the member added it"
    ),
    ("glossary_terms", "zh_term"): Coverage(
        Forget.KEPT, True, "the server's shared vocabulary; exported if the member added it"
    ),
    ("members", "locale"): _OWN,
    ("penpal_profiles", "interests"): _OWN,
    ("penpal_profiles", "timezone"): _OWN,
    ("penpal_profiles", "intro"): _OWN,
    ("questions", "title"): _OWN,  # blanked: the row keeps other members' replies together
    ("questions", "body"): _OWN,
    ("questions", "pivot_text_en"): _OWN,
    ("relayed_messages", "author_name"): _OWN,
    ("relayed_messages", "author_avatar_url"): _OWN,
    ("relayed_messages", "original_text"): _OWN,
    ("relayed_messages", "translated_text"): _OWN,
    ("relayed_messages", "attachment_urls"): _OWN,
    ("relayed_messages", "last_error"): _BOOKKEEPING,
    ("relayed_messages", "fault"): _BOOKKEEPING,
    ("relayed_messages", "lease_owner"): _BOOKKEEPING,
    ("relayed_messages", "attempt_digest"): _BOOKKEEPING,
    ("relayed_messages", "improved_by"): _OWN,  # cleared, and the mirror re-rendered
    ("authored_texts", "text_hash"): _OWN,
    # Learning together: a correction belongs to both its learner and its corrector; either's
    # forget deletes it and its card (and the card's mirror).
    ("corrections", "original_text"): _OWN,
    ("corrections", "corrected_text"): _OWN,
    ("corrections", "note"): _OWN,
    # A post-edit belongs to its editor and quotes its source's author; either's forget deletes it.
    ("translation_memory", "source_hash"): _OWN,
    ("translation_memory", "source_text"): _OWN,
    ("translation_memory", "glossary_key"): Coverage(
        Forget.FORGOTTEN, True, "a fingerprint of the glossary, deleted with the row"
    ),
    ("translation_memory", "machine_text"): _OWN,
    ("translation_memory", "human_text"): _OWN,
    ("translation_memory", "editor_name"): _OWN,
    # Rows of the member's texts, found by the fingerprints above.
    ("translation_cache", "text_hash"): _OWN,
    ("translation_cache", "translation"): _OWN,
    ("translation_cache", "source"): Coverage(Forget.FORGOTTEN, True, "a language code"),
    ("translation_cache", "target"): Coverage(Forget.FORGOTTEN, True, "a language code"),
    ("translation_cache", "model_version"): Coverage(Forget.FORGOTTEN, True, "a model's name"),
    ("penpal_reports", "reason"): Coverage(
        Forget.KEPT, True, "a moderation record, kept for safety; exported to its reporter"
    ),
    ("penpal_reports", "transcript"): Coverage(
        Forget.KEPT, False, "a moderation record, kept for safety; it holds both partners' words"
    ),
    ("posted_digests", "week"): Coverage(Forget.NOT_PERSONAL, False, "an ISO week"),
    ("posted_digests", "claimed_by"): Coverage(Forget.NOT_PERSONAL, False, "a bot process"),
    ("posted_digests", "skip_reason"): Coverage(Forget.NOT_PERSONAL, False, "why Yiqi skipped"),
    ("posted_digests", "message_ids"): Coverage(
        Forget.NOT_PERSONAL, False, "the digest's own messages (posted, not removable)"
    ),
}
