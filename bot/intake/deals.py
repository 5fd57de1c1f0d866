"""The deal side of a report: opportunity amounts, stage moves, the order on a win and the customer's new tier."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from bot.context import Context
from bot.intake.changes import ChangeLog
from bot.reports.tiers import tier_for
from bot.storage.codes import next_opportunity_code, next_order_code
from bot.storage.models import Customer, Opportunity, Order, Report, StageChange
from bot.storage.opportunities import OPEN_STAGES, PIPELINE, open_opportunity, value_band

AMOUNT_FIELDS = {"budget": "expected_amount", "quote": "quote_amount", "contract": "contract_amount"}
DEMAND_TYPES = ("定制化", "紧急补货")


def dept_code(ctx: Context) -> str:
    team = ctx.user.team
    return team.dept_code if team is not None else ctx.settings.get("BOT_DEPT_CODE")


def moves_deal(parsed: dict[str, Any]) -> bool:
    stage = parsed.get("stage")
    return parsed["intent"] == "new_lead" or stage in PIPELINE or any(
        a["kind"] in AMOUNT_FIELDS for a in parsed.get("amounts") or [])


def deal_for(ctx: Context, log: ChangeLog, customer: Customer, parsed: dict[str, Any]) -> Opportunity | None:
    """The open opportunity the report is about; a new one when the report moves a deal and there is none."""
    opp = open_opportunity(ctx.session, customer.id)
    if opp is not None or not moves_deal(parsed) or parsed.get("stage") == "lost":
        return opp
    opp = Opportunity(code=next_opportunity_code(ctx.session, dept_code(ctx), ctx.today), customer_id=customer.id,
                      owner_id=customer.owner_id, stage="initial", source=parsed.get("source") or customer.source,
                      created_at=ctx.now)
    log.add(ctx.session, opp)
    return opp


def apply_amounts(log: ChangeLog, opp: Opportunity, amounts: list[dict[str, Any]]) -> None:
    for amount in amounts:  # in order of appearance: the last of a kind wins (our quote after a rival's)
        field = AMOUNT_FIELDS.get(amount["kind"])
        if field is None:
            continue
        value = Decimal(str(amount["value"]))
        log.set(opp, field, value)
        if field == "expected_amount":
            log.set(opp, "value_band", value_band(value))


def move_stage(ctx: Context, log: ChangeLog, opp: Opportunity, to: str, report: Report,
               lost_reason: str | None = None) -> tuple[str, str] | None:
    if to not in PIPELINE or to == opp.stage:
        return None
    before = opp.stage
    log.add(ctx.session, StageChange(opportunity=opp, from_stage=before, to_stage=to, at=ctx.now,
                                     by_id=ctx.user.id, report_id=report.id))
    log.set(opp, "stage", to)
    if to in ("won", "lost"):
        log.set(opp, "closed_at", ctx.now)
    elif before not in OPEN_STAGES:
        log.set(opp, "closed_at", None)
    if to == "lost":
        log.set(opp, "lost_reason", lost_reason or "其他")
    return before, to


def record_win(ctx: Context, log: ChangeLog, opp: Opportunity, parsed: dict[str, Any], report: Report) -> Order:
    amount = opp.contract_amount or opp.quote_amount or opp.expected_amount or Decimal(0)
    log.set(opp, "contract_amount", amount)
    quantity = parsed.get("quantity") or {}
    demand = next((t for t in parsed.get("tags") or [] if t in DEMAND_TYPES), "标准品")
    order = Order(code=next_order_code(ctx.session, ctx.today), customer_id=opp.customer_id, opportunity=opp,
                  owner_id=opp.owner_id, report_id=report.id, amount=amount, product=opp.title,
                  quantity=quantity.get("value"), unit=quantity.get("unit"), demand_type=demand,
                  ordered_on=ctx.today, created_at=ctx.now)
    log.add(ctx.session, order)
    recompute_tier(ctx, log, opp.customer)
    return order


def recompute_tier(ctx: Context, log: ChangeLog, customer: Customer) -> None:
    """Annual purchase = orders of the last 12 months; a hand-set tier stays."""
    total = ctx.session.scalar(select(func.coalesce(func.sum(Order.amount), 0)).where(
        Order.customer_id == customer.id, Order.status != "已取消",
        Order.ordered_on > ctx.today - timedelta(days=365))) or Decimal(0)
    log.set(customer, "annual_purchase", Decimal(total))
    if customer.cooperating_since is None:
        log.set(customer, "cooperating_since", ctx.today)
    log.set(customer, "kind", "老")
    if not customer.tier_manual:
        log.set(customer, "tier", tier_for(Decimal(total), customer.cooperating_since, True, ctx.today))
