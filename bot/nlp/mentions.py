"""Every customer a message names, and the main one.

A name found verbatim by its short name or a part of it may be only a piece of a longer unknown name: 海天塑机 is not
海天, in 格林美的王总 the 美的 is no customer, 上海申通快递 is not 上海申. So each such mention is checked against the
company name its clause shows around it, and that whole name is looked up instead when they differ.
"""

from . import lexicon
from .companies import find_company
from .customer_index import CustomerIndex
from .customers import ACCEPT, cut_from_longer, find_all_known, find_known, score_candidate
from .records import CustomerRef
from .text import Clauses, mask

_NAMES = lexicon.load("names")
_FUNCTION_CHARS = set(_NAMES["name_not_start"]) | set(_NAMES["name_boundary_chars"])


def find_mentions(text: str, clauses: Clauses, index: CustomerIndex, new_lead: bool):
    """(main CustomerRef or None, its span or None, every mention as (start, end, CustomerRef) in order)."""
    verbatim = [_whole(text, clauses, index, m) for m in find_all_known(text, index)]
    main, span = _main(text, clauses, index, verbatim, new_lead)
    others = [m for m in verbatim if not (span and m[0] < span[1] and span[0] < m[1])]
    return main, span, sorted(others + [(*span, main)] if main else others, key=lambda m: m[0])


def distinct(mentions) -> tuple[CustomerRef, ...]:
    """Each customer once, in the order first named."""
    by_key = {}
    for _, _, ref in mentions:
        by_key.setdefault(ref.match or ref.text, ref)
    return tuple(by_key.values())


def _main(text: str, clauses: Clauses, index: CustomerIndex, verbatim: list, new_lead: bool):
    """A new lead names a company we may not know yet; any other message is about a known customer when it names one."""
    known = find_known(text, index, verbatim)
    if known and known not in verbatim:
        known = _whole(text, clauses, index, known)
    if known and not new_lead:
        return known[2], known[:2]
    if known and known[2].score < ACCEPT:
        # 转介绍了个新客户 泽苓堂大药房连锁: a lead's name merely like a customer's is a new company.
        return score_candidate(text[known[0]:known[1]], index, ask=False), known[:2]
    known_span = known[:2] if known else None
    company = find_company(mask(text, [known_span]) if known else text, lead=new_lead)
    if company:
        return score_candidate(text[slice(*company)], index, ask=not new_lead), company
    return (known[2], known_span) if known else (None, None)


def _whole(text: str, clauses: Clauses, index: CustomerIndex, mention):
    start, end, ref = mention
    if not cut_from_longer(ref, index):
        return mention
    first, last = clauses.span(start)
    whole = find_company(text[first:last])
    if whole:
        whole = (whole[0] + first, whole[1] + first)
        added = text[whole[0]:start] + text[end:whole[1]]
        # 坤泰都打了电话: a function word read into the name adds nothing to it.
        if whole[0] < end and start < whole[1] and whole != (start, end) and not set(added) <= _FUNCTION_CHARS:
            return *whole, score_candidate(text[slice(*whole)], index)
    return mention
