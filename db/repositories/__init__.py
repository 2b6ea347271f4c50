"""Repositories: add, query, flush; never commit (the calling service owns the transaction)."""

from db.repositories.bridge import BridgeRepository, ChannelAlreadyBridgedError
from db.repositories.digest import DigestRepository
from db.repositories.digest_schedule import DigestScheduleRepository
from db.repositories.guild import GuildRepository
from db.repositories.member import MemberRepository
from db.repositories.privacy import PrivacyRepository
from db.repositories.question import QuestionRepository
from db.repositories.relay import RelayRepository
from db.repositories.translation_cache import TranslationCacheRepository

__all__ = [
    "BridgeRepository",
    "ChannelAlreadyBridgedError",
    "DigestRepository",
    "DigestScheduleRepository",
    "GuildRepository",
    "MemberRepository",
    "PrivacyRepository",
    "QuestionRepository",
    "RelayRepository",
    "TranslationCacheRepository",
]
