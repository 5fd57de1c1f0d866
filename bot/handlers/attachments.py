"""A reply's slow part (a chart to draw, the /导出 workbook to write), sent after its text through the outbox: the
request answers at once, and the deliverer renders, uploads and sends, retrying on failure; the user is told when
it finally fails ("on_failure"). The first attempt runs right away in the background, later ones on the deliverer's
interval. The terminal chat and replay run the same row in-process (render_here)."""
from __future__ import annotations

import base64
from dataclasses import replace
from typing import Mapping

from bot import texts
from bot.clock import utcnow
from bot.handlers.common import in_background
from bot.notifier import outbox
from bot.notifier.channels import Channel, ConsoleChannel
from bot.notifier.deferred import render_payload
from bot.notifier.runner import make_deliverer
from bot.reports.rendering import WORKBOOK
from bot.services import Services
from bot.types import Image, Reply


def attachment_messages(reply: Reply, channel: str, target: str, key: str, notice: tuple[str, str] | None = None,
                        extra: dict | None = None) -> list[outbox.OutMessage]:
    """The outbox row that renders and sends `reply`'s attachment, keyed by the message. `notice` is the
    (channel, target) told when it finally fails, by default the row's own; `extra` goes into the row and its
    notice alike (the open stream both finish)."""
    if reply.attachment is None or reply.duplicate:
        return []
    is_file = reply.attachment.kind == WORKBOOK
    told_channel, told_target = notice or (channel, target)
    failure = {"channel": told_channel, "target": told_target,
               "text": texts.FILE_FAILED if is_file else texts.CHART_FAILED}
    if extra:
        failure["with"] = extra
    payload = {**render_payload(reply.attachment), **(extra or {}), "on_failure": failure}
    return [outbox.OutMessage(channel, target, payload, f"{key}:{'file' if is_file else 'image'}")]


def send_attachments(services: Services, channels: Mapping[str, Channel], messages: list[outbox.OutMessage]) -> None:
    """Queue the rows in one transaction and make their first attempt now, off the request thread."""
    if not messages:
        return
    with services.db.session() as s:
        keys = outbox.enqueue(s, messages, utcnow())
    deliverer = make_deliverer(services, channels)
    in_background(lambda: deliverer.deliver_due(keys=keys))


def render_here(services: Services, reply: Reply, key: str) -> Reply:
    """The terminal chat's and replay's way: the same outbox row, delivered now on this thread to a console
    channel; the reply comes back with the rendered chart (image) or workbook (file_path)."""
    console = ConsoleChannel()
    messages = attachment_messages(reply, console.name, "chat", key)
    if not messages:
        return reply
    with services.db.session() as s:
        keys = outbox.enqueue(s, messages, utcnow())
    make_deliverer(services, {console.name: console}).deliver_due(keys=keys)
    for _target, payload in console.sent:
        if payload.get("image_png_b64"):
            reply = replace(reply, image=Image(base64.b64decode(payload["image_png_b64"]), payload.get("alt", "")))
        if payload.get("file"):
            reply = replace(reply, file_path=payload["file"]["path"])
    return reply
