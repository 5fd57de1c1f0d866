"""Sales follow-up bot for WeCom and DingTalk. Importing this package is cheap: nothing runs at import time."""
from __future__ import annotations

from typing import Any, Mapping


def create_app(config: Mapping[str, Any] | None = None):
    """Flask app factory: settings from config/ defaults < .env < environment < `config`."""
    from bot.app import build_app

    return build_app(config)
