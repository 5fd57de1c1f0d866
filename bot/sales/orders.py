"""Orders from chat: won (已成交), intent (待处理), cancelled, paid, in production, delivered, after-sales — and the
customer's tier, which the won orders decide (docs/report_rules.md)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from bot.reports.tiers import counted_purchase, tier_for
from bot import texts
from bot.sales.changes import ChangeLog
from bot.sales.command_reports import command_report, finish_command_report
from bot.sales.errors import CommandError
from bot.sales.vocabulary import AmountKind, CustomerKind, DemandType, Fulfilment, OrderStatus, Stage
from bot.storage.bounds import check_fits
from bot.storage.codes import next_order_code
from bot.storage.customers import can_see
from bot.storage.models import Customer, Opportunity, Order, Report, Requirement


def pending_order(ctx, customer: Customer) -> Order | None:
    return ctx.session.scalars(select(Order).where(Order.customer_id == customer.id,
                                                   Order.status == OrderStatus.PENDING)
                               .order_by(Order.id.desc())).first()


def _latest_won_order(ctx, customer: Customer) -> Order | None:
    return ctx.session.scalars(select(Order).where(Order.customer_id == customer.id, Order.status == OrderStatus.WON)
                               .order_by(Order.ordered_on.desc(), Order.id.desc())).first()


def _demand_type(ctx, customer: Customer, parsed: dict[str, Any]) -> DemandType:
    tags = set(parsed.get("tags") or [])
    for r in ctx.session.scalars(select(Requirement.tags).where(Requirement.customer_id == customer.id,
                                                                Requirement.status != "已解决")):
        tags.update(r or [])
    for demand in (DemandType.CUSTOM, DemandType.URGENT):
        if demand.value in tags:
            return demand
    return DemandType.STANDARD


def apply(ctx, log: ChangeLog, customer: Customer, opp: Opportunity | None, parsed: dict[str, Any],
            amounts: list[dict[str, Any]], report: Report, filed: dict[str, Any]) -> None:
    quantity = parsed.get("quantity") or {}
    priced = next((a for a in amounts if a["kind"] in (AmountKind.CONTRACT, AmountKind.QUOTE)), None)
    pending = pending_order(ctx, customer)
    if (filed.get("stage") or [None, None])[1] == Stage.WON:
        amount = (opp.contract_amount or opp.quote_amount or opp.expected_amount) if opp is not None else None
        amount = amount if amount is not None else (pending.amount if pending is not None else Decimal(0))
        order = pending
        if order is None:
            order = Order(code=next_order_code(ctx.session, ctx.today), customer_id=customer.id, opportunity=opp,
                          owner_id=customer.owner_id, report_id=report.id, amount=amount, ordered_on=ctx.today,
                          status=OrderStatus.WON.value, created_at=ctx.now)
            log.add(ctx.session, order)
        log.set(order, "status", OrderStatus.WON.value)
        log.set(order, "amount", amount)
        log.set(order, "demand_type", _demand_type(ctx, customer, parsed).value)
        if opp is not None and order.opportunity_id is None and not log.is_new(order):
            log.set(order, "opportunity_id", opp.id)
        _fill(log, order, quantity, priced)
        if opp is not None:
            log.set(opp, "contract_amount", amount)
        filed["order"] = {"code": order.code, "status": order.status, "amount": float(amount)}
        recompute_tier(ctx, log, customer)
    elif (filed.get("stage") or [None, None])[1] == Stage.LOST and pending is not None:
        log.set(pending, "status", OrderStatus.CANCELLED.value)
        filed["order"] = {"code": pending.code, "status": pending.status, "amount": float(pending.amount)}
    elif parsed.get("cancel_order"):
        order = pending or _latest_won_order(ctx, customer)
        if order is not None:
            log.set(order, "status", OrderStatus.CANCELLED.value)
            log.set(order, "cancel_reason", (report.text or "")[:64])
            filed["order"] = {"code": order.code, "status": order.status, "amount": float(order.amount)}
    elif parsed.get("intent_order"):
        amount = Decimal(str(priced["value"])) if priced is not None else Decimal(0)
        order = pending  # a second intention updates the pending order instead of adding one
        if order is None:
            order = Order(code=next_order_code(ctx.session, ctx.today), customer_id=customer.id, opportunity=opp,
                          owner_id=customer.owner_id, report_id=report.id, amount=amount, ordered_on=ctx.today,
                          demand_type=_demand_type(ctx, customer, parsed).value, status=OrderStatus.PENDING.value,
                          created_at=ctx.now)
            log.add(ctx.session, order)
        if priced is not None:
            log.set(order, "amount", amount)
        _fill(log, order, quantity, priced)
        filed["order"] = {"code": order.code, "status": order.status, "amount": float(order.amount),
                          "quantity": order.quantity, "unit": order.unit}
    _payments_and_delivery(ctx, log, customer, parsed, amounts, filed)


def _fill(log: ChangeLog, order: Order, quantity: dict[str, Any], priced: dict[str, Any] | None) -> None:
    """The quantity and unit price the report said, on the order."""
    if quantity.get("value"):
        log.set(order, "quantity", int(quantity["value"]))
        log.set(order, "unit", quantity.get("unit"))
    if priced is not None and priced["unit_price"] is not None:
        log.set(order, "unit_price", Decimal(str(priced["unit_price"])))


def _payments_and_delivery(ctx, log: ChangeLog, customer: Customer, parsed: dict[str, Any],
                           amounts: list[dict[str, Any]], filed: dict[str, Any]) -> None:
    payments = [a for a in amounts if a["kind"] == AmountKind.PAYMENT]
    fulfilment = parsed.get("fulfilment")
    if not payments and not fulfilment:
        return
    order = _latest_won_order(ctx, customer)
    if order is None:
        filed["no_order"] = True
        return
    for payment in payments:
        log.set(order, "paid", (order.paid or Decimal(0)) + Decimal(str(payment["value"])))
        filed["payment"] = {"code": order.code, "value": payment["value"], "paid": float(order.paid)}
    target = {"production": Fulfilment.PRODUCTION, "delivered": Fulfilment.DELIVERED,
              "after_sales": Fulfilment.AFTER_SALES}.get(fulfilment or "")
    if target == Fulfilment.AFTER_SALES and order.fulfilment != Fulfilment.DELIVERED:
        return  # an after-sales call only follows a delivery
    if target is not None and log.set(order, "fulfilment", target.value):
        if target == Fulfilment.DELIVERED:
            log.set(order, "delivered_on", ctx.today)
        filed["fulfilment"] = {"code": order.code, "value": target.value}


def recompute_tier(ctx, log: ChangeLog, customer: Customer) -> None:
    """Annual purchase = won orders of the last 12 months (bot.reports.tiers); a hand-set tier stays."""
    ctx.session.flush()  # the sum includes the order this report just won
    total = ctx.session.scalar(select(func.coalesce(func.sum(Order.amount), 0)).where(
        Order.customer_id == customer.id, counted_purchase(ctx.today))) or Decimal(0)
    log.set(customer, "annual_purchase", Decimal(total))
    if customer.cooperating_since is None:
        log.set(customer, "cooperating_since", ctx.today)
    log.set(customer, "kind", CustomerKind.OLD.value)
    if not customer.tier_manual:
        log.set(customer, "tier", tier_for(Decimal(total), customer.cooperating_since, True, ctx.today))


def cancel_by_code(ctx, code: str, reason: str) -> Order:
    """/取消订单: the order (one the sender may see) becomes 已取消 with the reason, as a report of its own."""
    order = ctx.session.scalars(select(Order).where(Order.code == code.upper())).first()
    if order is None or not can_see(ctx.session, ctx.user, order.customer):
        raise CommandError(texts.ORDER_NOT_FOUND.format(code=code))
    if order.status == OrderStatus.CANCELLED:
        raise CommandError(texts.ORDER_ALREADY_CANCELLED.format(code=order.code))
    check_fits(Order.cancel_reason, reason)
    log = ChangeLog()
    report = command_report(ctx, order.customer_id)
    log.set(order, "status", OrderStatus.CANCELLED.value)
    log.set(order, "cancel_reason", reason)
    recompute_tier(ctx, log, order.customer)
    finish_command_report(report, log)
    return order
