"""The WeCom 智能机器人 long connection (doc 101463): a WebSocket to openws.work.weixin.qq.com, no public URL,
no encryption. Only the frame mapping is ours; the bodies are the callback's (aibot_frames.answer).

Frames: we send aibot_subscribe {bot_id, secret} and a ping every 30 s; WeCom sends aibot_msg_callback /
aibot_event_callback {headers.req_id, body}; we answer with aibot_respond_msg, aibot_respond_welcome_msg or
aibot_respond_update_msg under the callback's req_id; an answer the connection lost goes out after reconnecting as
aibot_send_msg. Acks carry no cmd, only the
req_id and errcode. Shapes as in the official wecom-aibot-python-sdk types (that SDK is not used: it cannot reach a
plain ws:// test server, gives up after 10 reconnects and does not stop on disconnected_event)."""
from __future__ import annotations

import asyncio
import json
import logging
import random
import uuid
from dataclasses import dataclass
from typing import Mapping

import websockets
from websockets.asyncio.client import connect

from bot.handlers import aibot_frames
from bot.handlers.common import Refused
from bot.notifier.channels import Channel
from bot.services import Services

log = logging.getLogger("bot.handlers")
DEFAULT_URL = "wss://openws.work.weixin.qq.com"
ANSWER_COMMANDS = {"respond": "aibot_respond_msg", "welcome": "aibot_respond_welcome_msg",
                   "update": "aibot_respond_update_msg"}
CALLBACKS = {"aibot_msg_callback", "aibot_event_callback"}
TAKEN_OVER = "disconnected_event"
MAX_UNSENT = 100


class AuthFailed(Exception):
    """aibot_subscribe was refused: a wrong bot id or secret does not get better by retrying."""


@dataclass
class Backoff:
    """Reconnect delays: doubling from `base_s` up to `cap_s`, with jitter; reset once a connection is subscribed."""

    base_s: float = 1.0
    cap_s: float = 30.0
    attempts: int = 0

    def next_delay(self) -> float:
        self.attempts += 1
        ceiling = min(self.cap_s, self.base_s * 2 ** (self.attempts - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def reset(self) -> None:
        self.attempts = 0


def req_id(cmd: str) -> str:
    return f"{cmd}_{uuid.uuid4().hex[:16]}"


class AiBotConnection:
    """One bot's connection: subscribe, heartbeat, answer callbacks; reconnect with capped backoff until stopped or
    taken over (another connection for the same bot replaced this one: we stop rather than take it back)."""

    def __init__(self, services: Services, channels: Mapping[str, Channel], bot_id: str, secret: str,
                 url: str = DEFAULT_URL, heartbeat_s: float = 30.0, backoff: Backoff | None = None):
        self.services, self.channels, self.bot_id, self.secret, self.url = services, channels, bot_id, secret, url
        self.heartbeat_s = heartbeat_s
        self.backoff = backoff or Backoff()
        self.stopped = asyncio.Event()
        self.taken_over = False
        self.connections = 0
        self.unsent: list[tuple[str, str]] = []  # (chatid or userid, Markdown) of answers a dropped connection lost
        self._live = None  # the subscribed socket, while there is one

    async def run(self) -> None:
        while not self.stopped.is_set():
            try:
                await self._session()
            except AuthFailed as exc:
                log.error("wecom aibot: subscribe refused (%s); check WECOM_AIBOT_BOT_ID and WECOM_AIBOT_SECRET", exc)
                return
            except (OSError, websockets.WebSocketException, asyncio.TimeoutError) as exc:
                log.warning("wecom aibot: connection lost: %s", type(exc).__name__)
            if self.stopped.is_set():
                return
            delay = self.backoff.next_delay()
            log.info("wecom aibot: reconnecting in %.1f s (attempt %d)", delay, self.backoff.attempts)
            try:
                await asyncio.wait_for(self.stopped.wait(), timeout=delay)
            except asyncio.TimeoutError:
                pass

    def stop(self) -> None:
        self.stopped.set()

    async def _session(self) -> None:
        async with connect(self.url, ping_interval=None, open_timeout=10, close_timeout=2) as ws:
            self.connections += 1
            await self._subscribe(ws)
            self.backoff.reset()
            log.info("wecom aibot: subscribed as %s", self.bot_id)
            self._live = ws
            await self._push_unsent(ws)
            beat = asyncio.create_task(self._heartbeat(ws))
            closer = asyncio.create_task(self._close_when_stopped(ws))
            try:
                async for raw in ws:
                    await self._on_frame(ws, raw)
            finally:
                self._live = None
                beat.cancel()
                closer.cancel()

    async def _close_when_stopped(self, ws) -> None:
        await self.stopped.wait()
        await ws.close()

    async def _subscribe(self, ws) -> None:
        rid = req_id("aibot_subscribe")
        await ws.send(json.dumps({"cmd": "aibot_subscribe", "headers": {"req_id": rid},
                                  "body": {"bot_id": self.bot_id, "secret": self.secret}}))
        ack = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
        if ack.get("errcode") != 0:
            raise AuthFailed(f"errcode {ack.get('errcode')} {ack.get('errmsg', '')}".strip())

    async def _heartbeat(self, ws) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_s)
            await ws.send(json.dumps({"cmd": "ping", "headers": {"req_id": req_id("ping")}}))

    async def _on_frame(self, ws, raw) -> None:
        try:
            frame = json.loads(raw)
        except (ValueError, RecursionError):
            log.warning("wecom aibot: frame is not JSON; ignored")
            return
        if not isinstance(frame, dict) or frame.get("cmd") not in CALLBACKS:
            if isinstance(frame, dict) and frame.get("errcode"):
                log.warning("wecom aibot: %s answered errcode %s %s", (frame.get("headers") or {}).get("req_id"),
                            frame.get("errcode"), frame.get("errmsg", ""))
            return
        body = frame.get("body") if isinstance(frame.get("body"), dict) else {}
        event = body.get("event") if isinstance(body.get("event"), dict) else {}
        if event.get("eventtype") == TAKEN_OVER:
            log.warning("wecom aibot: another connection took over this bot; stopping (not reconnecting)")
            self.taken_over = True
            self.stop()
            return
        rid = (frame.get("headers") or {}).get("req_id")
        asyncio.create_task(self._answer(ws, rid, body))

    async def _answer(self, ws, rid, body: dict) -> None:
        try:
            answer = await asyncio.to_thread(aibot_frames.answer, self.services, self.channels, body,
                                             self.services.dispatch)
        except Refused as exc:
            log.warning("wecom aibot: dropped callback %s: %s", rid, exc.reason)
            return
        except Exception:
            log.exception("wecom aibot: error answering callback %s", rid)
            return
        if answer is None:
            return
        try:
            await ws.send(json.dumps({"cmd": ANSWER_COMMANDS[answer.kind], "headers": {"req_id": rid},
                                      "body": answer.body}, ensure_ascii=False))
        except websockets.WebSocketException:
            self._keep_unsent(rid, body, answer)

    def _keep_unsent(self, rid, body: dict, answer: aibot_frames.Answer) -> None:
        """A reply whose connection closed before it went out is pushed (aibot_send_msg, Markdown) once connected
        again; a welcome or a card update belongs to its callback's req_id and cannot be sent later."""
        stream = answer.body.get("stream") if answer.kind == "respond" else None
        chat = body.get("chatid") if body.get("chattype") == "group" else (body.get("from") or {}).get("userid")
        if not stream or not chat or len(self.unsent) >= MAX_UNSENT:
            log.warning("wecom aibot: connection closed before the answer to %s went out; it is lost", rid)
            return
        self.unsent.append((str(chat), stream["content"]))
        log.warning("wecom aibot: connection closed before the answer to %s went out; it is pushed on reconnect", rid)
        if self._live is not None:  # already connected again
            asyncio.create_task(self._push_unsent(self._live))

    async def _push_unsent(self, ws) -> None:
        while self.unsent:
            chat, content = self.unsent.pop(0)
            try:
                await ws.send(json.dumps({"cmd": "aibot_send_msg", "headers": {"req_id": req_id("aibot_send_msg")},
                                          "body": {"chatid": chat, "msgtype": "markdown",
                                                   "markdown": {"content": content}}}, ensure_ascii=False))
            except websockets.WebSocketException:
                self.unsent.insert(0, (chat, content))
                return
