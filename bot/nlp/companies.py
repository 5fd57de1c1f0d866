"""Company names nobody has told us about, recognised by their shape instead of a segmenter.

杭州云帆科技 / 宁波海瑞电器有限公司 / 东莞精拓五金制品厂 end in an organisation word; 拜访了海康威视的张总
puts a name between a visit verb and 的 or a contact. jieba would need ~1 s and 90 MB to load for this.
"""

import re

from . import lexicon

_NAMES = lexicon.load("names")
_STRONG = _NAMES["org_suffixes_strong"]
_WEAK = _NAMES["org_suffixes_weak"]
# A lookahead finds chains at every position: 华光电子 must try 电子 even though 光电 is a suffix too.
_SUFFIX_CHAIN = re.compile("(?=((?:" + lexicon.alternation(_STRONG + _WEAK) + ")+))")
_STRONG_END = re.compile("(?:" + lexicon.alternation(_STRONG) + ")$")
_CITY_START = re.compile(lexicon.alternation(_NAMES["cities"]))
_BOUNDARY_WORDS = sorted(_NAMES["name_boundary_words"], key=len, reverse=True)
_TITLES = lexicon.alternation(_NAMES["titles"] + list(_NAMES["title_typos"]))
_AFTER_VISIT = re.compile(
    "(?:" + lexicon.alternation(_NAMES["visit_verbs"], escape=False) + r")(?P<name>[\u4e00-\u9fff]{2,8}?)"
    rf"(?=的|那边|这边|那里|$|[^\u4e00-\u9fff]|[{_NAMES['surnames']}](?:{_TITLES}))"
)
_PERSON = re.compile(rf"[{_NAMES['surnames']}](?:{_TITLES})")
_CLAUSE_EDGE = ",。;!?、:\n "
_MAX_BODY = 12
# Before 科技/电器…, a name is short: 2–4 characters, 6 with a city in front (杭州云帆).
_MAX_WEAK_BODY, _MAX_WEAK_BODY_WITH_CITY = 4, 6


def find_company(text: str):
    """(start, end) of the first plausible company name, or None."""
    for m in _SUFFIX_CHAIN.finditer(text):
        start = _scan_back(text, m.start(1))
        if _plausible_body(text[start:m.start(1)]) and _shaped_like_name(text, start, m):
            return start, m.end(1)
    for m in _AFTER_VISIT.finditer(text):
        name = m["name"]
        if name not in _NAMES["not_names"] and not _PERSON.fullmatch(name) and _plausible_body(name):
            return m.span("name")
    return None


def _shaped_like_name(text: str, start: int, m) -> bool:
    after = text[m.end(1):m.end(1) + 1]
    strong = _STRONG_END.search(m[1])
    if strong:
        return not after or after not in _NAMES["strong_suffix_not_before"].get(strong[0], "")
    # 科技/电器/网络… are ordinary words too: a name needs a function word or clause break after it,
    # and before it a city, a word like 的/叫/和, or a clause of its own.
    city = _CITY_START.match(text, start)
    if after and after not in _NAMES["name_after_ok"]:
        return False
    if m.start(1) - start > (_MAX_WEAK_BODY_WITH_CITY if city else _MAX_WEAK_BODY):
        return False
    before = text[start - 1:start] if start else ""
    if city or (before and before in _NAMES["name_boundary_chars"]):
        return True
    if any(text.endswith(w, 0, start) for w in _BOUNDARY_WORDS):
        return True
    return before in ("", *_CLAUSE_EDGE) and after in ("", *_CLAUSE_EDGE)


def _scan_back(text: str, end: int) -> int:
    start = end
    while start > 0 and end - start < _MAX_BODY:
        ch = text[start - 1]
        if not ("\u4e00" <= ch <= "\u9fff") or ch in _NAMES["name_boundary_chars"]:
            break
        if any(text.endswith(w, 0, start) for w in _BOUNDARY_WORDS):
            break
        start -= 1
    return start


def _plausible_body(body: str) -> bool:
    if len(body) < 2 or body in _NAMES["not_company_bodies"]:
        return False
    return bool(_CITY_START.match(body)) or body[0] not in _NAMES["name_not_start"]
