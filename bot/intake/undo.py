"""/撤销 and corrections: take back everything one report created or changed."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.intake.changes import CREATED_ORDER, decode, model
from bot.storage.models import Report, User

UNDO_WINDOW = timedelta(hours=24)


def latest_report(session: Session, user: User, now: datetime, window: timedelta) -> Report | None:
    """The sender's last report, if it is not undone and younger than `window`."""
    report = session.scalars(select(Report).where(Report.user_id == user.id)
                             .order_by(Report.created_at.desc(), Report.id.desc())).first()
    if report is None or report.undone_at is not None or report.created_at < now - window:
        return None
    return report


def undo_report(session: Session, report: Report, now: datetime) -> None:
    changes = report.changes or {}
    for change in reversed(changes.get("updated", [])):
        row = session.get(model(change["table"]), change["id"])
        if row is not None:
            setattr(row, change["field"], decode(change["old"]))
    created = changes.get("created", {})
    for name in CREATED_ORDER:
        for row_id in reversed(created.get(name, [])):
            row = session.get(model(name), row_id)
            if row is None or (name == "Outbox" and row.status != "pending"):  # a sent message stays sent
                continue
            session.delete(row)
        session.flush()
    report.undone_at = now
    session.flush()
    session.expire_all()  # collections loaded before (customer.contacts) must not keep deleted rows
