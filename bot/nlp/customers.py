"""Which customer a message is about.

Cascade: a name the customer goes by (customer_index: name, alias, short name, a part of it) → homophone typo
(华伟 → 华为) or pinyin spelling (huawei) → a company name recognised by its shape (…科技, …有限公司, 拜访了X的),
looked up whole, then scored with fuzz.ratio on short names.
"""

import re

from . import lexicon, pinyin
from .customer_index import NAME, PART, SHORT, CustomerIndex, typo_key
from .records import CustomerRef
from .shortnames import crosses_word, end_cuts, is_generic, short_name, without_region
from .text import covered, find_spans

_NAMES = lexicon.load("names")
HOMOPHONE_SCORE = 90  # accepted like a fuzzy score >= 85, yet below an exact hit
PART_SCORE = 88  # 利达 for 新利达: a part of one customer's short name and of no other's
AMBIGUOUS_SCORE = 70  # a name several customers go by: in the asking range, the candidates say whom to ask about
OTHER_TRADE_SCORE = 75  # 舜宇模具 for 舜宇光学科技: the same core in another trade may be another company: ask
ACCEPT, ASK = 85, 50
_SCORES = {NAME: 100, SHORT: 100, PART: PART_SCORE}
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_NUMERAL_CHARS = set("零〇一二两三四五六七八九十百千万亿")
_FALSE_FRIENDS = lexicon.word_regex(_NAMES["false_friends"])
_PINYIN_STOP = set(_NAMES["pinyin_stop_words"])
_SKIP_CHARS = set(_NAMES["homophone_skip_chars"])
_SURNAMES = set(_NAMES["surnames"])
_TITLE_AHEAD = lexicon.word_regex(_NAMES["titles"])
_LATIN_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{4,}(?![A-Za-z])")
_DEPARTMENT_END = set(_NAMES["department_ends"])
_TRADE_WORD = lexicon.word_regex(_NAMES["industry_words"])
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
        # 锦程物流 for 锦程: the legal and industry words written after the name belong to it, but not a department's
        # first word (恒岳设备部王部长).
        end = _SUFFIX_RUN.match(text, hit[0]).end()
        if text[end:end + 1] in _DEPARTMENT_END:
            end = hit[0]
        typo = _covering_typo(text, i, end, index, friends) if hit[1][0] == PART else None
        other_trade = _other_trade(text[hit[0]:end], hit[1][1])
        found.append(typo or (i, end, _ref(text[i:end], *hit[1], other_trade=other_trade)))
        i = found[-1][1]
    return found


def _other_trade(written: str, names: tuple[str, ...]) -> bool:
    """舜宇模具 for 舜宇光学科技: industry words written with the name that the one customer's own name lacks."""
    return len(names) == 1 and any(w not in names[0] for w in _TRADE_WORD.findall(written))


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


def _ref(text: str, rank: int, names: tuple[str, ...], other_trade: bool = False) -> CustomerRef:
    if len(names) > 1:
        return CustomerRef(text, names[0], AMBIGUOUS_SCORE, names)
    return CustomerRef(text, names[0], OTHER_TRADE_SCORE if other_trade else _SCORES[rank])


def find_known(text: str, index: CustomerIndex, verbatim=None):
    """(start, end, CustomerRef) of the first known customer mentioned, verbatim or by a homophone or pinyin.
    `verbatim`: find_all_known(text, index) when the caller has it already."""
    found = find_all_known(text, index) if verbatim is None else verbatim
    if found:
        return found[0]
    return _homophone(text, index, find_spans(_FALSE_FRIENDS, text)) or _spelled(text, index)


def _homophone(text: str, index: CustomerIndex, friends):
    """(start, end, CustomerRef) of the first place that is a known name with one character a homophone of it."""
    chars = index.core_chars
    for start in range(len(text) - 1):
        if text[start] not in chars and text[start + 1] not in chars:
            continue  # two characters that no name has: more than one typo, whatever the length
        for size in index.typo_lengths:
            window = text[start:start + size]
            if len(window) != size or not _CJK.fullmatch(window) or covered(friends, start, start + size):
                continue
            for pos in range(size):
                for number in index.typo_keys.get(typo_key(window, pos), ()):
                    core, canonical = index.cores[number]
                    if (window != core and _sounds_like(window, core) and _kept_char(window, core)
                            and _not_a_word(text, start, start + size)):
                        return start, start + size, CustomerRef(window, canonical, HOMOPHONE_SCORE)
    return None


def _not_a_word(text: str, start: int, end: int) -> bool:
    """An input-method typo of a name makes no word (华伟, 比亚地): a window that is a word (打通), runs into one
    (能接 of 能接受) or ends in a person (泰李 of 坤泰李总) is read as that."""
    window = text[start:end]
    if is_generic(window) or crosses_word(text, start, end):
        return False
    return not (window[-1] in _SURNAMES and _TITLE_AHEAD.match(text, end))


def _kept_char(window: str, core: str) -> bool:
    # A typo keeps at least one distinctive character: 美得 may be 美的, but 的 alone keeps nothing of a name.
    return any(a == b and a not in _SKIP_CHARS for a, b in zip(window, core))


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
    # An unknown name is looked up whole before any part of it: 上海申通快递 is not 上海申. Its short name being only a
    # part of a customer's (光谷 of 童光谷) is a likeness, scored below.
    ref = None
    for whole in (text, without_region(text), short_name(text)):
        entry = index.surfaces.get(whole.lower())
        if entry and entry[0] != PART:
            ref = _ref(text, *entry, other_trade=_other_trade(text, entry[1]))
            break
    if ref is None:
        ref = _fuzzy(text, index)
        if ref.match and _other_trade(text, (ref.match,)):
            ref = CustomerRef(text, ref.match, min(ref.score, OTHER_TRADE_SCORE))  # 鑫达五金厂 for 新达吊装设备厂
    return ref if ref.score >= (ASK if ask else ACCEPT) else CustomerRef(text, None, ref.score)


def _fuzzy(text: str, index: CustomerIndex) -> CustomerRef:
    best, best_name = 0.0, None
    if index.cores:
        from rapidfuzz import fuzz, process  # only companies not found verbatim need fuzzy scoring

        # 宁德时光科技 is compared as 宁德时光 too: its short name 时光 has lost the part that looks alike.
        for core in {short_name(text), end_cuts(text)[-1]}:
            score, name = _likeness(core, index, fuzz, process)
            if score > best:
                best, best_name = score, name
    return CustomerRef(text, best_name, round(best))


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
