"""Money amounts (in yuan, with a budget/contract/quote kind) and the counted quantity of goods."""

import re
from dataclasses import replace

from . import lexicon
from .numerals import plain, to_number
from .records import Amount, Quantity
from .text import Clauses, normalize, split_clauses

_UNITS = lexicon.load("units")
_MONEY_UNITS = _UNITS["money_units"]
_NUM = (r"(?:\d|[〇零一二两三四五六七八九十])"
        r"(?:\d|(?<=\d)\.(?=\d)|(?<=\d),(?=\d{3}(?!\d))|[〇零一二两三四五六七八九十百千万亿]|[多来几余](?=[十百千万亿]))*")
_AMOUNT = re.compile(
    rf"(?P<a>{_NUM})(?:\s*(?:-|~|到|至|—|–)\s*(?P<b>{_NUM}))?"
    rf"\s*(?P<unit>{lexicon.alternation(k for k in _MONEY_UNITS if not k.isascii())}|[wWkK](?![A-Za-z]))?"
)
_CURRENCY_BEFORE = re.compile(r"(?:[¥$]|RMB|rmb|人民币)\s*$")
_GOODS = re.compile(lexicon.alternation(_UNITS["goods_units"]))
_NOT_GOODS_AFTER = _UNITS["not_goods_after"]
_NOT_MONEY = re.compile(r"\s*[多余来]?(?:%|‰|个点|个百分点|成(?![交本品功员都了为立])|折|倍|"
                        + lexicon.alternation(_UNITS["not_money_after"]) + ")")
# A letter touching the number makes a model (X200); "每pcs 12元" with a space is a price.
_BLOCKED_BEFORE = re.compile(r"[A-Za-z]$|(?:百分之|第|打|几|每|编号|型号|电话|手机|尾号)\s*$")
# 报了两版方案: a bare number followed by a measure word counts things; these words may follow money.
_BARE_TAIL = re.compile(r"\s*(?:[^\u4e00-\u9fff]|$|左右|上下|以内|以下|之内|不到|出头|整|一|每|的|[多余来]?(?:块|元))")
_KIND_CUES = {w: kind for kind, words in _UNITS["kind_cues"].items() for w in words}
_KIND_CUE = lexicon.word_regex(_KIND_CUES)
_BARE_CUE = re.compile("(?:" + lexicon.alternation(_UNITS["bare_number_cues"]) + ")" + _UNITS["bare_number_gap"])
_TRAILING_MULTIPLIER = re.compile(r"[百千万亿]+$")
_PER_UNIT_TAIL = re.compile(r"[万千亿\d]一$")
_PER_UNIT_BEFORE = re.compile("(?:" + lexicon.alternation(_UNITS["per_unit_before"]) + ")" + _UNITS["bare_number_gap"])
_PER_UNIT_AFTER = re.compile(rf"\s*(?:元|块)?\s*(?:[一每/]\s*(?:{_GOODS.pattern}|人|年|月|平米?|米))")
_OWED_BEFORE = lexicon.word_regex(_UNITS["payment_not_yet_before"])
_OWED_AFTER = re.compile(r"\s*(?:元|块)?\s*(?:的)?(?:尾款|余款|款)?(?:也|还|都)?(?:" + lexicon.alternation(_UNITS["payment_not_yet_after"]) + ")")
_PAYMENT_AFTER = re.compile(r"\s*(?:元|块)?\s*(?:" + lexicon.alternation(_UNITS["payment_after"]) + ")")
_CORRECTION_GAP = re.compile(_UNITS["correction_gap"])
_NOT_BUT_GAP = re.compile(r"[\s,]*(?:而|应该)?是[\s,]*")
# 预算批下来了，60万左右: these words may stand next to the amount in a clause that is only an amount.
_ONLY_AMOUNT = re.compile("(?:" + lexicon.alternation(_UNITS["only_amount_fillers"]) + r"|[\s,.:~!])*")


def read_amount(text: str) -> Amount | None:
    """The amount in a text typed alone (an answer 80万, a correction 改成8万): the last one written, so that
    五十万 哦不是 六十万 gives the corrected value."""
    norm = normalize(text if isinstance(text, str) else "")
    amounts, _ = find_amounts(norm, split_clauses(norm))
    return amounts[-1] if amounts else None


def find_amounts(text: str, clauses: Clauses, dates=()) -> tuple[list[Amount], Quantity | None]:
    """Amounts in order and the first quantity; numbers inside the `dates` spans are dates."""
    found, quantity = [], None
    for m in _AMOUNT.finditer(text):
        if any(s <= m.start() < e for s, e in dates):
            continue
        a, end, unit = m["a"], m.end(), m["unit"]
        if m["b"] is None and unit is None and _PER_UNIT_TAIL.search(a) and _GOODS.match(text, m.end("a")):
            a, end = a[:-1], m.end("a") - 1  # 1.5万一台 / 1万5一套: the 一 is "per unit", not a digit
            unit_price_after = True
        else:
            unit_price_after = bool(_PER_UNIT_AFTER.match(text, end))
        start = m.start("a")
        if _BLOCKED_BEFORE.search(text, max(0, start - 4), start):
            continue
        currency = bool(_CURRENCY_BEFORE.search(text, max(0, start - 4), start))
        goods = None if unit or currency else _goods_unit(text, end)
        if goods:
            if quantity is None and a != "一":
                quantity = _quantity(a, goods)
        elif unit or currency or not _NOT_MONEY.match(text, end):
            amount = _amount(text, clauses, m, a, unit, start, currency)
            if amount:
                found.append((start, end, _with_context(amount, text, clauses, start, end, unit_price_after)))
    return _corrected(text, found), quantity


def _corrected(text: str, found: list) -> list[Amount]:
    """五十万 哦不是 六十万 / 报价八万 说错了 九万 / 不是50万是60万: the later amount stands, with the kind and unit-price
    marker of the one taken back when it has no cue of its own."""
    amounts = []
    for i, (start, end, amount) in enumerate(found):
        if amounts and amounts[-1][1] and amount.kind == "other":
            amount = replace(amount, kind=amounts[-1][0].kind, per_unit=amounts[-1][0].per_unit or amount.per_unit)
        if amounts and amounts[-1][1]:
            amounts.pop()
        taken_back = i + 1 < len(found) and _taken_back(text, start, end, found[i + 1][0])
        amounts.append((amount, taken_back))
    return [amount for amount, _ in amounts]


def _taken_back(text: str, start: int, end: int, next_start: int) -> bool:
    gap = text[end:next_start]
    return bool(_CORRECTION_GAP.fullmatch(gap) or (text.endswith("不是", 0, start) and _NOT_BUT_GAP.fullmatch(gap)))


def _quantity(numeral: str, unit: str) -> Quantity | None:
    value = to_number(numeral)
    return Quantity(plain(value), unit) if value else None


def _goods_unit(text: str, end: int) -> str | None:
    m = _GOODS.match(text, end + (text[end:end + 1] in "多余来"))
    if not m:
        return None
    after = text[m.end():m.end() + 3]
    if any(after.startswith(w) for w in _NOT_GOODS_AFTER.get(m[0], ())):
        return None
    return m[0]


def _amount(text: str, clauses: Clauses, m, a: str, unit: str | None, start: int, currency: bool) -> Amount | None:
    b = m["b"]
    clause_start = clauses.span(start)[0]
    is_money = unit or currency or re.search("[千万亿]", a + (b or ""))
    tail_at = m.end() if b else start + len(a)  # 3500一台: the per-unit 一 is not part of the number
    if not is_money and not (_bare_number_is_money(text[clause_start:start], a) and _BARE_TAIL.match(text, tail_at)):
        return None
    if b and not re.search("[万亿]", a):
        a = _with_shared_unit(a, b)
    low, high = to_number(a), to_number(b) if b else None
    if not low or (b and not high):
        return None
    mult = _MONEY_UNITS.get(unit, 1) if unit else 1
    high = high * mult if high and high > low else None
    return Amount(_kind(text[clause_start:start]), plain(low * mult), plain(high) if high else None)


def _with_shared_unit(low: str, high: str) -> str:
    """30-50万 → 30万, 八十到一百万 → 八十万 (not 八十百万): the unit written once applies to both ends, as much of
    the high end's trailing units as keeps the low end below it."""
    tail = _TRAILING_MULTIPLIER.search(high)
    high_value = to_number(high)
    for i in range(len(tail[0]) if tail else 0):
        value = to_number(low + tail[0][i:])
        if value and high_value and value <= high_value:
            return low + tail[0][i:]
    return low


def _with_context(amount: Amount, text: str, clauses: Clauses, start: int, end: int, unit_price_after: bool) -> Amount:
    """Per unit (单价2万, 3.5万一台), a payment word after the number (收到30万的货款), and the cue of the clause
    before for a clause that is only an amount (预算批下来了，60万)."""
    clause_start, clause_end = clauses.span(start)
    before = text[clause_start:start]
    per_unit = unit_price_after or bool(_PER_UNIT_BEFORE.search(before))
    kind = amount.kind
    if kind == "other" and _PAYMENT_AFTER.match(text, end):
        kind = "payment"
    if kind == "payment" and (_OWED_BEFORE.search(before) or _OWED_AFTER.match(text, end)):
        kind = "other"
    elif kind == "other" and _only_amount(before) and _only_amount(text[end:clause_end]):
        number = clauses.index(start)
        if number:
            kind = _kind(text[clauses.starts[number - 1]:clauses.ends[number - 1]])
    return replace(amount, kind=kind, per_unit=per_unit)


def _only_amount(words: str) -> bool:
    return _ONLY_AMOUNT.fullmatch(words) is not None


def _bare_number_is_money(before: str, digits: str) -> bool:
    # 预算5000 is money; a lone 13812345678 or 2026 is not.
    if len(re.sub(r"\D", "", digits)) >= 9:
        return False
    return bool(_BARE_CUE.search(before))


def _kind(before: str) -> str:
    cues = list(_KIND_CUE.finditer(before))
    return _KIND_CUES[cues[-1][0]] if cues else "other"
