"""Dates in a message, resolved against an injected `now`: which describe the past, which are corrected,
which move a follow-up or plan a signing, and their clock times."""

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
# 约了今天下午5点去拜访: what was arranged lies ahead, so this 了 does not make the day a report.
_ARRANGED = re.compile(r"(?:(?<![签合契制])约好?|安排好?|预约|说好|约定)了")
# 明年再说 / 以后再说 / 过段时间再看: a pause, no date. Only vague times pause a 再联系; 明年 pauses a 再说.
_PAUSE = re.compile(r"(?:以后|之后|过段时间|过一段时间|过阵子|过一阵子?|过些日子|过些天|过几天|回头|改天|后面|往后|等等|"
                    r"有需要|有机会|到时候)(?:的事)?再(?:说|看看?|议|考虑|联系|沟通|约|跟进)"
                    r"|明年(?:的事)?再(?:说|看看?|议|考虑)")
# 周三，不对，周四 / 下周三 哦不是 下周四 / 不是周三是周四: the later date stands.
_CORRECTION_GAP = re.compile(r"[\s,.~-]*(?:吧|呢|啊)?[\s,]*(?:嗯|呃|啊|哦|噢|喔)?[\s,]*(?:不对|不是|说错了|我说错了|错了|更正一下|更正|纠正一下|纠正|口误)"
                             r"[\s,了啊]*(?:应该是|是|改成|改为)?[\s,]*")
_NOT_BUT_GAP = re.compile(r"[\s,]*(?:而|应该)?是[\s,]*")
_MOVE_BEFORE = re.compile(r"(?:改到|改成|改在|改为|改期到?|推迟到|推到|延到|延期到|顺延到|挪到|调到|调整到|换到|放到|推后到)(?:了|一下)?$")
_LONE_MONTH_DAY = re.compile(r"(\d{1,2})-(\d{1,2})")
_SHIFT_WORD = re.compile(r"往后|向后|延后|推迟|推后|后延|延期|顺延|推")
_CLOSE_AFTER = re.compile(r"(?:之?前|以前|左右)?(?:就|能|可以|会|应该|争取|要|一定|肯定|才|再|去|来)?(?:能|可以)?"
                          r"(?:签约|签合同|签单|签下来?|签掉|签(?!收|字|到)|成交|拿下|下单|定下来|敲定|赢单|落地)(?!了|过)")
_CLOSE_BEFORE = re.compile(r"(?:签约|签合同|签单|成交|合同)(?:时间|日期)?(?:定在|定于|安排在|预计在?|估计在?|大概在?|在)$")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    day: date | None  # None: the text describes the past
    time: str | None = None
    time_span: tuple[int, int] | None = None
    moves: bool = False  # 改到…, 推迟到…, 往后推一周: the new day of an existing follow-up
    closes: bool = False  # 预计月底签, 争取下周签: the day a win is planned for

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def find_dates(text: str, clauses: Clauses, now: datetime) -> list[DateMention]:
    """Every date expression in order; `day` is None for those that describe the past."""
    today = now.date()
    mentions = []
    stated, taken_back = _stated(text, today)
    for start, end, (day, past_test) in stated:
        clause_start, clause_end = clauses.span(start)
        clause = text[clause_start:clause_end]
        if day is not None and (day < today or _reads_as_past(past_test, clause, text[end:clause_end])):
            day = None
        mentions.append(DateMention(start, end, day, moves=_moves(text, start, end),
                                    closes=_closes(text, start, end, clause_start, clause_end)))
    times, times_taken_back = _corrected(text, find_times(text))
    mentions = _attach_times(text, clauses, mentions, times, now)
    # What was taken back stays in the list without a day, so it is cut out of the next action too.
    return sorted(mentions + [DateMention(s, e, None) for s, e in taken_back + times_taken_back], key=lambda m: m.start)


def read_date(text: str, now: datetime) -> date | None:
    """The day a date typed alone names (/改期 1 明天, 改到周四, 2026-12-05), against the NAIVE LOCAL `now`.
    A date already past is returned as written so the caller can say so; words that only describe the past
    (昨天, 上周三) and text with no date give None."""
    text = normalize(text).strip()
    # Typed alone, 12-5 can only be a day (inside a report it could be a range).
    text = _LONE_MONTH_DAY.sub(r"\1/\2", text) if _LONE_MONTH_DAY.fullmatch(text) else text
    for _, _, (day, _) in _stated(text, now.date())[0]:
        if day is not None:
            return day
    return None


def is_pause(text: str) -> bool:
    return bool(_PAUSE.search(text))


def _stated(text: str, today: date):
    """The raw date mentions the writer stands by (none inside a pause, none they corrected), and the spans
    of those they took back."""
    pauses = [m.span() for m in _PAUSE.finditer(text)]
    found = [f for f in raw_mentions(text, today) if not any(s <= f[0] < e for s, e in pauses)]
    return _corrected(text, found)


def _corrected(text: str, found: list):
    """Split off a date or time the writer took back: it is followed by 不对/说错了… and another one (or
    不是X是Y). Returns what stands and the spans taken back, each with its correction words."""
    kept, taken_back = [], []
    for i, item in enumerate(found):
        start, end = (item.start, item.end) if isinstance(item, ClockTime) else item[:2]
        if i + 1 < len(found):
            next_start = found[i + 1].start if isinstance(item, ClockTime) else found[i + 1][0]
            gap = text[end:next_start]
            if _CORRECTION_GAP.fullmatch(gap) or (text.endswith("不是", 0, start) and _NOT_BUT_GAP.fullmatch(gap)):
                taken_back.append((start - 2 if text.endswith("不是", 0, start) else start, next_start))
                continue
        kept.append(item)
    return kept, taken_back


def _moves(text: str, start: int, end: int) -> bool:
    return bool(_MOVE_BEFORE.search(text, max(0, start - 6), start) or _SHIFT_WORD.match(text, start))


def _closes(text: str, start: int, end: int, clause_start: int, clause_end: int) -> bool:
    return bool(_CLOSE_AFTER.match(text[:clause_end], end) or _CLOSE_BEFORE.search(text, clause_start, start))


def _reads_as_past(test: str | None, clause: str, after: str) -> bool:
    # 今天拜访了… reports today's visit; 今天下午必须发货 is a deadline; 约了今天下午5点 is a plan.
    if test == "today":
        if _ARRANGED.search(clause):
            return False
        if _PERFECTIVE.search(clause):
            return True
        return bool(_CONTACT_VERB.search(clause)) and not _FUTURE.search(clause)
    if test == "tonight":  # 今晚8点电话 is tonight's plan; 今晚和客户吃了饭 a report
        return bool(_PERFECTIVE.search(clause)) and not _ARRANGED.search(clause)
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
    return mentions


def _time_alone(t: ClockTime, clause: str, now: datetime) -> DateMention:
    """A clock time with no day means today, or tomorrow once that time has passed."""
    if _PERFECTIVE.search(clause) and not _ARRANGED.search(clause):
        return DateMention(t.start, t.end, None)
    later_today = (t.hour, t.minute) > (now.hour, now.minute)
    day = now.date() + timedelta(days=0 if later_today else 1)
    return DateMention(t.start, t.end, day, t.text, (t.start, t.end))
