"""Numbers written in digits, Chinese numerals, or both (1万5, 两万五, 三五十万)."""

import functools
import re

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_PLAIN = re.compile(r"\d+(?:\.\d+)?")
_SIMPLE = re.compile(r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十]{1,3})(十万|百万|千万|万|千|百|亿)?")
# "三五十万", "七八台": two neighbouring digits are an estimate; the lower one stands.
_DIGIT_PAIR = re.compile(r"([一二两三四五六七八九])[一二两三四五六七八九](?=[十百千万亿]|$)")
# 十来万, 三十多万, 十几万: the filler is an approximation word, not a digit.
_FILLER = re.compile(r"[多来几余](?=[十百千万亿])")


def small_int(text: str) -> int | None:
    """Day, month, hour and count numbers: '25', '二十五', '十', '两'."""
    if text.isdigit():
        return int(text)
    if len(text) == 1:
        return 10 if text == "十" else CN_DIGITS.get(text)
    tens, sep, units = text.partition("十")
    if not sep or len(text) > 3:
        return None
    high = CN_DIGITS.get(tens, -1) if tens else 1
    low = CN_DIGITS.get(units, -1) if units else 0
    return None if high < 0 or low < 0 else high * 10 + low


def to_number(text: str) -> float | None:
    """Value of a numeral span a regex has found; None when it is not a well-formed number."""
    text = _FILLER.sub("", _DIGIT_PAIR.sub(r"\1", text.replace(",", "")))
    if _PLAIN.fullmatch(text):
        return float(text)
    m = _SIMPLE.fullmatch(text)
    if m:
        base = float(m[1]) if m[1][0].isdigit() else small_int(m[1])
        if base is not None:
            return float(base) * _unit_value(m[2] or "")
    return _cn2an(text)


def _unit_value(unit: str) -> int:
    value = 1
    for ch in unit:
        value *= _MULTIPLIERS[ch]
    return value


@functools.lru_cache(maxsize=4096)
def _cn2an(text: str) -> float | None:
    # Imported here: cn2an costs ~0.25 s at import, and the simple shapes above cover most messages.
    import cn2an

    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def plain(value: float) -> int | float:
    """JSON-friendly: 500000 rather than 500000.0."""
    return int(value) if value == int(value) else round(value, 2)
