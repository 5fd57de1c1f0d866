"""Toneless pinyin readings, for homophone typos (华伟 → 华为) and names typed in pinyin (huawei)."""

import functools
import os


@functools.lru_cache(maxsize=8192)
def readings(ch: str) -> frozenset[str]:
    """Every toneless reading of one character (heteronyms included: 重 → zhong, chong)."""
    # Imported on first use: most messages name a customer verbatim and never get here. Only
    # single-character readings are compared, so pypinyin's phrase table (~45 MB) stays unloaded.
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import Style, pinyin

    found = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    return frozenset(found[0]) if found else frozenset()


@functools.lru_cache(maxsize=8192)
def main_reading(ch: str) -> str:
    """The usual reading, the one an input method offers first: typos are homophones of it (合 is he, not ge)."""
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import Style, pinyin

    found = pinyin(ch, style=Style.NORMAL, errors="ignore")
    return found[0][0] if found else ""


def spells(word: str, name: str) -> bool:
    """Whether the lowercase letters `word` are the pinyin of `name`, one reading per character."""
    return _spells_from(word, 0, name)


def _spells_from(word: str, pos: int, name: str) -> bool:
    if not name:
        return pos == len(word)
    return any(word.startswith(r, pos) and _spells_from(word, pos + len(r), name[1:])
               for r in readings(name[0]) if r)
