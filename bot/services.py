"""What a running bot holds: settings and the database. One per process (app, CLI, scheduler)."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Mapping

from bot import log_redaction
from bot.settings import Settings, load_settings
from bot.storage.db import Database
from bot.types import IncomingMessage, Reply


@dataclass
class Services:
    settings: Settings
    db: Database

    def dispatch(self, msg: IncomingMessage) -> Reply:
        from bot.dispatch import dispatch

        return dispatch(msg, self.db, self.settings)


def configure_logging(settings: Settings) -> None:
    log_redaction.install()
    level = getattr(logging, settings.get("BOT_LOG_LEVEL").upper(), logging.INFO)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)


def build_services(config: Mapping[str, Any] | None = None) -> Services:
    settings = load_settings(config)
    return Services(settings, Database(settings.database_url))
