"""Fill a gap in SimCord 3.2.1: webhook execute/edit/delete ignore the ``thread_id`` query.

Discord posts ``POST /webhooks/{id}/{token}?thread_id=T`` into thread T (and edits/deletes
messages there). SimCord drops the parameter and uses the webhook's parent channel, so
relayed replies would land in the wrong place. This shim routes those three calls to the
thread, reusing SimCord's own helpers; everything else (payload validation, gateway events)
stays SimCord's. Remove it once SimCord handles ``thread_id`` itself.

Used by ``yiqi demo`` (so the demo's relayed replies show up in their threads) and by the
SimCord scenario tests (``tests/discord/conftest.py``). It lives in production code for the
demo's sake, so it patches with plain save/restore instead of pytest's ``MonkeyPatch``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from simcord.backend import errors
from simcord.http import router
from simcord.http._helpers import bot_message, message_response
from simcord.http.routes import interactions as webhook_routes

_EXECUTE_TEMPLATE = ["webhooks", "{webhook_id}", "{token}"]


def _thread_id(ctx: Any) -> int | None:
    value = (ctx.params or {}).get("thread_id")
    return int(value) if value is not None else None


def _execute_in_thread(original: Any) -> Any:
    def execute(ctx: Any) -> Any:
        thread_id = _thread_id(ctx)
        if thread_id is None or ctx.args["token"] in ctx.backend.interaction_tokens:
            return original(ctx)
        webhook = webhook_routes._incoming_webhook(ctx)
        body, _ = webhook_routes._incoming_webhook_body(ctx)
        message = bot_message(
            ctx,
            thread_id,
            author_id=webhook.webhook_user_id,
            webhook_id=webhook.id,
            body=body,
            webhook_execute=True,
        )
        return message_response(ctx, message, exempt_root=True)

    return execute


def _message_in_thread(original: Any) -> Any:
    def incoming_message(ctx: Any) -> Any:
        thread_id = _thread_id(ctx)
        if thread_id is None:
            return original(ctx)
        webhook = webhook_routes._incoming_webhook(ctx)
        message = ctx.backend.get_message(thread_id, ctx.int_arg("message_id"))
        if message.webhook_id != webhook.id:
            raise errors.unknown_message()
        return message

    return incoming_message


@contextmanager
def webhook_threads() -> Iterator[None]:
    """Route webhook execute/edit/delete with ``thread_id`` into the thread, while active."""
    routes = router._ROUTES["POST"]
    index = next(i for i, (template, _) in enumerate(routes) if template == _EXECUTE_TEMPLATE)
    template, original = routes[index]
    original_message = webhook_routes._incoming_message
    routes[index] = (template, _execute_in_thread(original))
    webhook_routes._incoming_message = _message_in_thread(original_message)
    try:
        yield
    finally:
        webhook_routes._incoming_message = original_message
        routes[index] = (template, original)
