"""Scene: a member improves a machine translation; the same words later come from memory.

小红 sees the English mirror of her own message (the model misread 追剧 and 《老友记》),
agrees that Yiqi keeps her improvement, and fixes it. The mirror now reads her version,
"improved by 小红"; when she writes the same sentence in another question's thread a week
later, the English side gets her version straight away, ahead of the model.
"""

from __future__ import annotations

import simcord

from demo.render import PrivateReply, render_private, render_thread
from demo.world import ENGLISH_CHANNEL, DemoWorld, visible_reply

TEA_QUESTION = "你们那里的人平时喝茶吗？"
TEA_ANSWER = "Yes! I drink green tea every morning."
SHOW_LINE = "我最近在追一部美剧，叫《老友记》。"
BETTER = 'I\'ve been binge-watching an American show lately: "Friends".'
WEEKEND_QUESTION = "你们周末一般做什么？"
MENU = "Improve translation"


def _thread_named(channel: simcord.ChannelHandle, start: str) -> simcord.ChannelHandle:
    return next(t for t in channel.threads if (t.name or "").startswith(start[:8]))


def _newest_mirror(world: DemoWorld) -> simcord.ChannelHandle:
    """The English thread opened last: the mirror of the question just asked in Chinese."""
    return world.english.threads[-1]


async def play_memory(world: DemoWorld) -> list[str]:
    """Play the scene; returns its rendered sections (each side as its members see it)."""
    w = world
    await w.xiaohong.send(w.chinese, TEA_QUESTION)
    tea_origin = _thread_named(w.chinese, TEA_QUESTION)
    tea_mirror = _newest_mirror(w)
    await w.emily.send(tea_mirror, TEA_ANSWER)
    await w.xiaohong.send(tea_origin, SHOW_LINE)
    machine = [m for m in tea_mirror.history() if m.webhook_id is not None][-1]
    before = machine.content

    # 小红 opens the menu on the English mirror of her message: consent first, then the modal.
    asked = await w.xiaohong.context_menu(tea_mirror, MENU, machine)
    consent = visible_reply(asked)
    if asked.response is None:
        raise RuntimeError("Improve translation did not ask for consent")
    opened = await w.xiaohong.click(asked.response.message, label="I agree")
    if opened.modal is None:
        raise RuntimeError("no modal after consent")
    [field] = [c for row in opened.modal["components"] for c in row["components"]]
    done = await w.xiaohong.submit_modal(opened, {field["custom_id"]: BETTER})

    # Later, the same sentence in another question's thread.
    await w.xiaohong.send(w.chinese, WEEKEND_QUESTION)
    weekend_origin = _thread_named(w.chinese, WEEKEND_QUESTION)
    await w.xiaohong.send(weekend_origin, SHOW_LINE)
    weekend_mirror = _newest_mirror(w)

    private = PrivateReply(
        who="小红",
        action=f"Apps → {MENU} on the English mirror of her message in #{ENGLISH_CHANNEL}",
        target=before.splitlines()[0],
        reply=f"{consent.splitlines()[0]} … [I agree] → modal → {visible_reply(done)}",
    )
    return [
        render_private(private),
        render_thread(
            f"English side (#{ENGLISH_CHANNEL}) after the improvement", tea_mirror, w.emily
        ),
        render_thread(
            f"English side (#{ENGLISH_CHANNEL}), another question, the same sentence later",
            weekend_mirror,
            w.emily,
        ),
    ]
