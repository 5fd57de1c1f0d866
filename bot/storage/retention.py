"""Retention: raw message texts are kept BOT_RAW_TEXT_DAYS days, then blanked (what was filed from them stays:
customers, contacts, activities' facts, deals, requirements, follow-ups); generated files under the instance folder
(exports, charts, the 智能机器人's open streams) are removed after a day. Run daily by the `retention` job."""
from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from bot.storage.bookkeeping import InboundMessage
from bot.storage.models import Activity, Report

GENERATED_FOLDERS = ("exports", "charts", "streams")  # a stream is polled for 6 minutes at most
FILE_MAX_AGE_S = 24 * 3600


def blank_old_texts(session: Session, now: datetime, days: int) -> int:
    """Blank raw texts older than `days`; returns how many rows changed."""
    cutoff = now - timedelta(days=days)
    inbound = session.execute(
        update(InboundMessage)
        .where(InboundMessage.received_at < cutoff,
               or_(InboundMessage.text != "", InboundMessage.reply_text.is_not(None),
                   InboundMessage.feedback_text.is_not(None)))
        .values(text="", reply_text=None, feedback_text=None)).rowcount
    reports = session.execute(update(Report).where(Report.created_at < cutoff, Report.text != "")
                              .values(text="")).rowcount
    activities = session.execute(update(Activity).where(Activity.created_at < cutoff, Activity.raw_text.is_not(None))
                                 .values(raw_text=None)).rowcount
    return inbound + reports + activities


def remove_old_files(instance: Path, now_s: float | None = None) -> int:
    """Remove generated files older than a day; returns how many files went."""
    cutoff = (time.time() if now_s is None else now_s) - FILE_MAX_AGE_S
    removed = 0
    for folder in GENERATED_FOLDERS:
        for path in (instance / folder).glob("*"):
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
    return removed
