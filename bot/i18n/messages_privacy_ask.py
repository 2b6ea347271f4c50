"""``/privacy forget`` strings about the posts ``/ask`` made as the member."""

from __future__ import annotations

from typing import Final

from bot.i18n.context import N_


class ForgetAsked:
    # Translators: {removed} is a number of messages Yiqi posted for the member with /ask.
    ASK_POSTS_REMOVED: Final = N_("Questions Yiqi posted for you with /ask, removed: {removed}.")
