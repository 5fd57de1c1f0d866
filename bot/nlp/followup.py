"""The follow-up: which date is the next step, its clock time, and the words that say what to do."""

import re

from . import lexicon
from .dates import DateMention
from .text import Clauses

_LEX = lexicon.load("lexicon")
_NEXT_STEP = lexicon.word_regex(_LEX["next_step_cues"])
_ACTION = lexicon.word_regex(_LEX["action_cues"])
_PLANNED = lexicon.word_regex(_LEX["action_plan_markers"])
_DONE = re.compile(r"了(?!解)|已")
_DEADLINE_TAIL = re.compile(r"之前|以前|前|之后|以后|左右")
# 然后再去一趟 / 嗯那个再约: dictation fillers at the start are not the action.
_EDGES = re.compile(r"^(?:[\s,:;的嗯呃]|上午|下午|中午|晚上|早上|傍晚|之前|以前|前|然后|另外|还有就是|那个)+|[\s,:;]+$")
_PERIOD_AFTER = re.compile(r"上午|下午|中午|晚上|早上|傍晚|一早")
# "…说" / "帮我记一下:" introduce the step; the step itself follows.
_LEAD_IN = re.compile(r"^(?:.{1,12}?(?:说(?![明法服好])|表示|反馈|提到)|.*:)(?=.)")
MAX_ACTION = 30


def choose_next(mentions: list[DateMention], text: str, clauses: Clauses, *, tied_only: bool = False):
    """Of several future dates, the one tied to a next step (再跟进/回访/约/提交/发…), else the earliest."""
    future = [m for m in mentions if m.day]
    tied = [m for m in future if _NEXT_STEP.search(text, *clauses.span(m.start))]
    return min(tied if tied or tied_only else future, key=lambda m: (m.day, m.start), default=None)


def next_action(text: str, clauses: Clauses, chosen: DateMention | None, mentions: list[DateMention]) -> str | None:
    if chosen is not None:
        number = clauses.index(chosen.start)
        action = _without_dates(text, clauses.starts[number], clauses.ends[number], mentions)
        if action is None and number:  # 让我们重新报个价，周五前: the step is in the clause before
            action = _trim(text[clauses.starts[number - 1]:clauses.ends[number - 1]])
        return action
    # With no date, only a clause that plans a step (安排售后回访, 尽快安排) is the next action.
    for start, end in zip(clauses.starts, clauses.ends):
        if _ACTION.search(text, start, end) and _PLANNED.search(text, start, end) and not _DONE.search(text, start, end):
            return _trim(text[start:end])
    return None


def _without_dates(text: str, start: int, end: int, mentions: list[DateMention]) -> str | None:
    """The clause with its date and time words (and a 前/之前 after them) cut out: 下周三再跟进 → 再跟进."""
    kept, pos = [], start
    for s, e in sorted(span for m in mentions for span in (m.span, m.time_span) if span and start <= span[0] < end):
        tail = _DEADLINE_TAIL.match(text, e) or _PERIOD_AFTER.match(text, e)
        kept.append(text[pos:max(pos, s)])
        pos = max(pos, tail.end() if tail else e)
    kept.append(text[pos:end])
    return _trim("".join(kept))


def _trim(action: str) -> str | None:
    action = _EDGES.sub("", _LEAD_IN.sub("", _EDGES.sub("", action)))[:MAX_ACTION]
    return action or None
