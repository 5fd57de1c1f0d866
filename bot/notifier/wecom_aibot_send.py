"""The 智能机器人's two ways to send after the request: finishing a stream the reply left open (a chart drawn later
goes in its msg_item) and pushing over the long connection.

- HTTP callback mode: WeCom polls an unfinished stream with refresh callbacks (msgtype "stream"); the finished
  stream is written to a folder the callback handler reads (StreamStore), so the deliverer and the web process
  must share that folder, like exports.
- Long connection: the stream process owns the WebSocket; its deliverer sends rows of the "wecom_aibot" channel as
  frames: the finished stream under the original callback's req_id (aibot_respond_msg), any other push as
  aibot_send_msg {chatid, msgtype markdown} (the SDK's send_message takes markdown or template_card only)."""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
import uuid
from pathlib import Path
from typing import Callable

from bot.notifier.transport import PermanentSendError, RetryableSendError, split_utf8

log = logging.getLogger(__name__)
STREAM_LIMIT_BYTES = 20480
PUSH_LIMIT_BYTES = 4096  # aibot_send_msg Markdown: the group robot's limit, the smallest documented for Markdown
STREAM_ID = re.compile(r"^[0-9a-f]{32}$")
PERMANENT_ERRORS = {846608, 846605, 40008}  # stream past 6 min, bad req_id, message type refused


def image_item(png: bytes) -> dict:
    return {"msgtype": "image", "image": {"base64": base64.b64encode(png).decode(), "md5": hashlib.md5(png).hexdigest()}}


def new_stream_id() -> str:
    return uuid.uuid4().hex


def finished_stream(stream_id: str, shown: str, payload: dict) -> dict:
    """A stream body that ends with what it showed, the payload's text under it (a failure notice; empty when the
    chart came) and the chart (msg_item images only come with finish)."""
    added = payload.get("markdown") or payload.get("text", "")
    content = f"{shown}\n{added}" if added else shown
    stream = {"id": stream_id, "finish": True, "content": content.encode()[:STREAM_LIMIT_BYTES].decode(errors="ignore")}
    if payload.get("image_png_b64"):
        stream["msg_item"] = [image_item(base64.b64decode(payload["image_png_b64"]))]
    return {"msgtype": "stream", "stream": stream}


class StreamStore:
    """Open streams of the HTTP callback: what they show while the chart is drawn, and their end once sent."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, stream_id: str, state: str) -> Path:
        if not STREAM_ID.match(stream_id):
            raise PermanentSendError(f"not a stream id we made: {stream_id[:40]!r}")
        return self.folder / f"{stream_id}.{state}.json"

    def open(self, stream_id: str, content: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._path(stream_id, "open").write_text(json.dumps({"content": content}, ensure_ascii=False), "utf-8")

    def finish(self, stream_id: str, body: dict) -> None:
        path = self._path(stream_id, "done")
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(body, ensure_ascii=False), "utf-8")
        temporary.replace(path)  # a refresh reads the whole body or none of it

    def shown(self, stream_id: str) -> str:
        opened = self._path(stream_id, "open")
        return json.loads(opened.read_text("utf-8"))["content"] if opened.exists() else ""

    def refresh(self, stream_id: str) -> dict | None:
        """The answer to a refresh callback: the finished body (once), the open one again, or None (not ours)."""
        if not STREAM_ID.match(stream_id):
            return None
        done, opened = self._path(stream_id, "done"), self._path(stream_id, "open")
        if done.exists():
            body = json.loads(done.read_text("utf-8"))
            done.unlink(missing_ok=True)
            opened.unlink(missing_ok=True)
            return body
        if opened.exists():
            return {"msgtype": "stream", "stream": {"id": stream_id, "finish": False, "content": self.shown(stream_id)}}
        return None


class WeComAiBotStreamChannel:
    """HTTP callback mode: target is the open stream's id; sending writes the finished stream for the next refresh."""

    name = "wecom_aibot_stream"

    def __init__(self, store: StreamStore):
        self.store = store

    def send(self, target: str, payload: dict) -> None:
        self.store.finish(target, finished_stream(target, self.store.shown(target), payload))


class WeComAiBotPushChannel:
    """Long connection: `send_frame(frame)` sends on the live WebSocket and returns WeCom's ack (it raises
    RetryableSendError while there is no connection). Target is a userid (single chat) or a group's chatid."""

    name = "wecom_aibot"

    def __init__(self, send_frame: Callable[[dict], dict]):
        self.send_frame = send_frame

    def send(self, target: str, payload: dict) -> None:
        if payload.get("file"):
            raise PermanentSendError("the 智能机器人 cannot carry a file")
        stream = payload.get("stream")
        if isinstance(stream, dict):
            self._call("aibot_respond_msg", str(stream.get("req_id")),
                       finished_stream(str(stream.get("id")), str(stream.get("content", "")), payload))
            return
        if payload.get("image_png_b64"):
            log.info("wecom aibot: a push to %s carries a chart; aibot_send_msg takes Markdown only, text sent", target)
        for part in split_utf8(payload.get("markdown") or payload.get("text", ""), PUSH_LIMIT_BYTES):
            self._call("aibot_send_msg", f"aibot_send_msg_{uuid.uuid4().hex[:16]}",
                       {"chatid": target, "msgtype": "markdown", "markdown": {"content": part}})

    def _call(self, cmd: str, req_id: str, body: dict) -> None:
        ack = self.send_frame({"cmd": cmd, "headers": {"req_id": req_id}, "body": body})
        code = ack.get("errcode", 0)
        if code == 0:
            return
        message = f"{cmd}: errcode {code} {ack.get('errmsg', '')}".strip()
        raise (PermanentSendError if code in PERMANENT_ERRORS else RetryableSendError)(message)
