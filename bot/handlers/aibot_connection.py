"""The WeCom 智能机器人 long connection (doc 101463): a WebSocket to openws.work.weixin.qq.com, no public URL,
no encryption. Only the frame mapping is ours; the bodies are the callback's (aibot_frames.answer).

Frames: we send aibot_subscribe {bot_id, secret} and a ping every 30 s; WeCom sends aibot_msg_callback /
aibot_event_callback {headers.req_id, body}; we answer with aibot_respond_msg, aibot_respond_welcome_msg or
aibot_respond_update_msg under the callback's req_id. Acks carry no cmd, only the req_id and errcode.

The connection also sends the outbox rows of the "wecom_aibot" channel (no other process can): scheduled pushes
routed here when there is no app (channels.route_for_user / route_for_group), a chart finishing the stream its
answer left open, and an answer the connection lost. Its own deliverer claims only those rows, with the outbox's
lease, retries and idempotency keys, and sends each as a frame, waiting for its ack. Shapes as in the official wecom-aibot-python-sdk types (that SDK is not used: it cannot reach a
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

from bot.clock import utcnow
from bot.handlers import aibot_frames
from bot.handlers.attachments import attachment_messages
from bot.handlers.common import Refused
from bot.notifier import outbox
from bot.notifier.channels import Channel
from bot.notifier.runner import make_deliverer
from bot.notifier.transport import RetryableSendError
from bot.notifier.wecom_aibot_send import WeComAiBotPushChannel
from bot.services import Services
from bot.types import Reply

log = logging.getLogger("bot.handlers")
DEFAULT_URL = "wss://openws.work.weixin.qq.com"
ANSWER_COMMANDS = {"respond": "aibot_respond_msg", "welcome": "aibot_respond_welcome_msg",
                   "update": "aibot_respond_update_msg"}
CALLBACKS = {"aibot_msg_callback", "aibot_event_callback"}
TAKEN_OVER = "disconnected_event"
ACK_TIMEOUT_S = 5.0  # the SDK's reply-ack timeout
PUSH_CHANNEL = "wecom_aibot"


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
        self._live = None  # the subscribed socket, while there is one
        self._loop: asyncio.AbstractEventLoop | None = None
        self._acks: dict[str, asyncio.Future] = {}
        self._poke = asyncio.Event()  # a row was queued: deliver now rather than at the next interval
        self.push_interval_s = services.settings.get("BOT_OUTBOX_INTERVAL")
        self.deliverer = make_deliverer(services, {PUSH_CHANNEL: WeComAiBotPushChannel(self.send_frame)},
                                        only=(PUSH_CHANNEL,))

    async def run(self) -> None:
        self._loop = asyncio.get_running_loop()
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
            tasks = [asyncio.create_task(self._heartbeat(ws)), asyncio.create_task(self._close_when_stopped(ws)),
                     asyncio.create_task(self._deliver_pushes())]
            try:
                async for raw in ws:
                    await self._on_frame(ws, raw)
            finally:
                self._live = None
                for task in tasks:
                    task.cancel()
                for waiting in self._acks.values():
                    waiting.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)

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
            waiting = self._acks.pop(str((frame.get("headers") or {}).get("req_id")), None) \
                if isinstance(frame, dict) and isinstance(frame.get("headers"), dict) else None
            if waiting is not None and not waiting.done():
                waiting.set_result(frame)
            elif isinstance(frame, dict) and frame.get("errcode"):
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
            await asyncio.to_thread(self._keep_unsent, rid, body, answer)
            return
        if answer.pending is not None:
            await asyncio.to_thread(self._queue_chart, rid, body, answer)

    def _queue(self, messages: list[outbox.OutMessage]) -> None:
        with self.services.db.session() as s:
            outbox.enqueue(s, messages, utcnow())
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._poke.set)

    def _queue_chart(self, rid, body: dict, answer: aibot_frames.Answer) -> None:
        """The answer leaves its stream open; the row that draws the chart finishes it under the same req_id."""
        chart, message_id = answer.pending
        stream = {"req_id": rid, "id": answer.stream["id"], "content": answer.stream["content"]}
        self._queue(attachment_messages(Reply("", attachment=chart), PUSH_CHANNEL, chat_of(body),
                                        f"reply:{aibot_frames.PLATFORM}:{message_id}", extra={"stream": stream}))

    def _keep_unsent(self, rid, body: dict, answer: aibot_frames.Answer) -> None:
        """A reply whose connection closed before it went out is queued for aibot_send_msg (Markdown) once
        connected again; a welcome or a card update belongs to its callback's req_id and cannot be sent later."""
        content = answer.stream.get("content") if answer.kind == "respond" else None
        chat = chat_of(body)
        if not content or not chat:
            log.warning("wecom aibot: connection closed before the answer to %s went out; it is lost", rid)
            return
        self._queue([outbox.OutMessage(PUSH_CHANNEL, chat, {"text": "", "markdown": content},
                                       f"reply:{aibot_frames.PLATFORM}:{body.get('msgid')}:lost")])
        log.warning("wecom aibot: connection closed before the answer to %s went out; it is pushed on reconnect", rid)

    async def _deliver_pushes(self) -> None:
        """While subscribed: send this channel's due rows now and whenever one is queued, else every interval."""
        while True:
            self._poke.clear()
            await asyncio.to_thread(self.deliverer.deliver_due)
            try:
                await asyncio.wait_for(self._poke.wait(), timeout=self.push_interval_s)
            except asyncio.TimeoutError:
                pass

    def send_frame(self, frame: dict) -> dict:
        """Send a frame on the live connection from a deliverer's thread and wait for its ack."""
        live, loop = self._live, self._loop
        if live is None or loop is None:
            raise RetryableSendError("the 智能机器人 long connection is not up")
        future = asyncio.run_coroutine_threadsafe(self._send_and_wait(live, frame), loop)
        try:
            return future.result(timeout=ACK_TIMEOUT_S + 1)
        except (TimeoutError, asyncio.TimeoutError, asyncio.CancelledError, websockets.WebSocketException) as exc:
            future.cancel()
            raise RetryableSendError(f"{frame.get('cmd')}: no ack ({type(exc).__name__})") from None

    async def _send_and_wait(self, ws, frame: dict) -> dict:
        rid = str(frame["headers"]["req_id"])
        waiting = asyncio.get_running_loop().create_future()
        self._acks[rid] = waiting
        try:
            await ws.send(json.dumps(frame, ensure_ascii=False))
            return await asyncio.wait_for(waiting, timeout=ACK_TIMEOUT_S)
        finally:
            self._acks.pop(rid, None)


def chat_of(body: dict) -> str:
    """Where an answer to this callback body goes: the group's chatid, or the sender's userid in single chat."""
    chat = body.get("chatid") if body.get("chattype") == "group" else (body.get("from") or {}).get("userid")
    return str(chat or "")
