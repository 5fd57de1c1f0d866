"""Company names nobody has told us about, recognised by their shape instead of a segmenter.

杭州云帆科技 / 宁波海瑞电器有限公司 / 东莞精拓五金制品厂 end in an organisation word; 拜访了海康威视的张总
puts a name between a visit verb and 的 or a contact; 小鹏汽车的王总 owns a titled person; 给蔚来打了电话
does something with a party; in a new lead, ，苏州博远精工， is a clause of a city and a name.
Time words are blanked first so 下周来公司 can never be a company. jieba would need ~1 s and 90 MB to load for this.
"""

import re
from datetime import date

from . import lexicon
from .clock import find_times
from .date_rules import raw_mentions
from .shortnames import is_generic, leading_region, short_name

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
_OWNED_PERSON = re.compile(rf"的(?:{_PERSON.pattern})")
_OWNER_TRAILING = re.compile("(?:" + lexicon.alternation(_NAMES["owner_trailing_words"]) + ")$")
_PLACE_END = re.compile("(?:" + lexicon.alternation(_NAMES["place_endings"]) + ")$")
_PLACE_INSIDE = re.compile(lexicon.alternation(_NAMES["place_words_inside"]))
_CLAUSE = re.compile(r"(?:^|(?<=[,。;!?、:\n ]))[\u4e00-\u9fff]+(?=$|[,。;!?、:\n ])")
_DAY_PERIOD = lexicon.word_regex(_NAMES["day_period_words"])
_TIME_BLANK = "#"  # not CJK, so a name never runs across a time word (下周来公司, 明天来公司)
# Only the spans of time words matter here, so any fixed day resolves them.
_ANY_DAY = date(2026, 1, 1)
_WITH_NAME = re.compile(rf"[{_NAMES['with_words']}](?P<name>[\u4e00-\u9fff]{{2,4}}?)"
                        rf"(?={lexicon.alternation(_NAMES['action_after_name'])})")
_SIDE_WORD = re.compile(r"(?:^|(?<=[,。;!?、:\n ]))(?P<name>[\u4e00-\u9fff]{2,6}?)(?=那边|这边)")
_QUANTITY_START = re.compile(lexicon.alternation(_NAMES["name_not_start_words"]))
_CITIES = set(_NAMES["cities"])
_SUFFIXES = set(_STRONG + _WEAK)  # 设计院的王工: an organisation word alone names no one
_NOT_NAME_START = re.compile(lexicon.alternation(_NAMES["not_names"]))
_NICKNAME = re.compile(f"[小老][{_NAMES['surnames']}]$")  # 小王, 老李
_MAX_BODY = 12
_MAX_REGISTERED = 24  # 吉林长春一汽富维汽车零部件股份有限公司: a registered name with its region is longer
_HARD_STOPS = set("了说在给从向把被跟找帮替让请去见约和与及或")
_ZONE_AHEAD = re.compile(lexicon.alternation(_NAMES["zone_words"]))
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_NOT_INSIDE_NAME = re.compile(lexicon.alternation(_NAMES["place_words_inside"] + _NAMES["name_not_start_words"]
                                                  + _NAMES["name_boundary_words"]))
# Before 科技/电器…, a name is short: 2–4 characters, 6 with a city in front (杭州云帆).
_MAX_WEAK_BODY, _MAX_WEAK_BODY_WITH_CITY = 4, 6


def find_company(text: str, lead: bool = False):
    """(start, end) of the first plausible company name, or None. `lead`: the message reports a new lead,
    so a clause that is only a city and a name (，苏州博远精工，) names the company too."""
    text = _blank_time_words(text)
    for m in _SUFFIX_CHAIN.finditer(text):
        start = _scan_back(text, m.start(1))
        if _STRONG_END.search(m[1]):
            start = _whole_registered_name(text, start, m.start(1))
        if _plausible_body(text[start:m.start(1)]) and _shaped_like_name(text, start, m):
            return start, m.end(1)
    for m in _AFTER_VISIT.finditer(text):
        name = m["name"]
        if name not in _NAMES["not_names"] and not _PERSON.fullmatch(name) and _plausible_body(name):
            return m.span("name")
    return (_owner_of_person(text) or _with_name(text) or _before_side_word(text)
            or (_lead_clause(text) if lead else None))


def _whole_registered_name(text: str, start: int, suffix: int) -> int:
    """Where a name ending in a legal form really starts. The scan back stops at characters that also occur inside
    names (张家港, 美的集团, 华为技术): go on over them to a region that opens the name (山东青岛海尔智家), or, when what
    was found is only industry words (技术有限公司), to the nearest stop."""
    far = start
    while (far > 0 and suffix - far < _MAX_REGISTERED and text[far - 1] not in _HARD_STOPS
           and _CJK_CHAR.match(text[far - 1]) and not any(text.endswith(w, 0, far) for w in _BOUNDARY_WORDS)):
        far -= 1
    if far == start or _NOT_INSIDE_NAME.search(text, far, suffix):  # 苏州那边的一个厂 names a place, not a company
        return start
    for s in range(far, start + 1):  # a region at the found start already opens the name (的宁波海瑞… is 宁波海瑞…)
        if leading_region(text[s:suffix]):
            return s
    if is_generic(short_name(text[start:suffix])) or suffix - start < 2:
        return far if suffix - far <= _MAX_BODY else start
    return start


def _blank_time_words(text: str) -> str:
    spans = ([(s, e) for s, e, _ in raw_mentions(text, _ANY_DAY)] + [(t.start, t.end) for t in find_times(text)]
             + [m.span() for m in _DAY_PERIOD.finditer(text)])
    for start, end in spans:
        text = text[:start] + _TIME_BLANK * (end - start) + text[end:]
    return text


def _owner_of_person(text: str):
    """小鹏汽车的王总: the words before 的 + a titled person name the person's company."""
    for m in _OWNED_PERSON.finditer(text):
        start, end = _scan_back(text, m.start()), m.start()
        trailing = _OWNER_TRAILING.search(text, start, end)  # 小鹏那边的王总
        end = trailing.start() if trailing else end
        name = text[start:end]
        if len(name) <= 6 and _plausible_owner(name):
            return start, end
    return None


def _before_side_word(text: str):
    """海天那边要报价: a clause opening with a name and 那边/这边 speaks of that party."""
    for m in _SIDE_WORD.finditer(text):
        if _plausible_party(m["name"]):
            return m.span("name")
    return None


def _with_name(text: str):
    """给蔚来打了电话 / 跟大疆约了下周三: the party a contact verb is done with."""
    for m in _WITH_NAME.finditer(text):
        if _plausible_party(m["name"]):
            return m.span("name")
    return None


def _plausible_party(name: str) -> bool:
    # 给李明打电话 / 跟小王约了: a short word starting with a surname is more likely a person;
    # 跟领导汇报 must not yield 领导汇 once 领导 is refused.
    person = (len(name) <= 3 and name[0] in _NAMES["surnames"]) or _NICKNAME.match(name)
    return (_plausible_owner(name) and not person and "客户" not in name
            and not _NOT_NAME_START.match(name))


def _plausible_owner(name: str) -> bool:
    return (_plausible_body(name) and name not in _NAMES["not_names"] and name not in _SUFFIXES
            and name[-1] not in _NAMES["owner_not_end"] and not _PERSON.search(name))


def _lead_clause(text: str):
    for m in _CLAUSE.finditer(text):
        city = _CITY_START.match(m[0])
        rest = m[0][city.end():] if city else ""
        if 2 <= len(rest) <= 8 and _plausible_body(rest) and not _describes_place(rest):
            return m.span()
    return None


def _describes_place(rest: str) -> bool:
    # 苏州那边的一个厂 / 杭州本地人 say where, not who: a name has no 的/个/那边 inside it.
    return (bool(_PLACE_END.search(rest) or _PLACE_INSIDE.search(rest))
            or any(ch in _NAMES["name_boundary_chars"] for ch in rest))


def _shaped_like_name(text: str, start: int, m) -> bool:
    after = text[m.end(1):m.end(1) + 1]
    strong = _STRONG_END.search(m[1])
    if strong:
        return not after or after not in _NAMES["strong_suffix_not_before"].get(strong[0], "")
    # 科技/电器/网络… are ordinary words too: a name needs a function word or clause break after it,
    # and before it a city, a word like 的/叫/和, or a clause of its own.
    city = _CITY_START.match(text, start)
    if after and after not in _NAMES["name_after_ok"] or _ZONE_AHEAD.match(text, m.end(1)):
        return False  # 长沙经济技术开发区…: 技术 goes on into a zone's name
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
    if len(body) < 2 or body in _NAMES["not_company_bodies"] or body in _CITIES or _QUANTITY_START.match(body):
        return False  # 去了苏州 names a place; 拜访了一家做模具的厂 a kind of company
    return bool(_CITY_START.match(body)) or body[0] not in _NAMES["name_not_start"]
