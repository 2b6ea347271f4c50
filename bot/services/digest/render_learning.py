"""The digest's "learning this week": corrections learners found helpful, improved translations.

What members wrote is quoted as written (escaped, Chinese in the guild's script); the labels
are in both languages. Each item is one block, so a long week splits between items.
"""

from __future__ import annotations

from bot.i18n.messages.digest_text import DigestText
from bot.services.digest.highlights import (
    CorrectionHighlight,
    ImprovementHighlight,
    LearningHighlights,
)
from bot.services.digest.view import ANSWER_EXCERPT, FLAGS, DigestView, excerpt
from bot.services.discord_text import inline_text
from db.enums import Side

NOTE_EXCERPT = 160


def learning_blocks(view: DigestView, learning: LearningHighlights) -> list[str]:
    """The section's blocks; none in a week without helpful corrections or improvements."""
    if learning.is_empty:
        return []
    section = f"### 🌱 {view.both(DigestText.LEARNING)}"
    blocks: list[str] = []
    for number, correction in enumerate(learning.corrections):
        block = _correction(view, correction)
        if number == 0:
            block = f"**✏️ {view.both(DigestText.HELPFUL_CORRECTIONS)}**\n{block}"
        blocks.append(block)
    more = view.more(
        DigestText.MORE_CORRECTIONS, learning.corrections_total - len(learning.corrections)
    )
    if more and blocks:
        blocks[-1] += "\n" + "\n".join(more)
    for number, improvement in enumerate(learning.improvements):
        block = _improvement(view, improvement)
        if number == 0:
            heading = f"**🛠️ {view.both(DigestText.IMPROVED_TRANSLATIONS)}**"
            block = f"{heading}\n-# {view.both(DigestText.MACHINE_VS_IMPROVED)}\n{block}"
        blocks.append(block)
    more = view.more(
        DigestText.MORE_IMPROVEMENTS, learning.improvements_total - len(learning.improvements)
    )
    if more and learning.improvements:
        blocks[-1] += "\n" + "\n".join(more)
    blocks[0] = f"{section}\n{blocks[0]}"
    return blocks


def _text(view: DigestView, text: str, language: Side, limit: int = ANSWER_EXCERPT) -> str:
    """A member's words on one line: shortened, in the guild's script, markup escaped."""
    shown = excerpt(text, limit)
    return inline_text(view.chinese(shown) if language is Side.ZH else shown)


def _correction(view: DigestView, correction: CorrectionHighlight) -> str:
    language = correction.language
    lines = [
        f"> {FLAGS[language]} {_text(view, correction.original, language)}",
        f"> ✏️ {_text(view, correction.corrected, language)}",
    ]
    if correction.note and correction.note.strip():
        # The note as its author wrote it (either language): shown, never translated here.
        lines.append(f"> 💬 {inline_text(view.chinese(excerpt(correction.note, NOTE_EXCERPT)))}")
    link = f" [↗](<{correction.card_url}>)" if correction.card_url else ""
    people = f"{view.user(correction.learner_id)} 🙏 {view.user(correction.corrector_id)}"
    lines.append(f"{people} · 👍 {correction.helpful_count}{link}")
    return "\n".join(lines)


def _improvement(view: DigestView, improvement: ImprovementHighlight) -> str:
    source, target = improvement.source_side, improvement.source_side.other
    return "\n".join(
        [
            f"> {FLAGS[source]} {_text(view, improvement.source, source)}",
            f"> 🤖 ~~{_text(view, improvement.machine, target)}~~",
            f"> ✨ {_text(view, improvement.human, target)}",
            f"🛠️ {view.user(improvement.editor_id)}",
        ]
    )
