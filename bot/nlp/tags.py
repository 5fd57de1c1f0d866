"""Requirement tags and urgency from keyword dictionaries matched on the normalised text."""

import re

from . import lexicon
from .text import covered, find_spans

_TAGS = lexicon.load("tags")
_ORDER = [entry["tag"] for entry in _TAGS["taxonomy"]]
_WORD_TAG = {w.lower(): e["tag"] for e in _TAGS["taxonomy"] for w in e["words"]}
_PATTERNS = [(re.compile(p), e["tag"]) for e in _TAGS["taxonomy"] for p in e.get("patterns", ())]


def _keyword_regex(words) -> re.Pattern:
    # ASCII words need letter boundaries: "api" must not fire inside "rapid".
    parts = [rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])" if w.isascii() else re.escape(w)
             for w in sorted(words, key=len, reverse=True)]
    return re.compile("|".join(parts), re.IGNORECASE)


_WORDS = _keyword_regex(_WORD_TAG)
_EXCLUDE = lexicon.word_regex(_TAGS["exclude"], re.IGNORECASE)
_LEX = lexicon.load("lexicon")
_URGENT = _keyword_regex(_LEX["urgency_words"])
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
