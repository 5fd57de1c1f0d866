"""Entry point: one chat message in, one ParseResult (the PARSE_SPEC.md contract) out."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from . import calendar
from . import intent as intents
from .contacts import find_contacts, find_reachable
from .customer_index import build_index
from .deal_risks import Competitor, Milestone, read_deal_risks
from .mentions import distinct, find_mentions
from .dates import find_dates, is_pause
from .followup import choose_next, next_action
from .money import find_amounts
from .parts import split_by_customer
from .records import Amount, Contact, CustomerRef, KnownCustomer, Quantity
from .signals import no_need_spans, read_signals
from .tags import find_tags, urgency
from .text import NUMBER_MASK, mask, normalize, split_clauses


@dataclass(frozen=True)
class ParseResult:
    intent: str
    activity_type: str | None
    customer: CustomerRef | None
    contacts: tuple[Contact, ...]
    amounts: tuple[Amount, ...]
    quantity: Quantity | None
    tags: tuple[str, ...]
    urgency: str
    stage: str | None
    lost_reason: str | None
    source: str | None
    next_date: str | None
    next_time: str | None
    next_action: str | None
    # Contract additions (docs/parse_contract.md).
    mode: str = "done"
    resolved: bool = False
    cancels_follow_up: bool = False
    fulfilment: str | None = None
    intent_order: bool = False
    cancel_order: bool = False
    probability: str | None = None
    decision_maker: bool = False
    contact_changed: bool = False
    query_topic: str | None = None
    small_talk: bool = False
    customers: tuple[CustomerRef, ...] = ()
    parts: tuple[dict, ...] = ()
    pause: bool = False
    moves_follow_up: bool = False
    expected_close: str | None = None
    holiday: str | None = None
    competitors: tuple[Competitor, ...] = ()
    risk: str | None = None
    milestone: Milestone | None = None
    decision_chain: str | None = None

    def to_dict(self) -> dict:
        return {
            "intent": self.intent,
            "activity_type": self.activity_type,
            "customer": self.customer.to_dict() if self.customer else None,
            "contacts": [c.to_dict() for c in self.contacts],
            "amounts": [a.to_dict() for a in self.amounts],
            "quantity": self.quantity.to_dict() if self.quantity else None,
            "tags": list(self.tags),
            "urgency": self.urgency,
            "stage": self.stage,
            "lost_reason": self.lost_reason,
            "source": self.source,
            "next_date": self.next_date,
            "next_time": self.next_time,
            "next_action": self.next_action,
            "mode": self.mode,
            "resolved": self.resolved,
            "cancels_follow_up": self.cancels_follow_up,
            "fulfilment": self.fulfilment,
            "intent_order": self.intent_order,
            "cancel_order": self.cancel_order,
            "probability": self.probability,
            "decision_maker": self.decision_maker,
            "contact_changed": self.contact_changed,
            "query_topic": self.query_topic,
            "small_talk": self.small_talk,
            "customers": [c.to_dict() for c in self.customers],
            "customer_candidates": list(self.customer.candidates) if self.customer else [],
            "parts": list(self.parts),
            "pause": self.pause,
            "moves_follow_up": self.moves_follow_up,
            "expected_close": self.expected_close,
            "holiday": self.holiday,
            "competitors": [c.to_dict() for c in self.competitors],
            "risk": self.risk,
            "milestone": self.milestone.to_dict() if self.milestone else None,
            "decision_chain": self.decision_chain,
        }


def parse(text: str, now: datetime, customers: Sequence[KnownCustomer | str] = ()) -> ParseResult:
    """Parse one message. `now` is the naive local reference time; `customers` the known customers."""
    norm = normalize(text if isinstance(text, str) else "")
    clauses = split_clauses(norm)
    new_lead = intents.is_new_lead(norm)
    reachable, reachable_spans = find_reachable(norm)
    # Phone numbers and e-mail addresses are never amounts, and zhang@jincheng.com does not name 锦程.
    searched = mask(norm, reachable_spans, NUMBER_MASK)
    index = build_index(tuple(customers or ()))
    customer, span, named = find_mentions(searched, clauses, index, new_lead)
    named_masked = mask(searched, [n[:2] for n in named])
    contacts, contact_spans = find_contacts(named_masked, clauses, reachable)
    masked = mask(named_masked, contact_spans)
    mentions = find_dates(masked, clauses, now)
    planned = {clauses.index(m.start) for m in mentions if m.day}
    amounts, quantity = find_amounts(masked, clauses, [m.span for m in mentions])
    tags = find_tags(mask(masked, no_need_spans(masked)))
    activity = intents.activity_type(masked, clauses, planned)
    planned_step = choose_next(mentions, masked, clauses, tied_only=True)  # 客户说1月中旬再联系 is a report too
    stage, intent = _intent(masked, clauses, planned, new_lead,
                            bool(customer or activity or contacts or amounts or quantity or tags or planned_step
                                 or intents.mentions_contact(masked)))
    # A query's dates ask about the calendar (今天有哪些客户要跟进？); they are not a follow-up.
    follow_up = intent != "query" and not intents.is_greeting(masked)
    moved = next((m for m in mentions if m.moves and m.day), None) if follow_up else None
    chosen = moved or (choose_next(mentions, masked, clauses) if follow_up else None)
    closing = next((m.day for m in mentions if m.closes and m.day), None) if follow_up else None
    signals = read_signals(masked, clauses, planned, intent)
    deal = read_deal_risks(norm, named_masked, masked, clauses, mentions, intent)
    return ParseResult(
        intent=intent,
        activity_type=activity if follow_up else None,
        customer=customer,
        contacts=tuple(contacts),
        amounts=_competitors_marked(tuple(_contract_if_won(a, intent) for a in amounts), deal.competitor_amounts),
        quantity=quantity,
        tags=tuple(tags),
        urgency=urgency(masked),
        stage=stage,
        lost_reason=intents.lost_reason(masked, clauses) if intent == "lost" else None,
        source=intents.lead_source(masked) if intent == "new_lead" else None,
        next_date=chosen.day.isoformat() if chosen else None,
        next_time=chosen.time if chosen else None,
        next_action=next_action(norm, clauses, chosen, mentions) if follow_up else None,
        mode=intents.mode(masked, clauses, planned, intent,
                          signals.reported or any(a.kind == "payment" for a in amounts)),
        resolved=signals.resolved,
        cancels_follow_up=signals.cancels_follow_up,
        fulfilment=signals.fulfilment,
        intent_order=signals.intent_order,
        cancel_order=signals.cancel_order,
        probability=signals.probability,
        decision_maker=deal.decision_maker,
        contact_changed=signals.contact_changed,
        query_topic=signals.query_topic,
        small_talk=intent == "unknown" and intents.is_small_talk(masked),
        customers=distinct(named),
        parts=tuple(parse(part, now, customers).to_dict() for part in split_by_customer(norm, clauses, named)),
        pause=follow_up and is_pause(masked),
        moves_follow_up=moved is not None,
        expected_close=closing.isoformat() if closing else None,
        holiday=calendar.holiday_name(chosen.day) if chosen else None,
        competitors=deal.competitors,
        risk=deal.risk,
        milestone=deal.milestone,
        decision_chain=deal.decision_chain,
    )


def _intent(text, clauses, planned, new_lead, has_content) -> tuple[str | None, str]:
    if not text.strip() or intents.is_greeting(text):
        return None, "unknown"
    if intents.is_query(text, clauses):
        return None, "query"
    stage = intents.find_stage(text, clauses, planned)
    if stage:
        return stage, stage if stage in ("won", "lost") else "stage_change"
    if new_lead:
        return None, "new_lead"
    return None, "log_activity" if has_content else "unknown"


def _contract_if_won(amount: Amount, intent: str) -> Amount:
    # 签了…，金额三百万: once the deal is won, an amount with no cue of its own is the contract value.
    if intent == "won" and amount.kind == "other":
        return Amount("contract", amount.value, amount.value_max, amount.per_unit)
    return amount


def _competitors_marked(amounts: tuple[Amount, ...], theirs: tuple) -> tuple[Amount, ...]:
    """Each amount said of a competitor (友商报了45万) is marked once, in order, so our own quote stays ours."""
    left = list(theirs)
    marked = []
    for amount in amounts:
        if amount.value in left:
            left.remove(amount.value)
            amount = replace(amount, competitor=True)
        marked.append(amount)
    return tuple(marked)
