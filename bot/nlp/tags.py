"""Requirement tags and urgency from keyword dictionaries matched on the normalised text."""

import re

from . import lexicon
from .text import covered, find_spans

_TAGS = lexicon.load("tags")
_ORDER = [entry["tag"] for entry in _TAGS["taxonomy"]]
_WORD_TAG = {w.lower(): e["tag"] for e in _TAGS["taxonomy"] for w in e["words"]}
_PATTERNS = [(re.compile(p), e["tag"]) for e in _TAGS["taxonomy"] for p in e.get("patterns", ())]


class _Keywords:
    """Chinese words as one plain alternation (fast to scan); ASCII words case-blind within letter
    boundaries, so "api" does not fire inside "rapid"."""

    def __init__(self, words):
        chinese = [w for w in words if not w.isascii()]
        latin = [w for w in words if w.isascii()]
        self._patterns = [lexicon.word_regex(chinese)] if chinese else []
        if latin:
            self._patterns.append(re.compile(rf"(?<![A-Za-z])(?:{lexicon.alternation(latin)})(?![A-Za-z])", re.I))

    def finditer(self, text: str):
        for pattern in self._patterns:
            yield from pattern.finditer(text)


_WORDS = _Keywords(_WORD_TAG)
_EXCLUDE = lexicon.word_regex(_TAGS["exclude"], re.IGNORECASE)
_LEX = lexicon.load("lexicon")
_URGENT = _Keywords(_LEX["urgency_words"])
_NOT_URGENT = lexicon.word_regex(_LEX["urgency_exclude"])


def find_tags(text: str) -> list[str]:
    excluded = find_spans(_EXCLUDE, text)
    found = {_WORD_TAG[m[0].lower()] for m in _WORDS.finditer(text) if not covered(excluded, *m.span())}
    found |= {tag for pattern, tag in _PATTERNS if pattern.search(text)}
    return [tag for tag in _ORDER if tag in found]


def urgency(text: str) -> str:
    calm = find_spans(_NOT_URGENT, text)
    urgent = any(not covered(calm, *m.span()) for m in _URGENT.finditer(text))
    return "high" if urgent else "normal"
