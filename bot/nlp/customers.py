"""Which customer a message is about.

Cascade: a name the customer goes by (customer_index: name, alias, short name, a part of it) → homophone typo
(华伟 → 华为) or pinyin spelling (huawei) → a company name recognised by its shape (…科技, …有限公司, 拜访了X的),
looked up whole, then scored with fuzz.ratio on short names.
"""

import re

from . import lexicon, pinyin
from .customer_index import NAME, PART, SHORT, CustomerIndex
from .records import CustomerRef
from .shortnames import end_cuts, short_name, without_region
from .text import covered, find_spans

_NAMES = lexicon.load("names")
HOMOPHONE_SCORE = 90  # accepted like a fuzzy score >= 85, yet below an exact hit
PART_SCORE = 88  # 利达 for 新利达: a part of one customer's short name and of no other's
AMBIGUOUS_SCORE = 70  # a name several customers go by: in the asking range, the candidates say whom to ask about
ACCEPT, ASK = 85, 50
_SCORES = {NAME: 100, SHORT: 100, PART: PART_SCORE}
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_NUMERAL_CHARS = set("零〇一二两三四五六七八九十百千万亿")
_FALSE_FRIENDS = lexicon.word_regex(_NAMES["false_friends"])
_PINYIN_STOP = set(_NAMES["pinyin_stop_words"])
_LATIN_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{4,}(?![A-Za-z])")
_SUFFIX_RUN = re.compile("(?:" + lexicon.alternation(_NAMES["legal_suffixes"] + _NAMES["industry_words"]) + ")*")


def find_all_known(text: str, index: CustomerIndex) -> list[tuple[int, int, CustomerRef]]:
    """(start, end, CustomerRef) of every known customer named verbatim (name, alias, short name or a part of it),
    in order; at each place the longest name wins."""
    if index.first_chars is None:
        return []
    low, found, i = text.lower(), [], 0
    friends = find_spans(_FALSE_FRIENDS, text)
    while (start := index.first_chars.search(low, i)) is not None:
        i = start.start()
        hit = _longest_at(low, i, index, friends)
        if hit is None:
            i += 1
            continue
        # 锦程物流 for 锦程: the legal and industry words written after the name belong to it.
        end = _SUFFIX_RUN.match(text, hit[0]).end()
        typo = _covering_typo(text, i, end, index, friends) if hit[1][0] == PART else None
        found.append(typo or (i, end, _ref(text[i:end], *hit[1])))
        i = found[-1][1]
    return found


def named_customers(verbatim: list, main: CustomerRef | None, span) -> list:
    """(start, end, CustomerRef) of every mention of a customer, in order: those named verbatim and the main one."""
    found = [f for f in verbatim if not (span and f[0] < span[1] and span[0] < f[1])]
    return sorted(found + [(*span, main)] if main else found, key=lambda f: f[0])


def distinct(named) -> tuple[CustomerRef, ...]:
    """Each customer once, in the order first named."""
    by_key = {}
    for _, _, ref in named:
        by_key.setdefault(ref.match or ref.text, ref)
    return tuple(by_key.values())


def cut_from_longer(ref: CustomerRef, index: CustomerIndex) -> bool:
    """Whether `ref` was found by a short name or a typo, so a longer unknown name around it must be looked up first."""
    entry = index.surfaces.get(ref.text.lower())
    return not entry or entry[0] != NAME


def _covering_typo(text: str, start: int, end: int, index: CustomerIndex, friends):
    """比亚 in 比亚地: a part of a name inside a homophone typo of the whole name is that typo."""
    typo = _homophone(text[:end + 3], index, friends)
    return typo if typo and typo[0] <= start and typo[1] > end else None


def _longest_at(low: str, i: int, index: CustomerIndex, friends):
    for size in index.lengths.get(low[i], ()):
        surface = low[i:i + size]
        entry = index.surfaces.get(surface)
        if entry is None or covered(friends, i, i + size):
            continue
        if surface.isascii() and (low[i - 1:i].isalpha() and low[i - 1:i].isascii()
                                  or low[i + size:i + size + 1].isascii() and low[i + size:i + size + 1].isalpha()):
            continue  # BYD inside a longer Latin word is no BYD
        return i + size, entry
    return None


def _ref(text: str, rank: int, names: tuple[str, ...]) -> CustomerRef:
    if len(names) > 1:
        return CustomerRef(text, names[0], AMBIGUOUS_SCORE, names)
    return CustomerRef(text, names[0], _SCORES[rank])


def find_known(text: str, index: CustomerIndex, verbatim=None):
    """(start, end, CustomerRef) of the first known customer mentioned, verbatim or by a homophone or pinyin.
    `verbatim`: find_all_known(text, index) when the caller has it already."""
    found = find_all_known(text, index) if verbatim is None else verbatim
    if found:
        return found[0]
    return _homophone(text, index, find_spans(_FALSE_FRIENDS, text)) or _spelled(text, index)


def _homophone(text: str, index: CustomerIndex, friends):
    tried = set()
    for hit in index.indexed.finditer(text) if index.indexed else ():
        i = hit.start()
        for number, pos in index.by_char[hit[0]]:
            core, canonical = index.cores[number]
            start = i - pos
            window = text[start:start + len(core)] if start >= 0 else ""
            if (start, number) in tried or len(window) != len(core) or not _CJK.fullmatch(window):
                continue
            tried.add((start, number))
            if not covered(friends, start, start + len(core)) and _one_typo(window, core):
                return start, start + len(core), CustomerRef(window, canonical, HOMOPHONE_SCORE)
    return None


def _sounds_like(window: str, core: str) -> bool:
    # Numerals must be exact: 三亿 is an amount, not a typo of 三一.
    if any(a != b and (a in _NUMERAL_CHARS or b in _NUMERAL_CHARS) for a, b in zip(window, core)):
        return False
    return all(a == b or pinyin.main_reading(a) == pinyin.main_reading(b) for a, b in zip(window, core))


def _spelled(text: str, index: CustomerIndex):
    for m in _LATIN_WORD.finditer(text):
        word = m[0].lower()
        if word in _PINYIN_STOP:
            continue
        for core, canonical in index.cores:
            if pinyin.spells(word, core):
                return m.start(), m.end(), CustomerRef(m[0], canonical, HOMOPHONE_SCORE)
    return None


def score_candidate(text: str, index: CustomerIndex, *, ask: bool = True) -> CustomerRef:
    """A company name the known list does not hold verbatim: its best core-name match.

    Scores from ASK to ACCEPT name the likely customer so the caller can ask; with ask=False (a lead
    the rep calls new) only an accepted score names one.
    """
    # An unknown name is looked up whole before any part of it: 上海申通快递 is not 上海申.
    for whole in (text, without_region(text), short_name(text)):
        entry = index.surfaces.get(whole.lower())
        if entry:
            ref = _ref(text, *entry)
            return ref if ask or ref.score >= ACCEPT else CustomerRef(text, None, ref.score)
    best, best_name = 0.0, None
    if index.cores:
        from rapidfuzz import fuzz, process  # only companies not found verbatim need fuzzy scoring

        # 宁德时光科技 is compared as 宁德时光 too: its short name 时光 has lost the part that looks alike.
        for core in {short_name(text), end_cuts(text)[-1]}:
            score, name = _likeness(core, index, fuzz, process)
            if score > best:
                best, best_name = score, name
    return CustomerRef(text, best_name if best >= (ASK if ask else ACCEPT) else None, round(best))


def _likeness(core: str, index: CustomerIndex, fuzz, process) -> tuple[float, str]:
    found = process.extractOne(core, index.core_names, scorer=fuzz.ratio)
    best, (matched, best_name) = found[1], index.cores[found[2]]
    typo = _homophone(core, index, [])
    if best < HOMOPHONE_SCORE and typo and typo[1] - typo[0] == len(core):
        return HOMOPHONE_SCORE, typo[2].match
    if best < ACCEPT and not _shares_two(core, matched):
        best = min(best, ASK - 1)  # 合力 vs 格力, 海天 vs 海信: one shared character is no likeness
    return best, best_name


def _shares_two(a: str, b: str) -> bool:
    """Whether a and b have two characters in a row in common."""
    return any(a[i:i + 2] in b for i in range(len(a) - 1))


def _one_typo(window: str, core: str) -> bool:
    """Same length, one character different, and that one pronounced alike (华伟 for 华为)."""
    return sum(a != b for a, b in zip(window, core)) == 1 and _sounds_like(window, core)
