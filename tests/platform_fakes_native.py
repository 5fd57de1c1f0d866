"""Fakes for the platform-native features: voice and card-click bodies, and a local WebSocket server that speaks
the WeCom 智能机器人 long-connection frames (subscribe, ping, callbacks, answers, disconnected_event)."""
from __future__ import annotations

import asyncio
import json
import threading
import uuid

import pytest
from sqlalchemy import update
from websockets.asyncio.server import serve

from bot.storage.models import User

from platform_fakes import AGENT_ID, CORP_ID, now_s


def voice_xml(sender: str = "zhangwei", msg_id: int = 555) -> str:
    return (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[{sender}]]></FromUserName>"
            f"<CreateTime>{now_s()}</CreateTime><MsgType><![CDATA[voice]]></MsgType>"
            f"<MediaId><![CDATA[media-amr-1]]></MediaId><Format><![CDATA[amr]]></Format>"
            f"<MsgId>{msg_id}</MsgId><AgentID>{AGENT_ID}</AgentID></xml>")


def card_event_xml(task_id: str, key: str, sender: str = "zhangwei", code: str = "RESPCODE1") -> str:
    """The app's template_card_event for a click on button `key` of card `task_id`."""
    return (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[{sender}]]></FromUserName>"
            f"<CreateTime>{now_s()}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            f"<Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[{key}]]></EventKey>"
            f"<TaskId><![CDATA[{task_id}]]></TaskId><CardType><![CDATA[button_interaction]]></CardType>"
            f"<ResponseCode><![CDATA[{code}]]></ResponseCode><AgentID>{AGENT_ID}</AgentID></xml>")


def aibot_voice(transcript: str, sender: str = "zhangwei", msg_id: str | None = None) -> dict:
    return {"msgid": msg_id or uuid.uuid4().hex, "aibotid": "AIBOTID", "chattype": "single",
            "from": {"userid": sender}, "msgtype": "voice", "voice": {"content": transcript}}


def aibot_event(eventtype: str, detail: dict | None = None, sender: str = "zhangwei", chat_id: str | None = None) -> dict:
    body = {"msgid": uuid.uuid4().hex, "aibotid": "AIBOTID", "chattype": "group" if chat_id else "single",
            "from": {"userid": sender}, "msgtype": "event", "event": {"eventtype": eventtype, eventtype: detail or {}}}
    if chat_id:
        body["chatid"] = chat_id
    return body


def aibot_click(task_id: str, key: str, sender: str = "zhangwei", chat_id: str | None = None) -> dict:
    return aibot_event("template_card_event", {"card_type": "button_interaction", "event_key": key,
                                               "task_id": task_id}, sender, chat_id)


@pytest.fixture
def linked(demo):
    """The demo team with platform ids: 张伟 is zhangwei / staff001, 李娜 lina / staff002."""
    with demo.db.session() as s:
        s.execute(update(User).where(User.name == "张伟").values(wecom_userid="zhangwei", dingtalk_staff_id="staff001"))
        s.execute(update(User).where(User.name == "李娜").values(wecom_userid="lina", dingtalk_staff_id="staff002"))
    return demo


AIBOT_BOT_ID = "aibot-bot-id"
AIBOT_SECRET = "aibot-secret"


class FakeAiBotServer:
    """The long-connection end of WeCom on 127.0.0.1, in its own thread and event loop. Records every frame a client
    sends; the test pushes callbacks into the live connection, drops it, or announces another connection."""

    def __init__(self, refuse_first: int = 0):
        self.frames: list[dict] = []  # every frame received, in order
        self.connections = 0
        self.refuse_first = refuse_first  # close this many connections right after the handshake
        self.ack_errors: dict[str, list[int]] = {}  # cmd -> errcodes its next acks carry, one per frame
        self._live = None
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._ready.wait(5)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(self._start())
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _start(self):
        return await serve(self._handle, "127.0.0.1", 0)

    async def _handle(self, ws) -> None:
        self.connections += 1
        if self.connections <= self.refuse_first:
            await ws.close(code=1011)
            return
        self._live = ws
        async for raw in ws:
            frame = json.loads(raw)
            self.frames.append(frame)
            ack = {"headers": {"req_id": frame.get("headers", {}).get("req_id")}, "errcode": 0, "errmsg": "ok"}
            if frame.get("cmd") == "aibot_subscribe" and frame.get("body") != {"bot_id": AIBOT_BOT_ID,
                                                                               "secret": AIBOT_SECRET}:
                ack.update(errcode=40058, errmsg="invalid secret")
            elif self.ack_errors.get(frame.get("cmd")):
                ack.update(errcode=self.ack_errors[frame["cmd"]].pop(0), errmsg="refused by the fake")
            await ws.send(json.dumps(ack))

    def _call(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(5)

    def callback(self, body: dict, cmd: str = "aibot_msg_callback") -> str:
        """Deliver a message or event body on the live connection; returns its req_id."""
        req_id = uuid.uuid4().hex
        frame = {"cmd": cmd, "headers": {"req_id": req_id}, "body": body}
        self._call(self._live.send(json.dumps(frame, ensure_ascii=False)))
        return req_id

    def take_over(self) -> None:
        self.callback({"msgid": uuid.uuid4().hex, "msgtype": "event", "create_time": now_s(),
                       "event": {"eventtype": "disconnected_event"}}, "aibot_event_callback")

    def drop(self) -> None:
        self._call(self._live.close(code=1001))

    def answers(self, req_id: str) -> list[dict]:
        return [f for f in self.frames if f.get("headers", {}).get("req_id") == req_id]

    def sent(self, cmd: str) -> list[dict]:
        return [f for f in self.frames if f.get("cmd") == cmd]

    async def _shutdown(self) -> None:
        self._server.close()
        await self._server.wait_closed()

    def close(self) -> None:
        self._call(self._shutdown())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()
