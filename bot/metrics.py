"""Prometheus metrics (prometheus_client). Under gunicorn every worker writes its values to files in
PROMETHEUS_MULTIPROC_DIR (set by config/gunicorn.conf.py before the app is imported) and GET /metrics adds them up, so
whichever worker answers the scrape reports the whole server. Labels are small fixed sets (platform, outcome, channel,
result): never a person, a customer, a message text or a secret."""
from __future__ import annotations

import os

from flask import Blueprint, Response
from prometheus_client import (CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Gauge, Histogram,
                               generate_latest, multiprocess)
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select

from bot.clock import utcnow
from bot.storage.db import Database
from bot.storage.bookkeeping import Outbox

PLATFORMS = {"wecom", "wecom_aibot", "dingtalk", "console"}
MESSAGES = Counter("bot_messages_total", "Messages answered, by platform and outcome "
                   "(command, text, duplicate, error)", ["platform", "outcome"])
REPLY_SECONDS = Histogram("bot_reply_seconds", "Time to answer one message in dispatch", ["platform"],
                          buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
PARSE_OUTCOMES = Counter("bot_parse_outcomes_total", "Free-text messages by what came of them "
                         "(filed, asked, query, unknown)", ["outcome"])
PUSHES = Counter("bot_pushes_total", "Pushes by channel and result (sent, retried, dead; failed for direct pushes)",
                 ["channel", "result"])
TOKEN_REFRESHES = Counter("bot_token_refreshes_total", "Platform access tokens fetched", ["platform"])
SCHEDULER_LEADER = Gauge("bot_scheduler_leader", "1 while a process of this server leads the job scheduler",
                         multiprocess_mode="livemax")


def platform_label(platform: str) -> str:
    return platform if platform in PLATFORMS else "other"


class OutboxCollector:
    """Outbox depth and the age of its oldest unsent row, read from the database at scrape time (one query)."""

    def __init__(self, db: Database):
        self.db = db

    def collect(self):
        waiting = Outbox.status.in_(("pending", "sending"))
        with self.db.engine.connect() as conn:
            count, oldest = conn.execute(select(func.count(), func.min(Outbox.created_at)).where(waiting)).one()
        age = 0.0 if oldest is None else max((utcnow() - oldest).total_seconds(), 0.0)
        yield GaugeMetricFamily("bot_outbox_pending", "Outbox rows not yet sent (pending or being sent)", value=count)
        yield GaugeMetricFamily("bot_outbox_oldest_pending_seconds", "Age of the oldest unsent outbox row", value=age)


def exposition(db: Database) -> bytes:
    """The text format: every process's metrics (multiprocess files, or this process's registry) plus the outbox."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
    else:
        processes = REGISTRY
    outbox = CollectorRegistry()
    outbox.register(OutboxCollector(db))
    return generate_latest(processes) + generate_latest(outbox)


def blueprint(db: Database) -> Blueprint:
    bp = Blueprint("metrics", __name__)

    @bp.get("/metrics")
    def metrics() -> Response:
        return Response(exposition(db), content_type=CONTENT_TYPE_LATEST)

    return bp
