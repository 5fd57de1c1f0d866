"""Requirements, what the customer needs: opened only for a need, updated instead of duplicated, closed by words
or /需求 N 已解决, responded to by a later contact (REPORT_SEMANTICS §2)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.sales.changes import ChangeLog
from bot.sales.vocabulary import NEED_TAGS, Importance, RequirementStatus
from bot.storage.models import Activity, Customer, Report, Requirement

HIGH_AMOUNT = 500_000
MID_AMOUNT = 100_000
TIER_POINTS = {"A": 2, "B": 1}
DELIVERY_NEEDS = ("紧急补货", "交付")  # what a delivery itself meets
IMPORTANCE_ORDER = {Importance.HIGH: 0, Importance.MEDIUM: 1, Importance.LOW: 2}


def open_requirements(session: Session, customer_ids) -> list[Requirement]:
    """Not yet solved, most important first, then oldest first (the /需求 numbering)."""
    rows = session.scalars(select(Requirement).where(Requirement.customer_id.in_(list(customer_ids)),
                                                     Requirement.status != RequirementStatus.RESOLVED))
    return sorted(rows, key=lambda r: (IMPORTANCE_ORDER.get(r.importance, 9), r.created_at, r.id))


def importance(urgency: str, amount: float | None, tier: str) -> Importance:
    points = 2 if urgency == "high" else 0
    points += 2 if (amount or 0) >= HIGH_AMOUNT else 1 if (amount or 0) >= MID_AMOUNT else 0
    points += TIER_POINTS.get(tier, 0)
    return Importance.HIGH if points >= 2 else Importance.MEDIUM if points == 1 else Importance.LOW


def apply(ctx, log: ChangeLog, customer: Customer, activity: Activity | None, parsed: dict[str, Any], text: str,
          report: Report, filed: dict[str, Any]) -> Requirement | None:
    tags = list(parsed.get("tags") or [])
    needs = [t for t in tags if t in NEED_TAGS]
    existing = open_requirements(ctx.session, [customer.id])
    if parsed.get("resolved"):
        target = _sharing(existing, tags) or (existing[0] if len(existing) == 1 else None)
        if target is not None:
            set_status(log, target, RequirementStatus.RESOLVED, ctx.now)
            filed["requirement"] = {"op": "resolved", "tags": target.tags, "status": target.status}
            existing.remove(target)
        # 到了 that is a delivery (设备到了，但是有异响) met the delivery, not the problem said after it
        needs = [t for t in needs if parsed.get("fulfilment") == "delivered" and t not in DELIVERY_NEEDS
                 and t not in (target.tags if target is not None else [])]
        if not needs:
            return target
    touched = None
    if needs:
        touched = _sharing(existing, needs)
        if touched is not None:
            log.set(touched, "tags", [*touched.tags, *(t for t in needs if t not in touched.tags)])
            log.set(touched, "description", f"{touched.description}；{text}")
            set_status(log, touched, RequirementStatus.IN_PROGRESS, ctx.now)
            filed.setdefault("requirement", {"op": "updated", "tags": touched.tags, "status": touched.status})
        else:
            amount = max((a["value"] for a in parsed.get("amounts") or []
                          if a.get("kind") != "payment" and not a.get("competitor")), default=None)
            touched = Requirement(
                customer_id=customer.id, user_id=ctx.user.id, activity=activity, opportunity=activity.opportunity
                if activity else None, report_id=report.id, tags=needs, description=text,
                status=RequirementStatus.OPEN.value, created_at=ctx.now,
                importance=importance(parsed.get("urgency") or "normal", amount, customer.tier).value,
                amount=Decimal(str(amount)) if amount is not None else None)
            log.add(ctx.session, touched)
            filed.setdefault("requirement", {"op": "opened", "tags": needs, "importance": touched.importance})
    if activity is not None:  # a later contact with the customer answers what was raised before it
        for r in existing:
            if r is not touched and r.responded_at is None and r.created_at < ctx.now:
                log.set(r, "responded_at", ctx.now)
    return touched


def _sharing(rows: list[Requirement], tags: list[str]) -> Requirement | None:
    return next((r for r in rows if set(r.tags or []) & set(tags)), None)


def set_status(log: ChangeLog, requirement: Requirement, status: RequirementStatus, now) -> None:
    """跟进中 counts as responded; 已解决 also as solved."""
    log.set(requirement, "status", status.value)
    if requirement.responded_at is None:
        log.set(requirement, "responded_at", now)
    if status == RequirementStatus.RESOLVED:
        log.set(requirement, "resolved_at", now)
    elif requirement.resolved_at is not None:
        log.set(requirement, "resolved_at", None)
