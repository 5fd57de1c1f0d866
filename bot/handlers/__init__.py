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


def register_handlers(app: Flask, services: Services) -> list[str]:
    """Mount the webhook of every platform whose settings are present; others are skipped with a log line.
    Returns the problems of platforms that are only partly configured ("KEY: …"), for /readyz and `serve`."""
    from bot.notifier.channels import build_channels

    channels = build_channels(services.settings)
    app.extensions["bot_channels"] = channels
    problems = []
    for module, prefix, keys, what in PLATFORMS:
        if not services.settings.platform_configured(prefix, keys):
            given = [f"{prefix}_{k}" for k in keys if services.settings.get(f"{prefix}_{k}")]
            missing = [f"{prefix}_{k}" for k in keys if not services.settings.get(f"{prefix}_{k}")]
            if given:
                problems += [f"{key}: not set (needed with {', '.join(given)})" for key in missing]
            log.log(logging.ERROR if given else logging.INFO, "%s disabled: set %s", what, ", ".join(missing))
            continue
        try:
            app.register_blueprint(importlib.import_module(module).blueprint(services, channels))
        except ValueError as exc:
            problems.append(f"{prefix}: {exc}")
            log.error("%s disabled: %s", what, exc)
            continue
        log.info("%s enabled", what)
    return problems
