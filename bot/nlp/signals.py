"""What a report says about the records beyond its intent and stage: a need met, follow-ups cancelled, the order's
fulfilment, an intent order or its cancellation, the rep's own probability, a change of contact, and what a
question asks about (docs/parse_contract.md). Who decides is read with the deal's other fields (deal_risks.py)."""

import re
from dataclasses import dataclass

from . import lexicon
from .text import Clauses

_SIG = lexicon.load("signals")


def _regex(words) -> re.Pattern:
    return lexicon.word_regex(words, escape=False)


_RESOLVED = _regex(_SIG["resolved"])
_DEAL_NOT_NEED = re.compile("(?:" + lexicon.alternation(_SIG["not_resolved_after"]) + r")(?:的事|的问题|问题|这块|也|都|已经|已)*$")
_CANCELS = _regex(_SIG["cancels_follow_up"])
_INTENT_ORDER = _regex(_SIG["intent_order"])
_CANCEL_ORDER = _regex(_SIG["cancel_order"])
_CONTACT_CHANGED = _regex(_SIG["contact_changed"])
_PROBABILITY = [(_regex(words), label) for label, words in _SIG["probability"]]
_TOPICS = [(topic, _regex(words)) for topic, words in _SIG["query_topics"]]
_FULFILMENT = [(state, _regex(words)) for state, words in _SIG["fulfilment"]]
_AFTER_SALES = dict(_FULFILMENT)["after_sales"]
_NOT_OUR_GOODS = lexicon.word_regex(_SIG["not_our_goods"])
_NEGATED = re.compile("(?:" + lexicon.alternation(_SIG["negations"]) + r")[还都也再就能会是很太那么怎么]{0,2}$")
_CONDITIONAL = lexicon.word_regex(_SIG["conditional"])
_PLAN_BEFORE = lexicon.word_regex(_SIG["plan_before"])


def no_need_spans(text: str) -> list[tuple[int, int]]:
    """Where the message says a need is met (到货了, 修好了) or reports the after-sales call itself (售后回访了):
    these words never tag a need."""
    return [m.span() for pattern in (_RESOLVED, _AFTER_SALES) for m in pattern.finditer(text)]


@dataclass(frozen=True)
class Signals:
    resolved: bool
    cancels_follow_up: bool
    fulfilment: str | None
    intent_order: bool
    cancel_order: bool
    probability: str | None
    contact_changed: bool
    query_topic: str | None

    @property
    def reported(self) -> bool:
        """Something happened that only a contact tells: the message is not a mere plan."""
        return (self.resolved or self.fulfilment is not None or self.intent_order or self.cancel_order
                or self.contact_changed)


def read_signals(text: str, clauses: Clauses, planned_clauses: set[int], intent: str) -> Signals:
    """`text` has its customer and contact names masked; `planned_clauses` hold a future date. A question
    (问题解决了吗？) reports nothing: it only has a topic."""
    if intent == "query":
        topic = next((topic for topic, pattern in _TOPICS if pattern.search(text)), None)
        return Signals(False, False, None, False, False, None, False, topic)
    said = Said(text, clauses)
    return Signals(
        resolved=any(not _DEAL_NOT_NEED.search(said.lead_in(m, 8)) for m in said.matches(_RESOLVED)),
        cancels_follow_up=intent == "lost" or said.any(_CANCELS),
        fulfilment=_fulfilment(said, planned_clauses),
        intent_order=intent != "won" and said.any(_INTENT_ORDER),
        cancel_order=said.any(_CANCEL_ORDER),
        probability=_probability(said),
        contact_changed=said.any(_CONTACT_CHANGED),
        query_topic=None,
    )


class Said:
    """Matches of a word list that the message affirms: not right after a negation (还没解决, 不用拍板)."""

    def __init__(self, text: str, clauses: Clauses):
        self.text, self.clauses = text, clauses

    def lead_in(self, m, width: int) -> str:
        start = self.clauses.span(m.start())[0]
        return self.text[max(start, m.start() - width):m.start()]

    def matches(self, pattern: re.Pattern):
        return [m for m in pattern.finditer(self.text)
                if not _NEGATED.search(self.lead_in(m, 4)) and not _CONDITIONAL.search(self.lead_in(m, 8))]

    def any(self, pattern: re.Pattern) -> bool:
        return bool(self.matches(pattern))


def _probability(said: Said) -> str | None:
    # The longest phrase said wins: 很有希望 (高) over the 有希望 (中) inside it.
    found = [(len(m[0]), label) for pattern, label in _PROBABILITY for m in said.matches(pattern)]
    return max(found)[1] if found else None


def _fulfilment(said: Said, planned_clauses: set[int]) -> str | None:
    """The furthest state the order has reached: after-sales, then delivered, then production. Planned steps
    (下月初排产, 安排售后回访) and arrivals of what a need waited for (样品到货了) do not count."""
    for state, pattern in _FULFILMENT:
        for m in said.matches(pattern):
            number = said.clauses.index(m.start())
            clause_before = said.text[said.clauses.starts[number]:m.start()]
            if number in planned_clauses or _PLAN_BEFORE.search(said.lead_in(m, 6)):
                continue
            if state == "delivered" and _NOT_OUR_GOODS.search(clause_before):
                continue
            return state
    return None
