"""The demo's correction scene: Emily corrects 小红's English; the card shows on both sides."""

from __future__ import annotations

import discord
import simcord

from demo.render import WIDTH, render_messages, wrap
from demo.world import DemoWorld, visible_reply

PRACTICE_SENTENCE = "I has see a panda in Chengdu zoo two time!"
CORRECTED_SENTENCE = "I have seen a panda at the Chengdu zoo twice!"
CORRECTION_NOTE = "“Have seen” for an experience; “twice” means two times."


def _since(
    thread: simcord.ChannelHandle, message_id: int, viewer: simcord.MemberActor
) -> list[discord.Message]:
    """The thread from ``message_id`` on, without private answers (only their asker sees
    those; the scene tells them in words)."""
    return [
        m for m in thread.history(viewer=viewer) if m.id >= message_id and not m.flags.ephemeral
    ]


async def play_corrections(world: DemoWorld) -> list[str]:
    """小红 practises English in the panda thread and welcomes corrections; Emily corrects
    the mirror she reads. Returns the scene as each side sees it."""
    w = world
    await w.xiaohong.slash(w.chinese, "learning corrections", setting="on")
    chinese_thread = w.chinese.threads[0]  # the panda question's mirror thread
    english_thread = w.english.threads[0]  # its origin thread
    written = await w.xiaohong.send(chinese_thread, PRACTICE_SENTENCE)
    mirror = next(m for m in reversed(english_thread.history()) if m.webhook_id is not None)
    shown = await w.emily.context_menu(english_thread, "Correct", mirror)
    answer = "(no modal)"
    if shown.modal is not None:
        done = await w.emily.submit_modal(
            shown, {"corrected": CORRECTED_SENTENCE, "note": CORRECTION_NOTE}
        )
        answer = visible_reply(done)
    # 小红 thanks Emily with a reaction on the card as she sees it: the card says so on both
    # sides, and the weekly digest may show it.
    card = next(
        (m for m in reversed(chinese_thread.history()) if m.id > written.id and m.webhook_id),
        None,
    )
    if card is not None:
        await w.xiaohong.react(card, "🙏")
    intro = (
        "Learning together: 小红 turned corrections on (/learning corrections on) and practised "
        "English in the panda thread. Emily used Apps → Correct on it; Yiqi answered her "
        f"privately: “{answer}” 小红 thanked her with 🙏 on the card."
    )
    return [
        "\n".join(wrap(intro, WIDTH)) + "\n",
        render_messages(
            "A correction card, English side (as Emily sees it)",
            _since(english_thread, mirror.id, w.emily),
        ),
        render_messages(
            "The same card, Chinese side (as 小红 sees it)",
            _since(chinese_thread, written.id, w.xiaohong),
        ),
    ]
