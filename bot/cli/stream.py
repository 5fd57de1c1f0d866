"""python -m bot stream: DingTalk Stream mode (no public URL needed); each message goes through the HTTP handler's logic."""
from __future__ import annotations

import argparse
import asyncio
import logging

from dingtalk_stream import AckMessage, ChatbotHandler, ChatbotMessage, Credential, DingTalkStreamClient

from bot.handlers.common import Refused
from bot.handlers.dingtalk import handle_callback
from bot.notifier.channels import Channel, build_channels
from bot.services import Services

log = logging.getLogger(__name__)


class BotChatbotHandler(ChatbotHandler):
    """Acks every frame; replies go through the message's sessionWebhook like in HTTP mode."""

    def __init__(self, services: Services, channels: dict[str, Channel]):
        super().__init__()
        self.services = services
        self.channels = channels

    async def process(self, callback):
        data = callback.data if isinstance(callback.data, dict) else {}
        try:
            await asyncio.to_thread(handle_callback, data, self.services, self.channels)
        except Refused as exc:
            log.warning("dingtalk stream: dropped message: %s", exc.reason)
        except Exception:
            log.exception("dingtalk stream: error handling message %s", data.get("msgId"))
        return AckMessage.STATUS_OK, "OK"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options: the app key and secret come from the settings."""


def run(args: argparse.Namespace, services: Services) -> int:
    settings = services.settings
    key, secret = settings.get("DINGTALK_APP_KEY"), settings.get("DINGTALK_APP_SECRET")
    if not (key and secret):
        log.error("DingTalk stream mode needs DINGTALK_APP_KEY and DINGTALK_APP_SECRET")
        return 2
    client = DingTalkStreamClient(Credential(key, secret))
    client.register_callback_handler(ChatbotMessage.TOPIC, BotChatbotHandler(services, build_channels(settings)))
    log.info("DingTalk stream mode: connecting as %s", key)
    client.start_forever()
    return 0
