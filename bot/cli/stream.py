"""python -m bot stream [--platform dingtalk|wecom]: the long-connection modes, no public URL needed: DingTalk Stream
and the WeCom 智能机器人 long connection (bot/handlers/aibot_connection.py). With both configured, both run."""
from __future__ import annotations

import argparse
import asyncio
import logging
import threading
from typing import Callable

from dingtalk_stream import AckMessage, CallbackHandler, ChatbotMessage, Credential, DingTalkStreamClient

from bot import texts
from bot.handlers.aibot_connection import AiBotConnection, Backoff
from bot.handlers.common import Refused, in_background, push
from bot.handlers.dingtalk import answer
from bot.handlers.dingtalk_cards import TOPIC as CARD_TOPIC
from bot.handlers.dingtalk_cards import click_incoming, update_payload
from bot.handlers.dingtalk_reply import deliver, queue_undelivered
from bot.notifier.channels import Channel, build_channels
from bot.services import Services, prepare_long_running

log = logging.getLogger(__name__)
PLATFORMS = ("dingtalk", "wecom")


def handle_message(data: dict, services: Services, channels: dict[str, Channel]) -> None:
    """One chatbot message, after its ack: dispatch, deliver, and queue what could not be delivered."""
    try:
        reply = answer(data, services, None)
        if reply is not None and deliver(data, reply, services, channels) is not None:
            queue_undelivered(data, reply, services, channels)
    except Refused as exc:
        log.warning("dingtalk stream: dropped message %s: %s", data.get("msgId"), exc.reason)
    except Exception:
        log.exception("dingtalk stream: error handling message %s", data.get("msgId"))


def handle_click(data: dict, frame_id: str, services: Services, channels: dict[str, Channel]) -> None:
    """One card click, after its ack: the answer redraws the card; a refusal goes to the clicker alone, since a
    card update would change the card for the whole group."""
    try:
        msg = click_incoming(data, frame_id)
        reply = services.dispatch(msg)
        if reply.duplicate:
            return
        if reply.card_id and reply.text != texts.CARD_NOT_YOURS:
            push(channels, "dingtalk_card", "", update_payload(reply))
        else:
            push(channels, "dingtalk_user", msg.sender_id, {"text": reply.text})
    except Refused as exc:
        log.warning("dingtalk stream: dropped card callback %s: %s", frame_id, exc.reason)
    except Exception:
        log.exception("dingtalk stream: error handling card callback %s", frame_id)


class AckedHandler(CallbackHandler):
    """Acks every callback at once and does the work after: a callback not acked in about 60 s is delivered again
    (double replies). `work(data, frame_id)` runs on a worker thread."""

    def __init__(self, work: Callable[[dict, str], None]):
        super().__init__()
        self.work = work

    async def process(self, callback):
        data = callback.data if isinstance(callback.data, dict) else {}
        frame_id = str(getattr(callback.headers, "message_id", "") or "")
        in_background(lambda: self.work(data, frame_id))
        return AckMessage.STATUS_OK, "OK"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--platform", choices=PLATFORMS, default=None,
                        help="只连这个平台（默认：已配置的全部）")


def dingtalk_configured(services: Services) -> bool:
    return bool(services.settings.get("DINGTALK_APP_KEY") and services.settings.get("DINGTALK_APP_SECRET"))


def run_dingtalk(services: Services, channels: dict[str, Channel]) -> None:
    settings = services.settings
    key = settings.get("DINGTALK_APP_KEY")
    client = DingTalkStreamClient(Credential(key, settings.get("DINGTALK_APP_SECRET")))
    client.register_callback_handler(ChatbotMessage.TOPIC,
                                     AckedHandler(lambda data, _frame: handle_message(data, services, channels)))
    client.register_callback_handler(CARD_TOPIC,
                                     AckedHandler(lambda data, frame: handle_click(data, frame, services, channels)))
    log.info("DingTalk stream mode: connecting as %s", key)
    client.start_forever()


def wecom_configured(services: Services) -> bool:
    return bool(services.settings.get("WECOM_AIBOT_BOT_ID") and services.settings.get("WECOM_AIBOT_SECRET"))


def run_wecom(services: Services, channels: dict[str, Channel]) -> None:
    """The 智能机器人 long connection; returns when another connection takes the bot over or the secret is refused."""
    settings = services.settings
    connection = AiBotConnection(services, channels, settings.get("WECOM_AIBOT_BOT_ID"), settings.get("WECOM_AIBOT_SECRET"),
                                 url=settings.get("WECOM_AIBOT_WS_URL"),
                                 backoff=Backoff(cap_s=settings.get("WECOM_AIBOT_RECONNECT_MAX_S")))
    log.info("WeCom 智能机器人 long connection: connecting as %s", settings.get("WECOM_AIBOT_BOT_ID"))
    asyncio.run(connection.run())


def run(args: argparse.Namespace, services: Services) -> int:
    wanted = [args.platform] if args.platform else list(PLATFORMS)
    runners = {"dingtalk": (dingtalk_configured, run_dingtalk), "wecom": (wecom_configured, run_wecom)}
    chosen = [name for name in wanted if runners[name][0](services)]
    if not chosen:
        log.error("stream mode needs DINGTALK_APP_KEY and DINGTALK_APP_SECRET, or WECOM_AIBOT_BOT_ID and "
                  "WECOM_AIBOT_SECRET")
        return 2
    channels = build_channels(services.settings)
    prepare_long_running()
    threads = [threading.Thread(target=runners[name][1], args=(services, channels), name=f"stream-{name}", daemon=True)
               for name in chosen]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return 0
