"""Fill two gaps in SimCord 3.2.1's webhooks: ``thread_id`` and forum ``thread_name``.

Discord posts ``POST /webhooks/{id}/{token}?thread_id=T`` into thread T (and edits/deletes
messages there). SimCord drops the parameter and uses the webhook's parent channel, so
relayed replies would land in the wrong place. On a forum channel's webhook, a body with
``thread_name`` opens a forum post: a new public thread whose starter message (same id as
the thread) is the webhook's message. SimCord rejects ``thread_name``.

This shim routes those calls, reusing SimCord's own helpers; everything else (payload
validation, gateway events) stays SimCord's. Remove it once SimCord handles both itself.

Used by ``yiqi demo`` (so the demo's relayed replies show up in their threads) and by the
SimCord scenario tests (``tests/discord/conftest.py``). It lives in the demo package, which
the runtime never imports, so it patches with plain save/restore instead of pytest's
``MonkeyPatch``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from simcord.backend import errors
from simcord.enums import ChannelType
from simcord.http import router
from simcord.http._helpers import (
    bot_message,
    commit_bot_message,
    message_response,
    prepare_bot_message,
)
from simcord.http.routes import interactions as webhook_routes

_EXECUTE_TEMPLATE = ["webhooks", "{webhook_id}", "{token}"]


def _thread_id(ctx: Any) -> int | None:
    value = (ctx.params or {}).get("thread_id")
    return int(value) if value is not None else None


def _forum_post(ctx: Any, webhook: Any, body: dict[str, Any]) -> Any:
    """Open a forum post as Discord does for a webhook execute with ``thread_name``.

    Order of gateway events as on Discord: THREAD_CREATE, then the starter's MESSAGE_CREATE
    inside the thread. The starter's id is the thread's id.
    """
    backend = ctx.backend
    name = body.pop("thread_name")
    tags = [int(tag) for tag in body.pop("applied_tags", None) or []]
    forum = backend.get_channel(webhook.channel_id)
    if forum.type != ChannelType.FORUM:
        # Discord: "Webhooks can only create threads in forum channels" (220003).
        raise errors.BackendError(400, 220003, "Webhooks can only create threads in forum channels")
    if not isinstance(name, str) or not 1 <= len(name) <= 100:
        raise errors.invalid_form_body("thread_name must be between 1 and 100 characters")
    starter, uploads = prepare_bot_message(
        ctx,
        forum.id,
        author_id=webhook.webhook_user_id,
        webhook_id=webhook.id,
        body=body,
        webhook_execute=True,
    )
    thread = backend.create_thread(
        forum.id,
        name,
        webhook.webhook_user_id,
        message_id=starter.id,
        applied_tags=tags,
        broadcast=False,  # a forum post has no "started a thread" system message
    )
    starter.channel_id = thread.id
    commit_bot_message(ctx, thread.id, (starter, uploads), broadcast=False)
    forum.last_message_id = thread.id
    backend.announce_thread_create(thread)
    backend.announce_message_create(starter)
    return message_response(ctx, starter, exempt_root=True)


def _execute_in_thread(original: Any) -> Any:
    def execute(ctx: Any) -> Any:
        thread_id = _thread_id(ctx)
        if ctx.args["token"] in ctx.backend.interaction_tokens:
            return original(ctx)
        if thread_id is None and "thread_name" not in ctx.body():
            return original(ctx)
        webhook = webhook_routes._incoming_webhook(ctx)
        body, _ = webhook_routes._incoming_webhook_body(ctx)
        if thread_id is None:
            return _forum_post(ctx, webhook, body)
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
    """While active: webhook calls with ``thread_id`` reach the thread; ``thread_name`` opens
    a forum post."""
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
