"""What a running bot holds: settings and the database. One per process (app, CLI, scheduler)."""
from __future__ import annotations

import gc
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


def prepare_long_running() -> None:
    """Load the parser's data now, then freeze everything allocated so far out of the garbage collector's reach.

    The parser holds large lexicons and a gazetteer; without this every full collection walks them and a report's
    p99 jumps from ~12 ms to ~80 ms (bench/pipeline.py). Under gunicorn --preload the master does it before forking,
    so the workers also share those pages copy-on-write."""
    from bot.sales.parsing import warm_up

    warm_up()
    gc.freeze()


def configure_logging(settings: Settings) -> None:
    log_redaction.install()
    level = getattr(logging, settings.get("BOT_LOG_LEVEL").upper(), logging.INFO)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)


def build_services(config: Mapping[str, Any] | None = None) -> Services:
    settings = load_settings(config)
    return Services(settings, Database(settings.database_url))
