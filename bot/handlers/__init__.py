"""Platform webhooks. Each module: verify -> IncomingMessage -> dispatch -> platform response."""
from __future__ import annotations

from flask import Flask

from bot.services import Services


def register_handlers(app: Flask, services: Services) -> None:
    """Mount the webhook of every platform whose settings are present; others are skipped with a log line."""
