"""Every name a known customer goes by, computed once per customer list.

A customer is named by its registered name and aliases (rank NAME), by the forms a rep shortens them to (rank SHORT:
甬达, 宁波甬达, 博远精工科技, 三一重工), and by a contiguous part of its short name that is no everyday word
(rank PART: 利达 for 新利达). A surface keeps the best rank it has; customers sharing it at that rank are all kept,
in list order, so a name that fits several customers can be asked about instead of guessed.
"""

import functools
import re
from dataclasses import dataclass

from .records import KnownCustomer
from .shortnames import end_cuts, is_generic, is_region, short_name, without_region

NAME, SHORT, PART = 0, 1, 2
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_MAX_TYPO_CORE = 8


def typo_key(word: str, pos: int) -> str:
    """`word` with the character at `pos` blanked: a name and its one-character typo there share this key."""
    return word[:pos] + "\0" + word[pos + 1:]


@dataclass(frozen=True)
class CustomerIndex:
    surfaces: dict  # lowercase surface → (rank, canonical names in list order)
    lengths: dict  # first character of a surface → its surfaces' lengths, longest first
    first_chars: re.Pattern | None  # any first character, to jump straight to the places worth looking up
    cores: tuple  # (core, canonical) pairs: the names fuzzy and homophone checks compare against
    typo_keys: dict  # a core with one character blanked → core numbers: one look-up finds every one-typo match
    typo_lengths: tuple  # the lengths of those cores, longest first
    core_chars: frozenset  # every character of those cores
    core_names: tuple  # the cores alone, as rapidfuzz wants them


def surfaces_of(customer: KnownCustomer) -> dict[str, int]:
    """Each name `customer` can be written as, with its rank."""
    found: dict[str, int] = {}

    def add(surface: str, rank: int) -> None:
        if len(surface) >= 2 and found.get(surface, PART + 1) > rank:
            found[surface] = rank

    for written in (customer.name, *customer.aliases):
        add(written, NAME)
        short = short_name(written)
        for form in (*end_cuts(written), *end_cuts(without_region(written))):
            if len(form) >= len(short) and short in form:  # 宁波甬达汽车 and 甬达汽车, never a cut past the core
                add(form, SHORT)
        for part in _parts(short):
            add(part, PART)
    return found


def _parts(short: str):
    if not _CJK.fullmatch(short):
        return
    for size in range(len(short) - 1, 1, -1):
        for start in range(len(short) - size + 1):
            part = short[start:start + size]
            if not (is_generic(part) or is_region(part)):
                yield part


@functools.lru_cache(maxsize=16)
def build_index(customers: tuple[KnownCustomer | str, ...]) -> CustomerIndex:
    surfaces, cores = {}, {}
    for c in customers:
        c = c if isinstance(c, KnownCustomer) else KnownCustomer(str(c))
        for surface, rank in surfaces_of(c).items():
            key = surface.lower()
            best_rank, names = surfaces.get(key, (PART + 1, ()))
            if rank < best_rank:
                surfaces[key] = (rank, (c.name,))
            elif rank == best_rank and c.name not in names:
                surfaces[key] = (rank, (*names, c.name))
        for core in (c.name, *c.aliases, short_name(c.name), *map(short_name, c.aliases)):
            if len(core) >= 2 and _CJK.fullmatch(core):
                cores.setdefault(core, c.name)
    lengths = {}
    for key in surfaces:
        lengths.setdefault(key[0], set()).add(len(key))
    typo_keys = {}
    for number, core in enumerate(cores):
        if len(core) <= _MAX_TYPO_CORE:  # nobody types a whole registered name with a typo
            for pos in range(len(core)):
                typo_keys.setdefault(typo_key(core, pos), []).append(number)
    return CustomerIndex(
        surfaces=surfaces,
        lengths={ch: tuple(sorted(sizes, reverse=True)) for ch, sizes in lengths.items()},
        first_chars=re.compile("[" + re.escape("".join(lengths)) + "]") if lengths else None,
        cores=tuple(cores.items()),
        typo_keys={key: tuple(v) for key, v in typo_keys.items()},
        typo_lengths=tuple(sorted({len(core) for core in cores if len(core) <= _MAX_TYPO_CORE}, reverse=True)),
        core_chars=frozenset("".join(core for core in cores if len(core) <= _MAX_TYPO_CORE)),
        core_names=tuple(cores),
    )
