"""Where a DingTalk reply goes, in order: a card with buttons (an instance of the card template), the message's
sessionWebhook while it is valid, the robot OpenAPI (single or group chat), and only then the HTTP response body. Stream mode has no body to
answer with: what nothing carried is queued in the outbox (retried there) and logged, never dropped silently."""
from __future__ import annotations

import logging
from dataclasses import replace

from bot import texts
from bot.clock import utcnow
from bot.handlers.attachments import attachment_messages, send_attachments
from bot.handlers.common import push
from bot.handlers.dingtalk_cards import card_payload
from bot.notifier import outbox
from bot.notifier.channels import Channel
from bot.notifier.dingtalk_send import webhook_bodies
from bot.reports.rendering import WORKBOOK
from bot.services import Services
from bot.types import Reply

log = logging.getLogger("bot.handlers")
GROUP = "2"


def is_group(data: dict) -> bool:
    return str(data.get("conversationType", "")) == GROUP


def session_webhook(data: dict, services: Services) -> str | None:
    """The message's sessionWebhook if it is DingTalk's and not past sessionWebhookExpiredTime (ms)."""
    webhook = str(data.get("sessionWebhook") or "")
    oapi = services.settings.get("DINGTALK_OAPI_BASE", "https://oapi.dingtalk.com").rstrip("/") + "/"
    if not webhook.startswith(oapi):
        return None
    expires = data.get("sessionWebhookExpiredTime")
    if isinstance(expires, int) and not isinstance(expires, bool) and expires <= utcnow().timestamp() * 1000:
        log.info("dingtalk: sessionWebhook of %s expired; replying through the robot OpenAPI", data.get("msgId"))
        return None
    return webhook


def openapi_route(data: dict) -> tuple[str, str]:
    """(channel, target) of the robot OpenAPI for the message's conversation."""
    if is_group(data):
        return "dingtalk_group", str(data.get("conversationId") or "")
    return "dingtalk_user", str(data["senderStaffId"])


def card_target(data: dict) -> str:
    return f"group:{data.get('conversationId')}" if is_group(data) else f"user:{data['senderStaffId']}"


def text_payload(data: dict, reply: Reply) -> dict:
    payload: dict = {"text": reply.text}
    if is_group(data):
        payload["at_user_ids"] = [str(data["senderStaffId"])]
    return payload


def deliver(data: dict, reply: Reply, services: Services, channels: dict[str, Channel]) -> dict | None:
    """Send the reply, then its chart and file through the outbox (robot OpenAPI: sessionWebhooks carry neither);
    returns the webhook body when no channel took the text (the caller answers with it or queues it)."""
    name, target = openapi_route(data)
    if reply.attachment is not None and not reply.duplicate and name not in channels:
        note = texts.FILE_NO_CHANNEL if reply.attachment.kind == WORKBOOK else texts.CHART_NO_CHANNEL
        reply = replace(reply, text=f"{reply.text}\n{note}")
    body = deliver_text(data, reply, services, channels)
    if name in channels:
        send_attachments(services, channels, attachment_messages(reply, name, target, f"reply:dingtalk:{data['msgId']}"))
    return body


def deliver_text(data: dict, reply: Reply, services: Services, channels: dict[str, Channel]) -> dict | None:
    """Buttons only when a card template is configured (the dingtalk_card channel exists): only a card instance
    delivered with Stream callbacks sends its clicks back; without one the text already says what to type."""
    buttons = reply.card_id and reply.actions and "dingtalk_card" in channels
    if buttons and push(channels, "dingtalk_card", card_target(data), card_payload(reply)):
        return None
    payload = text_payload(data, reply)
    webhook = session_webhook(data, services)
    if webhook and push(channels, "dingtalk_session", webhook, payload):
        return None
    if not data.get("sessionWebhook"):  # DingTalk always sends one; without it the sender is a tool (selfcheck)
        return webhook_bodies(payload)[0]
    if push(channels, *openapi_route(data), payload):
        return None
    return webhook_bodies(payload)[0]


def queue_undelivered(data: dict, reply: Reply, services: Services, channels: dict[str, Channel]) -> None:
    """Stream mode: a reply nothing could carry now goes to the outbox (the deliverer retries it), with a log line."""
    name, target = openapi_route(data)
    if name not in channels:
        log.error("dingtalk: reply to %s lost: no session webhook and no robot OpenAPI configured (%s): %s",
                  data.get("msgId"), name, reply.text[:80])
        return
    message = outbox.OutMessage(name, target, text_payload(data, reply), f"reply:dingtalk:{data.get('msgId')}")
    with services.db.session() as s:
        outbox.enqueue(s, [message], utcnow())
    log.warning("dingtalk: reply to %s queued in the outbox after every direct send failed", data.get("msgId"))
