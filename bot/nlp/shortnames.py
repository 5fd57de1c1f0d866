"""The short name reps use for a company: 宁波甬达汽车零部件有限公司 → 甬达, 佛山市南海区宏图五金制品厂 → 宏图.

What a registered Chinese company name is made of: region + 字号 (the distinctive core) + industry + legal form.
The region comes off the front (provinces, cities, county-level cities anywhere; a district's or county's short form
only right after its city or province, so 北京金山办公 keeps 金山), then development zones (工业园区, 开发区); legal forms and
industry words come off the end. Every cut must leave two characters, so 长安汽车 stays 长安 and 福田汽车 福田, and a
region stays when what is left without it is an industry or everyday word (上海电气, 宁德时代: the place is part of the
name). The regions and everyday words are generated (tools/build_name_data.py) and read on first use.
"""

import functools
import re

from . import lexicon

_NAMES = lexicon.load("names")
_PAREN = re.compile(r"[(（][^)）]*[)）]")
_TRAILING = re.compile("(?<=..)(?:" + lexicon.alternation(_NAMES["legal_suffixes"] + _NAMES["industry_words"]) + ")$")
_ZONE = re.compile("(?:" + lexicon.alternation(_NAMES["zone_words"]) + ")(?=..)")
# Inside a region just cut: a town, a named park or zone (上海松江区九亭镇, 北京海淀区中关村, 武汉东湖新技术开发区).
_PLACE_IN_REGION = re.compile("(?:" + lexicon.alternation(_NAMES["park_names"]) + "|[\u4e00-\u9fff]{1,4}?(?:"
                              + lexicon.alternation(["镇", "乡", "街道", *_NAMES["zone_words"]]) + "))(?=..)")
_LEGAL_RUN = re.compile("(?:" + lexicon.alternation(_NAMES["legal_suffixes"]) + ")+")
_INDUSTRY_RUN = re.compile("(?:" + lexicon.alternation(_NAMES["industry_words"] + _NAMES["legal_suffixes"]) + ")+")
_MIN_CORE = 2
_EVERYDAY = 500  # the most frequent words (时代 is 382nd, 长安 976th): a region before one of them is part of the name


@functools.cache
def _regions() -> tuple[frozenset, dict, int]:
    data = lexicon.load("regions")
    anywhere = frozenset(data["anywhere"].split())
    children = {parent: frozenset(kids.split()) for parent, kids in data["children"].items()}
    return anywhere, children, max(map(len, anywhere))


@functools.lru_cache(maxsize=8192)
def short_name(full_name: str) -> str:
    """The distinctive core of a company name (the name itself when nothing can be cut)."""
    fronts = _front_cuts(_PAREN.sub("", full_name).strip())
    for depth in range(len(fronts) - 1, 0, -1):
        ends = end_cuts(fronts[depth])
        if ends[-1] in _everyday_words():  # 宁德时代 → 时代 would name an era, not a company
            continue
        core = _deepest_proper(ends)
        if core:
            return core
    ends = end_cuts(fronts[0])
    return _deepest_proper(ends) or ends[0]


def _deepest_proper(cuts: list[str]) -> str | None:
    # 上海电气 / 青岛啤酒 / 舟山港: no cut may leave only a city, only industry words, or one character before a
    # legal form (港股份); one before an industry word is a name (二机床).
    for cut in reversed(cuts):
        if not (_INDUSTRY_RUN.fullmatch(cut) or _LEGAL_RUN.fullmatch(cut[1:]) or is_region(cut)):
            return cut
    return None


def without_region(full_name: str) -> str:
    """博远精工科技有限公司 for 苏州工业园区博远精工科技有限公司: the name as written after its region."""
    return _front_cuts(_PAREN.sub("", full_name).strip())[-1]


def is_generic(word: str) -> bool:
    """Industry words only, or an everyday word (时代, 东方): too common to name one company by itself."""
    return bool(_INDUSTRY_RUN.fullmatch(word)) or word in _common_words()


def crosses_word(text: str, start: int, end: int) -> bool:
    """Whether an everyday word runs across an edge of text[start:end] (能接 in 能接受, 接受 starting inside it):
    then those characters are read as that word, not as a name typed with a typo."""
    words = _common_words()
    for left in range(max(0, start - 2), end):
        for right in range(max(left + 2, start + 1), min(left + 3, len(text)) + 1):
            crossing = left < start < right or left < end < right
            if crossing and text[left:right] in words:
                return True
    return False


def is_region(word: str) -> bool:
    return word in _regions()[0]


@functools.cache
def _words_by_frequency() -> tuple[str, ...]:
    with open(lexicon.DATA_DIR / "common_words.txt", encoding="utf-8") as fh:
        return tuple(line.strip() for line in fh if not line.startswith("#"))


@functools.cache
def _common_words() -> frozenset:
    return frozenset(_words_by_frequency())


@functools.cache
def _everyday_words() -> frozenset:
    return frozenset(_words_by_frequency()[:_EVERYDAY])


def end_cuts(name: str) -> list[str]:
    """The name after each legal-form or industry word cut from its end, the uncut name first."""
    cuts = [name]
    while (cut := _TRAILING.sub("", cuts[-1])) != cuts[-1]:
        cuts.append(cut)
    return cuts


def _front_cuts(name: str) -> list[str]:
    """The name after each region or zone cut from its front, the uncut name first."""
    cuts, parent = [name], None
    while True:
        region = _leading_region(name, parent)
        zone = None if region else (_ZONE.match(name) or (_PLACE_IN_REGION.match(name) if parent else None))
        if not (region or zone):
            return cuts
        name = name[len(region):] if region else name[zone.end():]
        parent = region or parent
        cuts.append(name)


def leading_region(name: str) -> str | None:
    """The province, city or county-level city `name` opens with (and leaves two characters after), if any."""
    return _leading_region(name, None)


def _leading_region(name: str, parent: str | None) -> str | None:
    anywhere, children, longest = _regions()
    kids = children.get(parent, frozenset()) if parent else frozenset()
    for size in range(min(longest, len(name) - _MIN_CORE), 1, -1):
        head = name[:size]
        if head in anywhere or head in kids:
            return head
    return None
