"""Which customer a message is about.

Cascade: exact name/alias/core name → homophone typo (华伟 → 华为) or pinyin spelling (huawei) →
a company name recognised by its shape (…科技, …有限公司, 拜访了X的) scored with fuzz.ratio on core names.
"""

import functools
import re
from dataclasses import dataclass

from . import lexicon, pinyin
from .records import CustomerRef, KnownCustomer
from .text import covered, find_spans

_NAMES = lexicon.load("names")
HOMOPHONE_SCORE = 90  # accepted like a fuzzy score >= 85, yet below an exact hit
ACCEPT, ASK = 85, 50
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_PAREN = re.compile(r"[(（][^)）]*[)）]")
_NUMERAL_CHARS = set("零〇一二两三四五六七八九十百千万亿")
_FALSE_FRIENDS = lexicon.word_regex(_NAMES["false_friends"])
_SKIP_CHARS = set(_NAMES["homophone_skip_chars"])
_PINYIN_STOP = set(_NAMES["pinyin_stop_words"])
_LATIN_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{4,}(?![A-Za-z])")
_STRIP_SUFFIXES = _NAMES["legal_suffixes"] + _NAMES["industry_words"]
_SUFFIX_RUN = re.compile("(?:" + lexicon.alternation(_STRIP_SUFFIXES) + ")*")
# Each strip must leave at least two characters of name.
_TRAILING_WORD = re.compile("(?<=..)(?:" + lexicon.alternation(_STRIP_SUFFIXES) + ")$")
_LEADING_CITY = re.compile("(?:" + lexicon.alternation(_NAMES["cities"]) + ")(?=..)")


@functools.lru_cache(maxsize=4096)
def core_name(name: str) -> str:
    """华为技术有限公司 → 华为; 杭州云帆智能科技 → 云帆: what is left after legal, industry and city words."""
    core, previous = _PAREN.sub("", name).strip(), None
    while core != previous:
        previous = core
        core = _strip_once(core)
    return core


def _strip_once(core: str) -> str:
    m = _TRAILING_WORD.search(core)
    if m:
        return core[:m.start()]
    m = _LEADING_CITY.match(core)
    return core[m.end():] if m else core


@dataclass(frozen=True)
class CustomerIndex:
    surfaces: re.Pattern | None
    canonical: dict  # lowercase surface → canonical name
    cores: tuple  # (core, canonical) pairs: the names fuzzy and homophone checks compare against
    by_char: dict  # character → ((core number, position), …) for the homophone scan
    indexed: re.Pattern | None  # any character of by_char, to jump straight to the places worth checking
    core_names: tuple  # the cores alone, as rapidfuzz wants them


@functools.lru_cache(maxsize=16)
def build_index(customers: tuple[KnownCustomer | str, ...]) -> CustomerIndex:
    canonical, cores = {}, {}
    for c in customers:
        c = c if isinstance(c, KnownCustomer) else KnownCustomer(str(c))
        for surface in (c.name, *c.aliases, core_name(c.name), *map(core_name, c.aliases)):
            if len(surface) >= 2:
                canonical.setdefault(surface.lower(), c.name)
                if _CJK.fullmatch(surface):
                    cores.setdefault(surface, c.name)
    by_char = {}
    for number, core in enumerate(cores):
        # A one-character typo leaves position 0 or position 1 intact, so those two suffice.
        for pos, ch in enumerate(core[:2]):
            if ch not in _SKIP_CHARS:
                by_char.setdefault(ch, []).append((number, pos))
    parts = [rf"(?<![A-Za-z]){re.escape(s)}(?![A-Za-z])" if s.isascii() else re.escape(s)
             for s in sorted(canonical, key=len, reverse=True)]
    return CustomerIndex(
        surfaces=re.compile("|".join(parts), re.IGNORECASE) if parts else None,
        canonical=canonical,
        cores=tuple(cores.items()),
        by_char={ch: tuple(v) for ch, v in by_char.items()},
        indexed=re.compile("[" + re.escape("".join(by_char)) + "]") if by_char else None,
        core_names=tuple(cores),
    )


def find_known(text: str, index: CustomerIndex):
    """(start, end, CustomerRef) of the first known customer mentioned, exactly or by a homophone."""
    if index.surfaces is None:
        return None
    friends = find_spans(_FALSE_FRIENDS, text)
    for m in index.surfaces.finditer(text):
        if not covered(friends, *m.span()):
            # 锦程物流 for 锦程: the legal and industry words written after the name belong to it.
            end = _SUFFIX_RUN.match(text, m.end()).end()
            return m.start(), end, CustomerRef(text[m.start():end], index.canonical[m[0].lower()], 100)
    return _homophone(text, index, friends) or _spelled(text, index)


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
    return all(a == b or pinyin.readings(a) & pinyin.readings(b) for a, b in zip(window, core))


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
    core = core_name(text)
    best, best_name = 0.0, None
    if index.cores:
        from rapidfuzz import fuzz, process  # only companies not found verbatim need fuzzy scoring

        found = process.extractOne(core, index.core_names, scorer=fuzz.ratio)
        best, (matched, best_name) = found[1], index.cores[found[2]]
        typo = _homophone(core, index, [])
        if best < HOMOPHONE_SCORE and typo and typo[1] - typo[0] == len(core):
            best, best_name = HOMOPHONE_SCORE, typo[2].match
        elif best < ACCEPT and not _aligned(core, matched):
            best = min(best, ASK - 1)  # 蓝海 vs 海尔: one shared character, in another place, is no likeness
    return CustomerRef(text, best_name if best >= (ASK if ask else ACCEPT) else None, round(best))


def _aligned(a: str, b: str) -> bool:
    return any(x == y for x, y in zip(a, b))


def _one_typo(window: str, core: str) -> bool:
    """Same length, one character different, and that one pronounced alike (华伟 for 华为)."""
    return sum(a != b for a, b in zip(window, core)) == 1 and _sounds_like(window, core)
