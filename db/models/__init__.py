"""Every table; importing this package registers them all on ``Base.metadata``."""

from db.models.authored_text import AuthoredText
from db.models.bridge import Bridge, BridgeChannel
from db.models.cat_tax import CatTaxNewcomer
from db.models.digest import DigestSchedule, PostedDigest
from db.models.glossary import GlossaryTerm
from db.models.guild import Guild
from db.models.learning import Correction, PracticeChannel, TranslationMemoryEntry
from db.models.member import Member
from db.models.penpal import PenpalBlock, PenpalPair, PenpalProfile, PenpalProposal, PenpalReport
from db.models.question import Question
from db.models.relay import RelayedMessage, RelayedMessagePart
from db.models.translation_cache import TranslationCacheEntry

__all__ = [
    "AuthoredText",
    "Bridge",
    "BridgeChannel",
    "CatTaxNewcomer",
    "Correction",
    "DigestSchedule",
    "GlossaryTerm",
    "Guild",
    "Member",
    "PenpalBlock",
    "PenpalPair",
    "PenpalProfile",
    "PenpalProposal",
    "PenpalReport",
    "PostedDigest",
    "PracticeChannel",
    "Question",
    "RelayedMessage",
    "RelayedMessagePart",
    "TranslationCacheEntry",
    "TranslationMemoryEntry",
]
