"""Word lists and vocabularies from bot/nlp/data, read once per process."""

import functools
import json
import re
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@functools.cache
def load(name: str) -> dict:
    with open(DATA_DIR / f"{name}.json", encoding="utf-8") as fh:
        return json.load(fh)


def alternation(words, *, escape: bool = True) -> str:
    """One regex alternative per word, longest first so a longer word wins at the same position."""
    items = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w) if escape else w for w in items)


def word_regex(words, flags: int = 0, *, escape: bool = True) -> re.Pattern:
    return re.compile(alternation(words, escape=escape), flags)
