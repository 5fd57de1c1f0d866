"""Platform webhooks. Each module: verify -> IncomingMessage -> dispatch -> platform response."""
from __future__ import annotations

import importlib
import logging

from flask import Flask

from bot.services import Services

log = logging.getLogger(__name__)

# (module, settings prefix, keys that must be set, what it serves)
PLATFORMS = (
    ("bot.handlers.wecom", "WECOM", ("CORP_ID", "TOKEN", "AES_KEY"), "WeCom app callback /wecom/callback"),
    ("bot.handlers.wecom_aibot", "WECOM_AIBOT", ("TOKEN", "AES_KEY"), "WeCom 智能机器人 callback /wecom/aibot"),
    ("bot.handlers.dingtalk", "DINGTALK", ("APP_KEY", "APP_SECRET"), "DingTalk robot callback /dingtalk/callback"),
)


def register_handlers(app: Flask, services: Services) -> None:
    """Mount the webhook of every platform whose settings are present; others are skipped with a log line."""
    from bot.notifier.channels import build_channels

    channels = build_channels(services.settings)
    app.extensions["bot_channels"] = channels
    for module, prefix, keys, what in PLATFORMS:
        if not services.settings.platform_configured(prefix, keys):
            missing = [f"{prefix}_{k}" for k in keys if not services.settings.get(f"{prefix}_{k}")]
            log.info("%s disabled: set %s", what, ", ".join(missing))
            continue
        try:
            app.register_blueprint(importlib.import_module(module).blueprint(services, channels))
        except ValueError as exc:
            log.error("%s disabled: %s", what, exc)
            continue
        log.info("%s enabled", what)
