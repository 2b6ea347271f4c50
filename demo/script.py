"""The scripted conversation, played through real member actions against the real bot."""

from __future__ import annotations

import simcord

from bot.app import YiqiBot
from bot.settings import Settings
from bot.translation.engine import TranslationEngine
from demo.render import WIDTH, PrivateReply, render_channel, render_private, wrap
from demo.scene_corrections import play_corrections
from demo.scene_digest import play_digest
from demo.scene_memory import play_memory
from demo.scene_penpals import play_penpals
from demo.scene_pinyin import play_pinyin
from demo.simcord_threads import webhook_threads
from demo.virtual_time import SkippingTime
from demo.world import (
    CHINESE_CHANNEL,
    ENGLISH_CHANNEL,
    DemoWorld,
    build_world,
    visible_reply,
)

PANDA_QUESTION = "Does every Chinese person own a panda?"
PANDA_ANSWER = "哈哈，当然不是！大熊猫是国宝，只有动物园里才有。"
JOBS_QUESTION = "美国人真的要打两份工才能生活吗？"
JOBS_ANSWER = "Not really. Most people have one full-time job, but rent in big cities is expensive."
CAT_TAX_QUESTION = "欢迎来到小红书！请交猫税。"
CAT_TAX_ANSWER = "Here is my cat tax 🐱"


def newest_thread(channel: simcord.ChannelHandle) -> simcord.ChannelHandle:
    """The thread most recently opened under ``channel`` (a question or its mirror)."""
    threads = channel.threads
    if not threads:
        raise RuntimeError(f"no thread in #{channel.name}: the bridge did not relay")
    return threads[-1]


async def play(world: DemoWorld) -> PrivateReply:
    """Emily and 小红 talk across the bridge; returns what only Emily saw (Translate menu)."""
    w = world
    # Emily asks in English; 小红 answers in the thread mirrored into 问问中文.
    await w.emily.send(w.english, PANDA_QUESTION)
    await w.xiaohong.send(newest_thread(w.chinese), PANDA_ANSWER)

    # 小红 asks in Chinese; Emily answers in the thread mirrored into ask-english.
    await w.xiaohong.send(w.chinese, JOBS_QUESTION)
    await w.emily.send(newest_thread(w.english), JOBS_ANSWER)

    # The cat tax: the emoji must arrive untouched.
    cat_tax = await w.xiaohong.send(w.chinese, CAT_TAX_QUESTION)
    await w.emily.send(newest_thread(w.english), CAT_TAX_ANSWER)

    # Emily peeks at the Chinese channel and uses the Translate context menu.
    result = await w.emily.context_menu(w.chinese, "Translate", cat_tax)
    return PrivateReply(
        who="Emily",
        action=f"Apps → Translate on 小红's post in #{CHINESE_CHANNEL}",
        target=CAT_TAX_QUESTION,
        reply=visible_reply(result, missing="(no answer)"),
    )


def render_world(world: DemoWorld, private: PrivateReply, directions: frozenset[str]) -> str:
    setup = world.setup_reply
    for channel in (world.english, world.chinese):
        setup = setup.replace(channel.mention, f"#{channel.name}")
    notes = [f"Server “{world.guild.name}”: Moderator ran /setup bridge → {setup}"]
    if "en_zh" not in directions:
        notes.append(
            "Note: no en→zh model is installed, so English reaches the Chinese side as written,"
            " with Yiqi's “translation unavailable” notice."
        )
    sections = [
        "\n".join(line for note in notes for line in wrap(note, WIDTH)) + "\n",
        render_channel(f"English side (#{ENGLISH_CHANNEL})", world.english, world.emily),
        render_channel(f"Chinese side (#{CHINESE_CHANNEL})", world.chinese, world.xiaohong),
        render_private(private),
    ]
    return "\n".join(sections)


async def run_demo(settings: Settings, translation: TranslationEngine | None = None) -> str:
    """Run the real bot under SimCord, play the script, return the rendered transcript.

    With ``translation=None`` the bot loads the models installed in ``settings.models_dir``.
    ``settings`` should point at a throwaway database: the demo writes bridges and messages.
    """
    # SimCord has no rate limits to wait out: the pacer runs on a clock that jumps.
    bot = YiqiBot(settings, translation=translation, time_source=SkippingTime())
    with webhook_threads():
        async with simcord.run(bot) as env:
            world = await build_world(env)
            private = await play(world)
            transcript = [render_world(world, private, bot.services.translation.directions)]
            transcript += await play_penpals(world)
            transcript += await play_corrections(world)
            transcript += await play_pinyin(world)
            transcript += await play_memory(world)
            transcript += await play_digest(world)  # last: the week's digest sums it all up
            return "\n".join(transcript)
