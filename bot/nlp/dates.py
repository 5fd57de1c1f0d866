"""Dates in a message, resolved against an injected `now`: which describe the past, and their clock times."""

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from . import lexicon
from .clock import ClockTime, find_times
from .date_rules import raw_mentions
from .text import Clauses, normalize

_LEX = lexicon.load("lexicon")
_PERFECTIVE = re.compile(r"了(?!解)|过(?![去来])|已")
_FUTURE = lexicon.word_regex(_LEX["future_markers"])
_CONTACT_VERB = lexicon.word_regex(_LEX["contact_verbs_today_past"])


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    day: date | None  # None: the text describes the past
    time: str | None = None
    time_span: tuple[int, int] | None = None

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def find_dates(text: str, clauses: Clauses, now: datetime) -> list[DateMention]:
    """Every date expression in order; `day` is None for those that describe the past."""
    today = now.date()
    mentions = []
    for start, end, (day, past_test) in raw_mentions(text, today):
        clause = text[slice(*clauses.span(start))]
        if day is not None and (day < today or _reads_as_past(past_test, clause, text[end:clauses.span(start)[1]])):
            day = None
        mentions.append(DateMention(start, end, day))
    return _attach_times(text, clauses, mentions, find_times(text), now)


def read_date(text: str, now: datetime) -> date | None:
    """The day a date typed alone names (/改期 1 明天, 改到周四, 2026-12-05), against the NAIVE LOCAL `now`.
    A date already past is returned as written so the caller can say so; words that only describe the past
    (昨天, 上周三) and text with no date give None."""
    for _, _, (day, _) in raw_mentions(normalize(text), now.date()):
        if day is not None:
            return day
    return None


def _reads_as_past(test: str | None, clause: str, after: str) -> bool:
    # 今天拜访了… reports today's visit; 今天下午必须发货 is a deadline.
    if test == "today":
        if _PERFECTIVE.search(clause):
            return True
        return bool(_CONTACT_VERB.search(clause)) and not _FUTURE.search(clause)
    if test == "after":
        return bool(_PERFECTIVE.search(after)) and not _FUTURE.search(clause)
    return False


def _attach_times(text, clauses, mentions, times, now):
    for t in times:
        clause_no = clauses.index(t.start)
        same = [i for i, m in enumerate(mentions) if clauses.index(m.start) == clause_no]
        if same:
            i = min(same, key=lambda i: abs(mentions[i].start - t.start))
            if mentions[i].day and mentions[i].time is None:
                mentions[i] = replace(mentions[i], time=t.text, time_span=(t.start, t.end))
            continue
        mentions.append(_time_alone(t, text[slice(*clauses.span(t.start))], now))
    return sorted(mentions, key=lambda m: m.start)


def _time_alone(t: ClockTime, clause: str, now: datetime) -> DateMention:
    """A clock time with no day means today, or tomorrow once that time has passed."""
    if _PERFECTIVE.search(clause):
        return DateMention(t.start, t.end, None)
    later_today = (t.hour, t.minute) > (now.hour, now.minute)
    day = now.date() + timedelta(days=0 if later_today else 1)
    return DateMention(t.start, t.end, day, t.text, (t.start, t.end))
