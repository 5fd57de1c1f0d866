"""Figures typed alone that are not money: a percentage (35%, 百分之三十五, 三成五) and a count (20单, 三十次)."""

import re

from .numerals import small_int, to_number
from .text import normalize

_NUMBER = r"(?:\d+(?:\.\d+)?|[〇零一二两三四五六七八九十百]+(?:点[〇零一二三四五六七八九]+)?)"
_PERCENT = re.compile(rf"(?:百分之(?P<cn>{_NUMBER})|(?P<n>{_NUMBER})\s*(?:%|个点|个百分点))")
_TENTHS = re.compile(r"(?P<tens>[一二两三四五六七八九])成(?P<ones>[一二三四五六七八九])?")  # 三成五 = 35 %
_COUNT_UNITS = r"(?:单|个|家|次|笔|位|次拜访|个客户|家客户)"
_COUNT = re.compile(rf"(?P<n>\d+|[〇零一二两三四五六七八九十百]+)\s*{_COUNT_UNITS}?")


def _number(text: str) -> float | None:
    whole, _, decimals = text.partition("点")
    value = to_number(whole)
    if value is None or not decimals:
        return value
    digits = "".join(str(small_int(d)) for d in decimals)
    return float(f"{int(value)}.{digits}")


def read_percent(text: str) -> float | None:
    """The percentage in `text` as a fraction (35% → 0.35); None when the text is not one percentage."""
    norm = normalize(text if isinstance(text, str) else "").strip()
    found = _PERCENT.fullmatch(norm)
    if found:
        value = _number(found["cn"] or found["n"])
        return None if value is None else round(value / 100, 6)
    tenths = _TENTHS.fullmatch(norm)
    if tenths:
        return (small_int(tenths["tens"]) * 10 + (small_int(tenths["ones"]) if tenths["ones"] else 0)) / 100
    return None


def read_count(text: str) -> int | None:
    """A whole number of things (20, 20单, 三十次, 十五家); None when the text is not one."""
    norm = normalize(text if isinstance(text, str) else "").strip()
    found = _COUNT.fullmatch(norm)
    if not found:
        return None
    value = to_number(found["n"])
    return int(value) if value is not None and value == int(value) else None
