"""Look-ups of targets: those of a period for some teams and reps, and the one row a (period, subject, KPI) has."""
from __future__ import annotations

from datetime import date

from sqlalchemy import false, or_, select
from sqlalchemy.orm import Session

from bot.storage.models import Target


def targets_of(session: Session, kind: str, start: date, team_ids: list[int] | None,
               user_ids: list[int] | None) -> list[Target]:
    """The period's targets of `team_ids` and of `user_ids` (None: any team / any rep; []: none)."""
    def subject(column, ids):
        if ids is None:
            return column.is_not(None)
        return column.in_(ids) if ids else false()

    return list(session.scalars(select(Target).where(
        Target.period_kind == kind, Target.period_start == start,
        or_(subject(Target.team_id, team_ids), subject(Target.user_id, user_ids))).order_by(Target.id)))


def target_for(session: Session, kind: str, start: date, kpi: str, *, team_id: int | None = None,
               user_id: int | None = None) -> Target | None:
    """The target one team or one rep has on `kpi` for the period (a subject has at most one per KPI)."""
    return session.scalars(select(Target).where(
        Target.period_kind == kind, Target.period_start == start, Target.kpi == kpi,
        Target.team_id.is_(None) if team_id is None else Target.team_id == team_id,
        Target.user_id.is_(None) if user_id is None else Target.user_id == user_id).order_by(Target.id)).first()
