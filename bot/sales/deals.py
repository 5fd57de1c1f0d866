"""The deal side of a report: the opportunity, its amounts (docs/report_rules.md), stage, probability and lead score;
orders are in orders.py."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from bot.sales import deal_risks, orders
from bot.sales.changes import ChangeLog
from bot.sales.vocabulary import OPEN_STAGES, PIPELINE, STAGE_PROBABILITY, AmountKind, LostReason, Probability, Stage
from bot.storage.codes import next_opportunity_code
from bot.storage.models import Customer, Opportunity, Report, StageChange
from bot.storage.opportunities import open_opportunity, value_band

AMOUNT_FIELDS = {AmountKind.BUDGET: "expected_amount", AmountKind.QUOTE: "quote_amount",
                 AmountKind.CONTRACT: "contract_amount"}
SENIOR_TITLES = ("总", "老板", "董事", "厂长", "总监", "负责人", "部长")


def dept_code(ctx) -> str:
    team = ctx.user.team
    return team.dept_code if team is not None else ctx.settings.get("BOT_DEPT_CODE")


def amounts_of(parsed: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's amounts as filed: a unit price times the quantity is the total (单价2万，5套 → 10万), an amount with
    no cue is the contract on a win and unknown otherwise (kind "other": the bot asks). A competitor's price (友商报了
    45万) is none of our deal's amounts: it is kept in the deal's 竞争情况."""
    quantity = parsed.get("quantity") or {}
    out = []
    for a in parsed.get("amounts") or []:
        if a.get("competitor"):
            continue
        kind = AmountKind(a["kind"]) if a["kind"] in AmountKind._value2member_map_ else AmountKind.OTHER
        if kind == AmountKind.OTHER and parsed.get("intent") == "won":
            kind = AmountKind.CONTRACT
        value, value_max, detail, unit_price = a["value"], a.get("value_max"), None, None
        if a.get("per_unit") and quantity.get("value"):
            unit_price = value
            value, value_max = value * quantity["value"], None
            detail = (unit_price, quantity["value"], quantity.get("unit") or "")
        out.append({"kind": kind, "value": value, "value_max": value_max, "detail": detail, "unit_price": unit_price})
    return out


def starts_deal(parsed: dict[str, Any], amounts: list[dict[str, Any]]) -> bool:
    """A budget, quote, contract, stage, win, loss, intent order or new lead: the report is about a deal."""
    return (parsed.get("intent") in ("new_lead", "won", "lost") or parsed.get("stage") in PIPELINE
            or bool(parsed.get("intent_order")) or any(a["kind"] in AMOUNT_FIELDS for a in amounts))


def has_outlook(parsed: dict[str, Any]) -> bool:
    """A stated probability, expected close or risk field: words about a deal that open one only for a customer with
    none yet."""
    return bool(parsed.get("probability") or parsed.get("expected_close")) or deal_risks.said(parsed)


def deal_for(ctx, log: ChangeLog, customer: Customer, parsed: dict[str, Any], amounts) -> Opportunity | None:
    """The customer's open deal; a new one (初步接洽) when the report gives a budget, quote, contract or stage and
    there is none — a loss with no open deal opens one straight at 已流失 so the loss counts in the funnel."""
    opp = open_opportunity(ctx.session, customer.id)
    if opp is not None:
        return opp
    if not starts_deal(parsed, amounts):
        if not has_outlook(parsed) or ctx.session.scalar(
                select(Opportunity.id).where(Opportunity.customer_id == customer.id).limit(1)) is not None:
            return None  # 这单希望不大 about a deal already won or lost opens no new one
    if parsed.get("intent") == "won" and orders.pending_order(ctx, customer) is None and not amounts:
        return None
    opp = Opportunity(code=next_opportunity_code(ctx.session, dept_code(ctx), ctx.today), customer_id=customer.id,
                      owner_id=customer.owner_id, stage=Stage.INITIAL.value,
                      probability=STAGE_PROBABILITY[Stage.INITIAL].value,
                      source=parsed.get("source") or customer.source, created_at=ctx.now)
    log.add(ctx.session, opp)
    return opp


def apply_amounts(log: ChangeLog, opp: Opportunity, amounts: list[dict[str, Any]], filed: dict[str, Any]) -> None:
    """In order of appearance (the last of a kind wins); every change shows old → new."""
    for amount in amounts:
        field = AMOUNT_FIELDS.get(amount["kind"])
        if field is None:
            continue
        old = getattr(opp, field)
        value = Decimal(str(amount["value"]))
        changed = log.set(opp, field, value)
        if field == "expected_amount":
            high = amount["value_max"]
            changed = log.set(opp, "budget_max", Decimal(str(high)) if high is not None else None) or changed
            log.set(opp, "value_band", value_band(value))
        if changed or old is None:
            filed.setdefault("amounts", []).append(
                {"kind": amount["kind"].value, "old": float(old) if old is not None and old != value else None,
                 "value": amount["value"], "value_max": amount["value_max"], "detail": amount["detail"]})


def move_stage(ctx, log: ChangeLog, opp: Opportunity, to: str, report: Report, lost_reason: str | None,
               filed: dict[str, Any]) -> None:
    if to not in PIPELINE or to == opp.stage:
        return
    before = opp.stage
    log.add(ctx.session, StageChange(opportunity=opp, from_stage=before, to_stage=to, at=ctx.now,
                                     by_id=ctx.user.id, report_id=report.id))
    log.set(opp, "stage", to)
    log.set(opp, "probability", STAGE_PROBABILITY[Stage(to)].value)
    if to in (Stage.WON, Stage.LOST):
        log.set(opp, "closed_at", ctx.now)
    elif before not in OPEN_STAGES:
        log.set(opp, "closed_at", None)
    if to == Stage.LOST:
        reason = LostReason.from_label(lost_reason or "") or LostReason.OTHER
        log.set(opp, "lost_reason", reason.value)
        filed["lost_reason"] = reason.value
    filed["stage"] = [before, to]


def apply(ctx, log: ChangeLog, customer: Customer, parsed: dict[str, Any], report: Report,
          filed: dict[str, Any]) -> Opportunity | None:
    amounts = amounts_of(parsed)
    unknown = [a for a in amounts if a["kind"] == AmountKind.OTHER]
    if unknown:  # never filed while its kind is not known: the confirmation asks (预算、报价还是合同金额？)
        filed["ask_amount"] = {"value": unknown[0]["value"], "value_max": unknown[0]["value_max"]}
    opp = deal_for(ctx, log, customer, parsed, amounts)
    if opp is not None:
        if log.is_new(opp):
            filed["opp_code"] = opp.code
        apply_amounts(log, opp, amounts, filed)
        stage = parsed.get("stage")
        if stage == Stage.WON or parsed.get("intent") == "won":
            move_stage(ctx, log, opp, Stage.WON, report, None, filed)
        elif stage:
            move_stage(ctx, log, opp, stage, report, parsed.get("lost_reason"), filed)
        if parsed.get("expected_close") and opp.stage in OPEN_STAGES:
            if log.set(opp, "expected_close", date.fromisoformat(parsed["expected_close"])):
                filed["expected_close"] = parsed["expected_close"]
        if parsed.get("probability") and opp.stage in OPEN_STAGES:
            if log.set(opp, "probability", Probability(parsed["probability"]).value):
                filed["probability"] = parsed["probability"]
        deal_risks.apply(log, opp, parsed, filed)
        _score(log, opp, customer, parsed)
        log.set(opp, "last_activity_at", ctx.now)
    orders.apply(ctx, log, customer, opp, parsed, amounts, report, filed)
    return opp


def lead_score(budget: Decimal | None, urgency: str, soon: bool, decides: bool, titled: bool) -> int:
    """Seed 001's lead score, on the point scale docs/report_rules.md writes down: budget 0/10/12/15, urgency
    0/5/8/10, decision power 0/4/7/10; a lead with budget ≥ 10, urgency ≥ 8 and decision ≥ 7 is an opportunity."""
    budget_points = 0 if not budget else 15 if budget >= 500_000 else 12 if budget >= 100_000 else 10
    urgency_points = 10 if urgency == "high" else 8 if soon else 5
    decision_points = 10 if decides else 7 if titled else 4
    return budget_points + urgency_points + decision_points


def _score(log: ChangeLog, opp: Opportunity, customer: Customer, parsed: dict[str, Any]) -> None:
    contacts = [*(c.get("title") or "" for c in parsed.get("contacts") or []),
                *(c.title or "" for c in customer.contacts if c.active is not False)]
    soon = bool(parsed.get("next_date")) and (parsed.get("urgency") == "high" or bool(parsed.get("tags")))
    score = lead_score(opp.expected_amount, parsed.get("urgency") or "normal", soon,
                       bool(parsed.get("decision_maker")), any(w in t for t in contacts for w in SENIOR_TITLES))
    log.set(opp, "lead_score", max(score, opp.lead_score or 0))


def set_amount(ctx, log: ChangeLog, customer: Customer, kind: AmountKind, value: float, value_max: float | None,
               filed: dict[str, Any]) -> Opportunity:
    """The answer to 'X是预算、报价还是合同金额？': the amount goes on the open deal (a new one when there is none)."""
    amounts = [{"kind": kind, "value": value, "value_max": value_max, "detail": None, "unit_price": None}]
    opp = deal_for(ctx, log, customer, {"intent": "log_activity"}, amounts)
    apply_amounts(log, opp, amounts, filed)
    return opp
