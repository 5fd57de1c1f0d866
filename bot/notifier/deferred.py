"""The outbox side of slow work: a row's "render" (an Attachment as JSON) becomes the chart or the file it promised,
just before the channel sends it. Rendering reads the database in its own short session; the send holds none."""
from __future__ import annotations

import base64

from bot.notifier.transport import PermanentSendError
from bot.reports.rendering import CannotRender, render
from bot.settings import Settings
from bot.storage.db import Database
from bot.types import Attachment

RENDER = "render"


def render_payload(attachment: Attachment) -> dict:
    """An outbox payload that renders `attachment` when sent (its text empty: the request answered already)."""
    return {"text": "", RENDER: {"kind": attachment.kind, "params": attachment.params}}


def prepared(db: Database, settings: Settings, row_id: int, payload: dict) -> dict:
    """`payload` with its "render" replaced by the result: image_png_b64 (and alt) or file {path, name}. A retry
    of the same row writes the same file name, so retries leave one workbook behind, not one per attempt."""
    spec = payload.get(RENDER)
    if not isinstance(spec, dict) or not isinstance(spec.get("params"), dict):
        raise PermanentSendError("unreadable render spec")
    try:
        with db.session() as session:
            done = render(session, Attachment(str(spec.get("kind")), spec["params"]),
                          settings.instance_path / "exports", f"row{row_id}")
    except CannotRender as exc:
        raise PermanentSendError(str(exc)) from None
    out = {k: v for k, v in payload.items() if k != RENDER}
    if done.image is not None:
        out["image_png_b64"] = base64.b64encode(done.image.png).decode()
        out["alt"] = done.image.alt
    if done.file_path is not None:
        out["file"] = {"path": str(done.file_path), "name": done.file_path.name}
    return out
