"""Contact people: surname + title (张经理, 李工), or a full name that speaks or is introduced (李明说, 对接人王芳),
with the phone numbers and e-mail addresses said with them and whether they replace earlier contacts."""

import re
from dataclasses import replace

from . import lexicon
from .records import Contact
from .text import Clauses, covered, find_spans

_NAMES = lexicon.load("names")
_TYPOS = _NAMES["title_typos"]
_SURNAME = "(?:" + lexicon.alternation(_NAMES["compound_surnames"]) + f"|[{_NAMES['surnames']}])"
_TITLED = re.compile(rf"(?P<s>{_SURNAME})(?P<t>{lexicon.alternation(_NAMES['titles'] + list(_TYPOS))})")
_CJK = "\u4e00-\u9fff"
_ROLE_TITLES = [t for t in _NAMES["titles"] if len(t) > 1 and t not in ("女士", "先生", "小姐")]
_GIVEN = f"[^{_NAMES['given_name_stop']}\\W\\d_A-Za-z]"
_SPEAKING = re.compile(
    rf"(?P<s>{_SURNAME})(?P<g>{_GIVEN}{{1,2}}?)(?={lexicon.alternation(_NAMES['speech_verbs'])})"
)
# A full name starts a phrase: after punctuation or 的/和/跟/给/客户…, never inside a word.
# After 对接人是 a name is expected, so 段一鸣 / 王二小 may hold numeral characters.
_INTRODUCED_GIVEN = f"[^{_NAMES['given_name_stop'].replace('一二三四五六七八九十两', '')}\\W\\d_A-Za-z]"
_NAME_MAY_FOLLOW = re.compile(rf"(?:[的和跟与找是给户:]|[^{_CJK}])$")
_INTRODUCED = re.compile(
    # 对接人是财务部的吴丽 / 对接人是采购经理贺岚: a department, or a role that is the title, may come before the name.
    rf"(?:{lexicon.alternation(_NAMES['contact_intro'])})(?:还|也|就|仍然|依然)?[是为:\s]*(?:[{_CJK}]{{1,4}}?[部处科组室]的)?"
    rf"(?:(?P<role>[{_CJK}]{{0,3}}?(?:{lexicon.alternation(_ROLE_TITLES)})))?"
    rf"(?P<s>{_SURNAME})(?P<g>{_INTRODUCED_GIVEN}{{1,2}})"
    rf"(?=[^{_CJK}]|$|的|电话|手机|微信|说)"
)
_ROLE_NAMED = re.compile(
    rf"(?P<role>(?:{lexicon.alternation(_NAMES['role_departments'])})部?(?:{lexicon.alternation(_ROLE_TITLES)}))"
    rf"(?P<s>{_SURNAME})(?P<g>{_INTRODUCED_GIVEN}{{1,2}})"
    rf"(?=[^{_CJK}]|$|的|电话|手机|微信|说|表示|负责)"
)
_SURNAME_ONLY = re.compile(rf"姓(?P<s>{_SURNAME})(?![{_CJK}])")
_TITLE_BEFORE = re.compile(f"(?:{lexicon.alternation(_NAMES['titles'])})$")
_FALSE_FRIENDS = lexicon.word_regex(_NAMES["false_friends"])
_WORD_BEFORE = set(_NAMES["word_before_surname"])
_NOT_BEFORE = _NAMES["title_not_before"]
_AMBIGUOUS = set(_NAMES["ambiguous_surnames_for_full_names"])
_CITIES = set(_NAMES["cities"])  # 苏州那边… is a place speaking, not Mr 苏
_MOBILE = r"1[3-9]\d(?:[- ]?\d{4}){2}"
_LANDLINE = r"0\d{2,3}-?\d{7,8}(?:-\d{1,5})?"
# Dictated: 一三八一一一一二二二二 (幺 is how 1 is read out in numbers).
_SPOKEN_MOBILE = "(?<![〇零一二三四五六七八九十百千万幺两])[一幺][三四五六七八九][〇零一二三四五六七八九幺]{9}(?![〇零一二三四五六七八九十百千万幺两])"
_SPOKEN_DIGITS = str.maketrans("〇零一幺二三四五六七八九", "001123456789")
PHONE = re.compile(rf"(?<![\d.])(?:{_MOBILE}|{_LANDLINE})(?!\d)|{_SPOKEN_MOBILE}")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_SIG = lexicon.load("signals")
_NEW_CUE = lexicon.word_regex(_SIG["new_contact_cue"], escape=False)


def find_reachable(text: str) -> tuple[list[tuple[int, int, str, str]], list[tuple[int, int]]]:
    """Phone numbers and e-mail addresses: (start, end, "phone"/"email", value), and their spans (never amounts)."""
    # 139-1234-5678 is stored as 13912345678; a landline keeps its area-code dash (0571-88776655).
    found = [(m.start(), m.end(), "phone", _phone(m[0])) for m in PHONE.finditer(text)]
    found += [(m.start(), m.end(), "email", m[0]) for m in EMAIL.finditer(text)]
    return sorted(found), [(s, e) for s, e, _, _ in found]


def _phone(written: str) -> str:
    digits = written.translate(_SPOKEN_DIGITS)
    return re.sub(r"[- ]", "", digits) if digits[0] == "1" else digits


def find_contacts(text: str, clauses: Clauses | None = None,
                  reachable=()) -> tuple[list[Contact], list[tuple[int, int]]]:
    """Contacts in order of appearance with their phone, e-mail and replacing flag, and the spans they occupy."""
    friends = find_spans(_FALSE_FRIENDS, text)
    found = [(m.start(), m.end(), Contact(m["s"], _TYPOS.get(m["t"], m["t"])))
             for m in _TITLED.finditer(text) if _is_titled_person(text, m, friends)]
    for m in _SURNAME_ONLY.finditer(text):
        title = _TITLE_BEFORE.search(text, max(0, m.start() - 3), m.start())  # 老板姓陈
        found.append((m.start("s"), m.end("s"), Contact(m["s"], title[0] if title else None)))
    taken = [(s, e) for s, e, _ in found]
    for pattern in (_INTRODUCED, _ROLE_NAMED, _SPEAKING):
        for m in pattern.finditer(text):
            span = (m.start("s"), m.end("g"))
            if not any(s < span[1] and span[0] < e for s, e in taken) and _is_full_name(m, pattern):
                role = m.groupdict().get("role")
                found.append((*span, Contact(m["s"] + m["g"], _TYPOS.get(role, role) if role else None)))
                taken.append(span)
    found.sort(key=lambda f: f[0])
    if clauses is not None:
        found = _with_details(text, clauses, found, reachable)
    contacts = {}
    for _, _, contact in found:  # 孙工…孙工手机159…: a contact named again keeps what either mention says
        key = (contact.name, contact.title)
        first = contacts.setdefault(key, contact)
        contacts[key] = replace(first, phone=first.phone or contact.phone, email=first.email or contact.email,
                                new=first.new or contact.new)
    return list(contacts.values()), taken


def _after_new_cue(text: str, clauses: Clauses, start: int) -> bool:
    """新对接人是段一鸣 (the cue in the name's clause) or 换了新的对接人，叫周敏 (the clause before ends with it)."""
    number = clauses.index(start)
    if _NEW_CUE.search(text, clauses.starts[number], start):
        return True
    return number > 0 and any(m.end() == clauses.ends[number - 1]
                              for m in _NEW_CUE.finditer(text, clauses.starts[number - 1], clauses.ends[number - 1]))


def _with_details(text: str, clauses: Clauses, found, reachable):
    """新对接人是…: a cue before the name marks it new. Each phone or e-mail goes to the contact named nearest
    before it, else to the first named after it (in its clause or the next)."""
    found = [(s, e, replace(c, new=_after_new_cue(text, clauses, s))) for s, e, c in found]
    for start, _, kind, value in reachable:
        number = clauses.index(start)
        before = [i for i, (s, _, _) in enumerate(found) if s < start]
        after = [i for i, (s, _, _) in enumerate(found) if s > start and clauses.index(s) <= number + 1]
        chosen = before[-1] if before else after[0] if after else None
        if chosen is not None and getattr(found[chosen][2], kind) is None:
            s, e, contact = found[chosen]
            found[chosen] = (s, e, replace(contact, **{kind: value}))
    return found


def _is_titled_person(text: str, m, friends) -> bool:
    if covered(friends, *m.span()) or text[max(0, m.start() - 1):m.start() + 1] in _WORD_BEFORE:
        return False
    after = text[m.end():m.end() + 1]
    return not after or after not in _NOT_BEFORE.get(m["t"], "")


def _is_full_name(m, pattern) -> bool:
    if m["s"] + m["g"] in _CITIES:
        return False
    if pattern is not _SPEAKING:
        return True
    # 方/于/时… are surnames but far more often ordinary words; only a title makes them a person.
    return m["s"] not in _AMBIGUOUS and (m.start() == 0 or bool(_NAME_MAY_FOLLOW.search(m.string, 0, m.start())))
