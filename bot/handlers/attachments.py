"""A reply's chart and file, sent after its text through the outbox: uploads are slow and fail more often than
text, so the request answers at once and the outbox retries the upload; a file that finally fails is told to the
user ("on_failure"). The first attempt runs right away in the background, later ones on the deliverer's interval."""
from __future__ import annotations

import base64
from pathlib import Path
from typing import Mapping

from bot import texts
from bot.clock import utcnow
from bot.handlers.common import in_background
from bot.notifier import outbox
from bot.notifier.channels import Channel
from bot.notifier.runner import make_deliverer
from bot.services import Services
from bot.types import Reply


def attachment_messages(reply: Reply, channel: str, target: str, key: str, image: bool = True,
                        notice: tuple[str, str] | None = None) -> list[outbox.OutMessage]:
    """The outbox rows for `reply`'s image (unless the reply already carried it) and file, keyed by the message.
    `notice` is the (channel, target) told when the file cannot be sent; by default the file's own."""
    messages = []
    if image and reply.image is not None:
        png = base64.b64encode(reply.image.png).decode()
        messages.append(outbox.OutMessage(channel, target, {"text": "", "image_png_b64": png}, f"{key}:image"))
    if reply.file_path:
        told_channel, told_target = notice or (channel, target)
        payload = {"text": "", "file": {"path": reply.file_path, "name": Path(reply.file_path).name},
                   "on_failure": {"channel": told_channel, "target": told_target, "text": texts.FILE_FAILED}}
        messages.append(outbox.OutMessage(channel, target, payload, f"{key}:file"))
    return messages


def send_attachments(services: Services, channels: Mapping[str, Channel], messages: list[outbox.OutMessage]) -> None:
    """Queue the rows in one transaction and make the first attempt now, off the request thread."""
    if not messages:
        return
    with services.db.session() as s:
        outbox.enqueue(s, messages, utcnow())
    deliverer = make_deliverer(services, channels)
    in_background(deliverer.deliver_due)
