"""The deal fields of the templates (seed 001 模板2, seed 002) a report may state: the competition (who else bids, at
what price), the risk the rep sees, the deal's key milestone with its date, and the decision chain — whose deciding
words also give `decision_maker`, the lead score's decision power (docs/parse_contract.md)."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import lexicon
from .dates import DateMention
from .money import find_amounts
from .signals import Said
from .text import MASK, Clauses, split_clauses

_DATA = lexicon.load("deal_risks")


def _regex(words) -> re.Pattern:
    return lexicon.word_regex(words, escape=False)


_GENERIC = lexicon.word_regex(_DATA["competitor_generic"])
_ALSO = _regex(_DATA["competitor_also"])
_NAME_CUT = lexicon.word_regex(_DATA["competitor_name_cut"])
_NAMED_GENERIC = re.compile(rf"(?:{_GENERIC.pattern})(?:[A-Za-z]{{1,3}}\d?|[甲乙丙丁])?")
_NAME = re.compile(r"[A-Za-z0-9\u4e00-\u9fff]{2,8}$")
_PRICE_CLAUSE = re.compile(_DATA["competitor_price_clause"])
_OUR_SIDE = lexicon.word_regex(_DATA["our_side"])
_RELATIVE_PRICE = re.compile(r"(?:便宜|低|高|贵|少|差)(?:了|出)?(?:大概|约)?[\d一二两三四五六七八九十]")
_RISK = _regex(_DATA["risk"])
_RISK_NEGATED = re.compile("(?:" + lexicon.alternation(_DATA["risk_negated_before"]) + r")[太很是会用再]?$")
_EVENTS = lexicon.word_regex(_DATA["milestone_events"])
_FILLERS = re.compile(_DATA["milestone_fillers"])
_TRAILING = re.compile(_DATA["milestone_trailing"])
_KEY_MILESTONE = "关键节点"  # the template's own word: what follows it is the milestone
_DECIDES = _regex(_DATA["decision_maker"])
_DECIDES_NOT_BEFORE = re.compile("(?:" + lexicon.alternation(_DATA["decision_maker_not_before"]) + ")")
_CHAIN = _regex(_DATA["decision_chain"])
_ASCII_COMMA = re.compile(r"(?<!\d),|,(?!\d{3})")
_SPEAKER = re.compile(r"(?:□+|客户|对方|他们|他|她)?(?:说(?!了?算)|表示|反馈|透露|提到|讲)(?:了)?[\s,:]*")
# What stands between a customer's name and what the clause says of it (华为那边说, 三一的项目).
_AFTER_NAME = re.compile(r"(?:的|那边|这边|方面|项目|这个项目|这单|[\s,:])*")


@dataclass(frozen=True)
class Competitor:
    name: str | None  # 西门子, 竞品A; None for 竞争对手 / 友商 unnamed
    text: str  # as written: 西门子也在报，报价45万
    price: int | float | None  # their price in yuan, when said (not a difference: 便宜5万)

    def to_dict(self) -> dict:
        return {"name": self.name, "text": self.text, "price": self.price}


@dataclass(frozen=True)
class Milestone:
    text: str  # the event without its date words: 招标, 评标
    date: str | None  # YYYY-MM-DD

    def to_dict(self) -> dict:
        return {"text": self.text, "date": self.date}


@dataclass(frozen=True)
class DealRisks:
    competitors: tuple[Competitor, ...] = ()
    competitor_amounts: tuple[int | float, ...] = ()  # every amount said of a competitor: not our deal's
    risk: str | None = None
    milestone: Milestone | None = None
    decision_chain: str | None = None
    decision_maker: bool = False


NONE = DealRisks()


def read_deal_risks(norm: str, named: str, masked: str, clauses: Clauses, dates: Sequence[DateMention],
                    intent: str) -> DealRisks:
    """`norm` is the message as written (normalised), `named` the same with customer names masked, `masked` with
    contacts masked too (all three the same length). A question or a loss states none of the fields."""
    if intent in ("query", "lost"):
        return NONE
    said = Said(masked, clauses)
    competitors, amounts = _competitors(norm, named, masked, clauses)
    decides = said.matches(_DECIDES)
    risks = [m.start() for m in _RISK.finditer(masked) if not _RISK_NEGATED.search(said.lead_in(m, 3))]
    chain = [m.start() for m in decides] + [m.start() for m in said.matches(_CHAIN)]
    return DealRisks(
        competitors=competitors,
        competitor_amounts=amounts,
        risk=_joined(norm, named, masked, clauses, risks, without_speaker=True),
        milestone=_milestone(norm, masked, clauses, dates),
        # who said it stays in a chain: in 老板说他拍板 the speaker is the one who decides
        decision_chain=_joined(norm, named, masked, clauses, chain, without_speaker=False),
        decision_maker=any(not _DECIDES_NOT_BEFORE.search(said.lead_in(m, 6)) for m in decides),
    )


def _competitors(norm, named, masked, clauses) -> tuple[tuple[Competitor, ...], tuple]:
    found, amounts, taken = [], [], set()
    for i, (start, end) in enumerate(zip(clauses.starts, clauses.ends)):
        clause = masked[start:end]
        also, generic = _ALSO.search(clause), _NAMED_GENERIC.search(clause)
        if i in taken or not (also or generic):
            continue
        name = generic[0] if generic and generic[0] not in _DATA["competitor_generic"] else None
        if also and name is None:
            name = _name_before(clause[:also.start()])
        if i + 1 < len(clauses.starts) and _continues_price(masked[clauses.starts[i + 1]:clauses.ends[i + 1]]):
            taken.add(i + 1)
            end = clauses.ends[i + 1]
        segment = masked[start:end]
        said_amounts = [a.value for a in find_amounts(segment, split_clauses(segment))[0]]
        amounts += said_amounts
        price = said_amounts[0] if said_amounts and not _RELATIVE_PRICE.search(segment) else None
        anchor = start + min(m.start() for m in (also, generic) if m)
        found.append(Competitor(name, _as_written(norm, named, masked, start, end, anchor), price))
    return tuple(found), tuple(amounts)


def _name_before(text: str) -> str | None:
    """The competitor named right before 也在报: after the last filler word or masked name (客户说西门子 → 西门子)."""
    cuts = [m.end() for m in _NAME_CUT.finditer(text)] + [i + 1 for i, ch in enumerate(text) if ch == MASK]
    m = _NAME.search(text[max(cuts, default=0):])
    return m[0] if m else None


def _continues_price(clause: str) -> bool:
    """西门子也在报，报价45万: the next clause gives their price unless it speaks of ours (我们报价52万)."""
    clause = clause.strip(" ,")
    return bool(_PRICE_CLAUSE.match(clause)) and not _OUR_SIDE.search(clause)


def _milestone(norm, masked, clauses, dates) -> Milestone | None:
    """The first dated event (招标, 评标, 上会…): its words from the event on, without the date (他们12月10号开标 →
    开标, 评标改到下月20号 → 评标)."""
    for m in dates:
        if m.day is None:
            continue
        start, end = clauses.span(m.start)
        event = _EVENTS.search(masked, start, end)
        if event is None:
            continue
        begin = event.end() if event[0] == _KEY_MILESTONE else event.start()
        text = norm[begin:m.start] + norm[m.end:end] if begin <= m.start else norm[begin:end]
        text = _TRAILING.sub("", _FILLERS.sub("", text)).strip(" ,")
        return Milestone(text or event[0], m.day.isoformat())
    return None


def _joined(norm, named, masked, clauses, anchors: list[int], without_speaker: bool) -> str | None:
    """The clauses holding the anchors (a match each), in order, as written."""
    first = {}
    for pos in sorted(anchors):
        first.setdefault(clauses.index(pos), pos)
    parts = [_as_written(norm, named, masked, clauses.starts[i], clauses.ends[i], pos, without_speaker)
             for i, pos in sorted(first.items())]
    return "，".join(p for p in parts if p) or None


def _as_written(norm: str, named: str, masked: str, start: int, end: int, anchor: int,
                without_speaker: bool = True) -> str:
    # NFKC made the message's ，；ASCII: written back in Chinese for the card, a thousands comma (1,000) kept.
    begin = _text_start(named, masked, start, end, without_speaker)
    # Dictated text has spaces for commas (嗯 今天上午 那个 去锦程拜访了一下 刘经理说…): start after the last one
    # before what matched.
    begin = max(begin, norm.rfind(" ", begin, anchor) + 1)
    return _ASCII_COMMA.sub("，", norm[begin:end].strip(" ,")).replace(";", "；")


def _text_start(named: str, masked: str, start: int, end: int, without_speaker: bool) -> int:
    """Where the clause's own words begin: after the customer's name that opens it and, unless asked to keep it,
    after who said it (华为那边说西门子也在报, 王经理说友商报了45万 → the words from 西门子 / 友商)."""
    pos = start
    while pos < end and named[pos] in (MASK, " "):
        pos += 1
    if pos > start:
        pos = _AFTER_NAME.match(named, pos, end).end()
    speaker = _SPEAKER.match(masked, pos, end) if without_speaker else None
    return speaker.end() if speaker else pos
