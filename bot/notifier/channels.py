"""Outbound channels behind one protocol. Only this module knows how each platform is sent to.

A payload is a dict: {"text": str} and optionally {"markdown": str, "title": str, "image_png_b64": str}.
A channel raises RetryableSendError for what may succeed later (network, rate limits, 5xx) and
PermanentSendError for what never will (bad target, no permission); the outbox decides what to do.
"""
from __future__ import annotations

import logging
from typing import Protocol

from bot.settings import Settings
from bot.storage.models import GroupChat, User

log = logging.getLogger(__name__)


class SendError(Exception):
    pass


class RetryableSendError(SendError):
    pass


class PermanentSendError(SendError):
    pass


class Channel(Protocol):
    name: str

    def send(self, target: str, payload: dict) -> None: ...


class ConsoleChannel:
    """The terminal chat's channel: pushes are logged (and kept in memory for tests)."""

    name = "console"

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict]] = []

    def send(self, target: str, payload: dict) -> None:
        self.sent.append((target, payload))
        log.info("push to %s: %s", target, payload.get("text", ""))


def build_channels(settings: Settings) -> dict[str, Channel]:
    """Every channel this install can use, by name."""
    return {"console": ConsoleChannel()}


def route_for_user(user: User) -> tuple[str, str]:
    """(channel name, target) that reaches a user directly."""
    if user.wecom_userid:
        return "wecom_app", user.wecom_userid
    if user.dingtalk_staff_id:
        return "dingtalk_user", user.dingtalk_staff_id
    return "console", user.name


def route_for_group(group: GroupChat) -> tuple[str, str]:
    """(channel name, target) that reaches a bound group chat."""
    if group.platform.startswith("wecom"):
        return ("wecom_robot", group.webhook_url) if group.webhook_url else ("wecom_appchat", group.chat_id)
    if group.platform == "dingtalk":
        return ("dingtalk_robot", group.webhook_url) if group.webhook_url else ("dingtalk_group", group.chat_id)
    return "console", group.chat_id
