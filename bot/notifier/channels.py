"""Outbound channels behind one protocol. Only this module knows how each platform is sent to.

A payload is a dict: {"text": str} and optionally {"markdown": str, "title": str, "image_png_b64": str,
"file": {"path": str, "name": str}, "card": …, "card_update": …} (cards are the platform's own, built in
wecom_cards / dingtalk_cards). A payload may carry "on_failure": {"channel", "target", "text"}: the outbox sends
that text when the row finally fails (an export whose upload kept failing).
A payload may carry "render" instead of its chart or file (bot/notifier/deferred.py): the deliverer renders it first.
A channel raises RetryableSendError for what may succeed later (network, rate limits, 5xx) and
PermanentSendError for what never will (bad target, no permission); the outbox decides what to do.
"""
from __future__ import annotations

import logging
from typing import Iterator, Mapping, Protocol

from bot.notifier.transport import PermanentSendError, RetryableSendError, SendError
from bot.settings import Settings
from bot.storage.models import GroupChat, User

__all__ = ["Channel", "ConsoleChannel", "EveryChannelIs", "SendError", "RetryableSendError", "PermanentSendError",
           "build_channels", "route_for_user", "route_for_group"]

log = logging.getLogger(__name__)


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


class EveryChannelIs(Mapping[str, Channel]):
    """Answers every channel name with one channel, so no push can leave the machine (replay, BOT_CONSOLE_PUSHES)."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    def __getitem__(self, name: str) -> Channel:
        return self.channel

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


WECOM_APP_KEYS = ("CORP_ID", "AGENT_ID", "SECRET")
WECOM_AIBOT_KEYS = ("BOT_ID", "SECRET")
# Channels only the process holding the connection can send on (python -m bot stream); other deliverers skip them.
LONG_CONNECTION_CHANNELS = ("wecom_aibot",)
DINGTALK_APP_KEYS = ("APP_KEY", "APP_SECRET", "ROBOT_CODE")


def build_channels(settings: Settings) -> Mapping[str, Channel]:
    """Every channel this install can use, by name; a platform without settings contributes none.
    BOT_CONSOLE_PUSHES=1 sends everything to the console channel whatever is configured (replays, dry runs)."""
    if settings.get("BOT_CONSOLE_PUSHES"):
        return EveryChannelIs(ConsoleChannel())
    channels: dict[str, Channel] = {"console": ConsoleChannel()}
    channels.update(_wecom_channels(settings))
    channels.update(_dingtalk_channels(settings))
    return channels


def _wecom_channels(settings: Settings) -> dict[str, Channel]:
    from bot.notifier import wecom_aibot_send, wecom_send

    base = settings.get("WECOM_API_BASE")
    channels: dict[str, Channel] = {
        "wecom_robot": wecom_send.WeComRobotChannel(base),
        "wecom_aibot_response": wecom_send.WeComAiBotResponseChannel(),
        "wecom_aibot_stream": wecom_aibot_send.WeComAiBotStreamChannel(stream_store(settings))}
    if settings.platform_configured("WECOM", WECOM_APP_KEYS):
        api = wecom_send.WeComApi(base, settings.get("WECOM_CORP_ID"), settings.get("WECOM_SECRET"))
        channels["wecom_app"] = wecom_send.WeComAppChannel(api, settings.get("WECOM_AGENT_ID"))
        channels["wecom_appchat"] = wecom_send.WeComAppChatChannel(api)
    return channels


def _dingtalk_channels(settings: Settings) -> dict[str, Channel]:
    from bot.notifier import dingtalk_send

    channels: dict[str, Channel] = {
        "dingtalk_robot": dingtalk_send.DingTalkWebhookChannel("dingtalk_robot"),
        "dingtalk_session": dingtalk_send.DingTalkWebhookChannel("dingtalk_session"),
    }
    if settings.platform_configured("DINGTALK", DINGTALK_APP_KEYS):
        api = dingtalk_send.DingTalkApi(settings.get("DINGTALK_API_BASE"),
                                        settings.get("DINGTALK_APP_KEY"), settings.get("DINGTALK_APP_SECRET"),
                                        settings.get("DINGTALK_ROBOT_CODE"), settings.get("DINGTALK_OAPI_BASE"))
        channels["dingtalk_user"] = dingtalk_send.DingTalkUserChannel(api)
        template = settings.get("DINGTALK_CARD_TEMPLATE_ID")
        if template:  # buttons need the admin's card template: docs/platforms.md
            channels["dingtalk_card"] = dingtalk_send.DingTalkCardChannel(api, template)
        channels["dingtalk_group"] = dingtalk_send.DingTalkGroupChannel(api)
    return channels


def stream_store(settings: Settings):
    """Where the 智能机器人 callback's open streams wait for their chart (shared by web and deliverer)."""
    from bot.notifier.wecom_aibot_send import StreamStore

    return StreamStore(settings.instance_path / "streams")


def wecom_pushes_by_long_connection(settings: Settings) -> bool:
    """No self-built app, but the 智能机器人 long connection: WeCom pushes go over the connection."""
    return (not settings.platform_configured("WECOM", WECOM_APP_KEYS)
            and settings.platform_configured("WECOM_AIBOT", WECOM_AIBOT_KEYS))


def route_for_user(user: User, settings: Settings) -> tuple[str, str]:
    """(channel name, target) that reaches a user directly: the app, else the long connection (single chat by userid)."""
    if user.wecom_userid:
        return ("wecom_aibot" if wecom_pushes_by_long_connection(settings) else "wecom_app"), user.wecom_userid
    if user.dingtalk_staff_id:
        return "dingtalk_user", user.dingtalk_staff_id
    return "console", user.name


def route_for_group(group: GroupChat, settings: Settings) -> tuple[str, str]:
    """(channel name, target) that reaches a bound group chat: its robot webhook if it has one; a 智能机器人 group
    over the long connection when there is no app (appchat reaches only the app's own groups anyway)."""
    if group.platform.startswith("wecom"):
        if group.webhook_url:
            return "wecom_robot", group.webhook_url
        if group.platform == "wecom_aibot" and settings.platform_configured("WECOM_AIBOT", WECOM_AIBOT_KEYS):
            return "wecom_aibot", group.chat_id
        return "wecom_appchat", group.chat_id
    if group.platform == "dingtalk":
        return ("dingtalk_robot", group.webhook_url) if group.webhook_url else ("dingtalk_group", group.chat_id)
    return "console", group.chat_id
