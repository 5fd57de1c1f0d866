"""What a message does: intent, stage move, lost reason, lead source and the kind of contact reported."""

import re

from . import lexicon
from .text import Clauses, covered, find_spans

_LEX = lexicon.load("lexicon")
# One scan for every stage word: group "lost__self" holds the lost words that need no marker, and so on.
_STAGE_WORDS = re.compile("|".join(
    f"(?P<{stage}__{kind}>{lexicon.alternation(words, escape=False)})"
    for stage, groups in _LEX["stages"].items() if not stage.startswith("_")
    for kind, words in groups.items() if words))
_STAGE_RANK = {s: i for i, s in enumerate(_LEX["stage_order"])}
_VETO = lexicon.word_regex(_LEX["stage_vetoes"], escape=False)
_HAPPENED = lexicon.word_regex(_LEX["happened_markers"])
_PLAN = lexicon.word_regex(_LEX["plan_markers"])
_NEGATION = lexicon.word_regex(_LEX["negations"])
_NEW_LEAD = lexicon.word_regex(_LEX["new_lead"], escape=False)
_QUESTION = lexicon.word_regex(_LEX["query"], escape=False)
_REPORTED = lexicon.word_regex(_LEX["query_reported"])
_GREETINGS = re.compile("(?:" + lexicon.alternation(_LEX["greetings"]) + ")+", re.IGNORECASE)
_ACTIVITY = re.compile("|".join(f"(?P<{kind}>{lexicon.alternation(words, escape=False)})"
                                 for kind, words in _LEX["activity"].items()), re.IGNORECASE)
_WEAK = "_weak"
_CONTACT_WORDS = lexicon.word_regex(_LEX["contact_words"])
_REASON_CUE = lexicon.word_regex(_LEX["reason_cues"])
_LOST_REASONS = [(reason, lexicon.word_regex(words)) for reason, words in _LEX["lost_reasons"]]
_SOURCES = [(source, lexicon.word_regex(words, escape=False)) for source, words in _LEX["sources"]]
_QUESTION_END = re.compile(r"\?[^\w?]*$")
_ARRANGED = lexicon.word_regex(_LEX["arranged_markers"])
_TALKED = lexicon.word_regex(_LEX["talked_words"])
_SPOKE = re.compile("(?:" + lexicon.alternation(["□", *_LEX["speakers"]]) + ")[也还都又]?(?:"
                    + lexicon.alternation(_LEX["spoke_verbs"]) + ")")
_SAID = re.compile(_LEX["said"])
_EMPTY_CLAUSE = re.compile("(?:" + lexicon.alternation(_LEX["empty_clause_words"]) + r"|□|[\W_])*")


def is_greeting(text: str) -> bool:
    bare = re.sub(r"[^\w]", "", text)
    return bool(bare) and bool(_GREETINGS.fullmatch(bare))


def is_small_talk(text: str) -> bool:
    """你好 / 谢谢 / 收到 / 👍: a greeting, thanks or an acknowledgement, with nothing else in it."""
    if is_greeting(text):
        return True
    symbols = re.sub(r"\s", "", text)
    return bool(symbols) and not re.search(r"[\w□#?]", symbols)


def is_query(text: str, clauses: Clauses) -> bool:
    if _QUESTION_END.search(text):
        return True
    for start, end in zip(clauses.starts, clauses.ends):
        clause = text[start:end].strip()
        for m in _QUESTION.finditer(clause):
            if not _REPORTED.search(clause, 0, m.start()):
                return True
    return False


def is_new_lead(text: str) -> bool:
    return bool(_NEW_LEAD.search(text))


def mentions_contact(text: str) -> bool:
    return bool(_CONTACT_WORDS.search(text))


def find_stage(text: str, clauses: Clauses, planned_clauses: set[int]) -> str | None:
    """The stage the message says an opportunity has reached; lost and won outrank the rest."""
    vetoed = find_spans(_VETO, text)
    reached = set()
    for m in _STAGE_WORDS.finditer(text):
        stage, kind = m.lastgroup.split("__")
        if not covered(vetoed, *m.span()) and _is_move(text, clauses, m, kind, planned_clauses):
            reached.add(stage)
    for decisive in ("lost", "won"):
        if decisive in reached:
            return decisive
    return max(reached, key=_STAGE_RANK.__getitem__, default=None)


def _is_move(text: str, clauses: Clauses, m, kind: str, planned_clauses: set[int]) -> bool:
    # 下周给方案 / 周五签约 plan a step: only a step that has happened (已…, …了, 进入…) moves the stage.
    number = clauses.index(m.start())
    start = clauses.starts[number]
    if number in planned_clauses:
        return False
    lead_in = text[max(start, m.start() - 6):m.start()]
    plan = list(_PLAN.finditer(lead_in))
    if plan and "已" not in lead_in[plan[-1].end():]:
        return False
    if _NEGATION.search(lead_in[-3:]):
        return False
    return kind == "self" or bool(_HAPPENED.search(text, start, clauses.ends[number]))


def lost_reason(text: str, clauses: Clauses) -> str:
    stated = [text[s:e] for s, e in zip(clauses.starts, clauses.ends) if _REASON_CUE.search(text, s, e)]
    for scope in (*stated, text):
        for reason, pattern in _LOST_REASONS:
            if pattern.search(scope):
                return reason
    return "其他"


def lead_source(text: str) -> str:
    return next((source for source, pattern in _SOURCES if pattern.search(text)), "其他")


def activity_type(text: str, clauses: Clauses, planned_clauses: set[int]) -> str | None:
    """The contact reported; when the message only plans one (明天去开会), the planned one."""
    found = [(m.start(), m.lastgroup) for m in _ACTIVITY.finditer(text)]
    # 去趟/去+customer only says "went there": any named kind of contact (去顺丰开会) says more.
    strong = [(pos, kind) for pos, kind in found if not kind.endswith(_WEAK)] or found
    reported = [kind for pos, kind in strong if not _planned(text, clauses, pos, planned_clauses)]
    kind = (reported or [kind for _, kind in strong] or [None])[0]
    return kind.removesuffix(_WEAK) if kind else None


def _planned(text: str, clauses: Clauses, pos: int, planned_clauses: set[int]) -> bool:
    number = clauses.index(pos)
    return number in planned_clauses or bool(_PLAN.search(text, max(clauses.starts[number], pos - 4), pos))


def mode(text: str, clauses: Clauses, planned_clauses: set[int], intent: str, reported: bool) -> str:
    """"plan" when the message only plans a contact (明天去海天开会, 约了周五见面, 25号再跟进); "done" when one
    happened or something else is reported (`reported`: a payment, a need met, a delivery…; a stage move, what
    the customer said)."""
    if reported or intent not in ("log_activity", "new_lead") or _SPOKE.search(text) or _SAID.search(text) \
            or _talked(text, clauses, planned_clauses):
        return "done"
    found = [(m.start(), m.lastgroup.endswith(_WEAK)) for m in _ACTIVITY.finditer(text)]
    # 想先试用一下 with no date says what the customer wants; only a date or an appointment makes it a plan.
    ahead = [pos for pos, _ in found if _arranged(text, clauses, pos)
             or (planned_clauses and _planned(text, clauses, pos, planned_clauses))]
    if any(not weak and pos not in ahead for pos, weak in found):
        return "done"  # a named contact (拜访, 电话…) neither planned nor arranged: it happened
    if ahead or (planned_clauses and all(i in planned_clauses for i in _content_clauses(text, clauses))):
        return "plan"
    return "done"


def _talked(text: str, clauses: Clauses, planned_clauses: set[int]) -> bool:
    """聊了 / 反馈 / 沟通了 outside a clause that plans: words that report a conversation."""
    return any(clauses.index(m.start()) not in planned_clauses for m in _TALKED.finditer(text))


def _arranged(text: str, clauses: Clauses, pos: int) -> bool:
    # 约了周五见面 / 约好下周去拜访: the contact was arranged, it has not happened yet.
    return bool(_ARRANGED.search(text, clauses.span(pos)[0], pos))


def _content_clauses(text: str, clauses: Clauses) -> list[int]:
    return [i for i, (s, e) in enumerate(zip(clauses.starts, clauses.ends)) if not _EMPTY_CLAUSE.fullmatch(text, s, e)]
