"""Time from a voice report to its confirmation, through each path that carries voice: the WeCom 智能机器人 HTTP
callback (encrypted both ways), the 智能机器人 long connection (a loopback WebSocket server), the DingTalk HTTP
callback and DingTalk Stream (both answering through a loopback sessionWebhook). Used by bench/pipeline.py."""
from __future__ import annotations

import asyncio
import json
import statistics
import threading
import time
import uuid
from typing import Callable

from flask import Flask
from websockets.asyncio.server import serve
from werkzeug.serving import make_server

from bot.app import build_app
from bot.clock import utcnow
from bot.handlers.aibot_connection import AiBotConnection
from bot.handlers.wecom_crypto import CallbackCrypto
from bot.notifier.dingtalk_send import sign
from bot.services import Services
from bot.settings import load_settings

AIBOT_TOKEN, AIBOT_KEY = "benchaibot", "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut"
DT_KEY, DT_SECRET = "benchdingkey", "benchdingsecret"


def voice_settings(base: Services, webhook_base: str):
    """The bench database with the 智能机器人 and DingTalk (HTTP and Stream) configured; replies go to loopback."""
    return load_settings({**base.settings.values, "WECOM_AIBOT_TOKEN": AIBOT_TOKEN, "WECOM_AIBOT_AES_KEY": AIBOT_KEY,
                          "DINGTALK_APP_KEY": DT_KEY, "DINGTALK_APP_SECRET": DT_SECRET,
                          "DINGTALK_OAPI_BASE": webhook_base}, env={})


class Webhook:
    """A loopback sessionWebhook that answers errcode 0."""

    def __init__(self):
        app = Flask("webhook")
        app.add_url_rule("/robot/sendBySession", "send", lambda: {"errcode": 0}, methods=["POST"])
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_port}"

    def close(self) -> None:
        self.server.shutdown()


def timed(senders: dict[str, Callable[[str], None]], texts_for: Callable[[str], list[str]], n: int) -> list[float]:
    """n voice reports, the senders taking turns, each sending its own customers' reports."""
    latencies = []
    names = list(senders)
    for k in range(n):
        sender = names[k % len(names)]
        reports = texts_for(sender)
        t0 = time.perf_counter()
        senders[sender](reports[k % len(reports)])
        latencies.append((time.perf_counter() - t0) * 1000)
    return latencies


def aibot_callback(client, crypto: CallbackCrypto, sender: str) -> Callable[[str], None]:
    def send(text: str) -> None:
        body = {"msgid": uuid.uuid4().hex, "chattype": "single", "from": {"userid": sender}, "msgtype": "voice",
                "voice": {"content": text}}
        sealed = crypto.encrypt(json.dumps(body, ensure_ascii=False))
        query = {"msg_signature": sealed["signature"], "timestamp": sealed["timestamp"], "nonce": sealed["nonce"]}
        resp = client.post("/wecom/aibot", query_string=query, data=json.dumps({"encrypt": sealed["encrypt"]}),
                           content_type="application/json")
        reply = json.loads(crypto.decrypt(resp.get_json()["encrypt"]))
        assert reply["stream"]["content"].startswith("🎤 已按语音记录"), reply
    return send


def dingtalk_body(text: str, staff: str, webhook: str) -> dict:
    now_ms = int(utcnow().timestamp() * 1000)
    return {"msgtype": "audio", "content": {"recognition": text, "duration": 3000}, "msgId": uuid.uuid4().hex,
            "createAt": now_ms, "conversationType": "1", "senderStaffId": staff, "senderNick": staff,
            "sessionWebhook": f"{webhook}/robot/sendBySession", "sessionWebhookExpiredTime": now_ms + 5_400_000}


def dingtalk_callback(client, staff: str, webhook: str) -> Callable[[str], None]:
    def send(text: str) -> None:
        now_ms = int(utcnow().timestamp() * 1000)
        body = {**dingtalk_body(text, staff, webhook), "createAt": now_ms}
        resp = client.post("/dingtalk/callback", json=body, headers={"timestamp": str(now_ms),
                                                                     "sign": sign(DT_SECRET, now_ms)})
        assert resp.status_code == 200 and resp.get_json() == {}, resp.data
    return send


def dingtalk_stream(services: Services, channels, staff: str, webhook: str) -> Callable[[str], None]:
    from bot.cli.stream import handle_message

    return lambda text: handle_message(dingtalk_body(text, staff, webhook), services, channels)


class LongConnection:
    """A loopback 智能机器人 endpoint and our connection to it; send() waits for the answer to one voice callback."""

    def __init__(self, services: Services, channels):
        self.loop = asyncio.new_event_loop()
        self.answers: dict[str, threading.Event] = {}
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.server = asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(5)
        port = self.server.sockets[0].getsockname()[1]
        self.live = None
        self.connection = AiBotConnection(services, channels, "bench", "secret", url=f"ws://127.0.0.1:{port}")
        self.client_loop = asyncio.new_event_loop()
        threading.Thread(target=self.client_loop.run_until_complete, args=(self.connection.run(),), daemon=True).start()
        deadline = time.monotonic() + 5
        while self.live is None and time.monotonic() < deadline:
            time.sleep(0.01)

    async def _start(self):
        return await serve(self._handle, "127.0.0.1", 0)

    async def _handle(self, ws) -> None:
        async for raw in ws:
            frame = json.loads(raw)
            req_id = frame["headers"]["req_id"]
            if frame.get("cmd") == "aibot_subscribe":
                self.live = ws
            if req_id in self.answers:
                self.answers[req_id].set()
            await ws.send(json.dumps({"headers": {"req_id": req_id}, "errcode": 0}))

    def send_as(self, sender: str) -> Callable[[str], None]:
        def send(text: str) -> None:
            req_id = uuid.uuid4().hex
            self.answers[req_id] = threading.Event()
            frame = {"cmd": "aibot_msg_callback", "headers": {"req_id": req_id},
                     "body": {"msgid": uuid.uuid4().hex, "chattype": "single", "from": {"userid": sender},
                              "msgtype": "voice", "voice": {"content": text}}}
            asyncio.run_coroutine_threadsafe(self.live.send(json.dumps(frame, ensure_ascii=False)), self.loop).result(5)
            assert self.answers[req_id].wait(10), "no answer over the long connection"
        return send

    def close(self) -> None:
        self.client_loop.call_soon_threadsafe(self.connection.stop)
        self.server.close()


def measure(base: Services, texts_for: Callable[[str], list[str]], staff_of: dict[str, str],
            n: int) -> dict[str, list[float]]:
    """Latencies (ms) of n voice reports per path; `texts_for(sender)` gives a sender's voice reports, `staff_of`
    their DingTalk ids."""
    from bot.notifier.channels import build_channels

    webhook = Webhook()
    services = Services(voice_settings(base, webhook.base), base.db)
    client = build_app(services=services).test_client()
    channels = build_channels(services.settings)
    crypto = CallbackCrypto(AIBOT_TOKEN, AIBOT_KEY, "")
    senders = list(staff_of)
    long_connection = LongConnection(services, channels)
    try:
        paths = {
            "智能机器人 callback": lambda s: aibot_callback(client, crypto, s),
            "智能机器人 long connection": long_connection.send_as,
            "DingTalk HTTP callback": lambda s: dingtalk_callback(client, staff_of[s], webhook.base),
            "DingTalk Stream": lambda s: dingtalk_stream(services, channels, staff_of[s], webhook.base),
        }
        return {name: timed({s: make(s) for s in senders}, texts_for, n) for name, make in paths.items()}
    finally:
        long_connection.close()
        webhook.close()


def p50(latencies: list[float]) -> float:
    return statistics.median(latencies)
