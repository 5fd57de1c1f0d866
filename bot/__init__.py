"""Sales follow-up bot for WeCom and DingTalk. Importing this package is cheap: nothing runs at import time."""
from __future__ import annotations

from typing import Any, Mapping


def create_app(config: Mapping[str, Any] | None = None):
    """Flask app factory for a serving process (gunicorn): settings from config/ defaults < .env < environment <
    `config`; the parser's data is loaded and frozen before the workers fork (bot.services.prepare_long_running)."""
    from bot.app import build_app
    from bot.services import prepare_long_running

    app = build_app(config)
    prepare_long_running()
    return app
