"""Contact people: surname + title (张经理, 李工), or a full name that speaks or is introduced (李明说, 对接人王芳)."""

import re

from . import lexicon
from .records import Contact
from .text import covered, find_spans

_NAMES = lexicon.load("names")
_TYPOS = _NAMES["title_typos"]
_SURNAME = "(?:" + lexicon.alternation(_NAMES["compound_surnames"]) + f"|[{_NAMES['surnames']}])"
_TITLED = re.compile(rf"(?P<s>{_SURNAME})(?P<t>{lexicon.alternation(_NAMES['titles'] + list(_TYPOS))})")
_CJK = "\u4e00-\u9fff"
_GIVEN = f"[^{_NAMES['given_name_stop']}\\W\\d_A-Za-z]"
_SPEAKING = re.compile(
    rf"(?P<s>{_SURNAME})(?P<g>{_GIVEN}{{1,2}}?)(?={lexicon.alternation(_NAMES['speech_verbs'])})"
)
# A full name starts a phrase: after punctuation or 的/和/跟/给/客户…, never inside a word.
_NAME_MAY_FOLLOW = re.compile(rf"(?:[的和跟与找是给户:]|[^{_CJK}])$")
_INTRODUCED = re.compile(
    # 对接人是财务部的吴丽: a department may come between the word and the name.
    rf"(?:{lexicon.alternation(_NAMES['contact_intro'])})[是为:\s]*(?:[{_CJK}]{{1,4}}?[部处科组室]的)?"
    rf"(?P<s>{_SURNAME})(?P<g>{_GIVEN}{{1,2}})"
    rf"(?=[^{_CJK}]|$|的|电话|手机|微信|说)"
)
_SURNAME_ONLY = re.compile(rf"姓(?P<s>{_SURNAME})(?![{_CJK}])")
_TITLE_BEFORE = re.compile(f"(?:{lexicon.alternation(_NAMES['titles'])})$")
_FALSE_FRIENDS = lexicon.word_regex(_NAMES["false_friends"])
_WORD_BEFORE = set(_NAMES["word_before_surname"])
_NOT_BEFORE = _NAMES["title_not_before"]
_AMBIGUOUS = set(_NAMES["ambiguous_surnames_for_full_names"])
_CITIES = set(_NAMES["cities"])  # 苏州那边… is a place speaking, not Mr 苏


def find_contacts(text: str) -> tuple[list[Contact], list[tuple[int, int]]]:
    """Contacts in order of appearance, and the spans they occupy."""
    friends = find_spans(_FALSE_FRIENDS, text)
    found = [(m.start(), m.end(), Contact(m["s"], _TYPOS.get(m["t"], m["t"])))
             for m in _TITLED.finditer(text) if _is_titled_person(text, m, friends)]
    for m in _SURNAME_ONLY.finditer(text):
        title = _TITLE_BEFORE.search(text, max(0, m.start() - 3), m.start())  # 老板姓陈
        found.append((m.start("s"), m.end("s"), Contact(m["s"], title[0] if title else None)))
    taken = [(s, e) for s, e, _ in found]
    for pattern in (_INTRODUCED, _SPEAKING):
        for m in pattern.finditer(text):
            span = (m.start("s"), m.end("g"))
            if not any(s < span[1] and span[0] < e for s, e in taken) and _is_full_name(m, pattern):
                found.append((*span, Contact(m["s"] + m["g"], None)))
                taken.append(span)
    contacts = []
    for _, _, contact in sorted(found, key=lambda f: f[0]):
        if contact not in contacts:
            contacts.append(contact)
    return contacts, taken


def _is_titled_person(text: str, m, friends) -> bool:
    if covered(friends, *m.span()) or text[max(0, m.start() - 1):m.start() + 1] in _WORD_BEFORE:
        return False
    after = text[m.end():m.end() + 1]
    return not after or after not in _NOT_BEFORE.get(m["t"], "")


def _is_full_name(m, pattern) -> bool:
    if m["s"] + m["g"] in _CITIES:
        return False
    if pattern is _INTRODUCED:
        return True
    # 方/于/时… are surnames but far more often ordinary words; only a title makes them a person.
    return m["s"] not in _AMBIGUOUS and (m.start() == 0 or bool(_NAME_MAY_FOLLOW.search(m.string, 0, m.start())))
