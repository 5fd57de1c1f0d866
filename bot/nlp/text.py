"""Normalising a message and cutting it into clauses."""

import bisect
import re
import unicodedata
from dataclasses import dataclass

# Chat messages are short (WeCom caps a text at 2048 bytes); anything longer is pasted
# material, and reading only its head keeps every call fast whatever comes in.
MAX_CHARS = 4000

MASK = "□"
NUMBER_MASK = "#"  # a phone number's place: 电话# is a number given, not a call
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
# NFKC has already turned ，；！？ into ASCII; a comma between digits groups thousands.
# Dictated text has no commas: 然后 / 另外 / 还有就是 start a new clause all the same (the word stays in it).
_CLAUSE_END = re.compile(r"[。;!?、\n]|,(?!(?<=\d,)\d{3}(?!\d))|…|(?<=[\u4e00-\u9fff\w])\s*(?=然后|另外|还有就是)")


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS])
    return _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True)
class Clauses:
    """Clause boundaries of one text: clause i spans starts[i] .. ends[i]."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def index(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    def span(self, pos: int) -> tuple[int, int]:
        i = self.index(pos)
        return self.starts[i], self.ends[i]


def split_clauses(text: str) -> Clauses:
    starts, ends, start = [0], [], 0
    for m in _CLAUSE_END.finditer(text):
        ends.append(m.start())
        start = m.end()
        starts.append(start)
    ends.append(len(text))
    return Clauses(tuple(starts), tuple(ends))


def mask(text: str, spans, char: str = MASK) -> str:
    """Blank out spans (customer names, contacts) so their characters cannot trigger other rules."""
    for start, end in spans:
        text = text[:start] + char * (end - start) + text[end:]
    return text


def covered(spans, start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def find_spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]
