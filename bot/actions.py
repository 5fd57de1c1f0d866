"""The buttons a reply may offer. Each click sends the text a user could type, so it is handled (and authorised)
exactly like the typed command; channels without buttons simply show the text, whose hints stay."""
from __future__ import annotations

from bot.types import Action, Reply

UNDO = Action("撤销", "/撤销")
CHANGE_DATE = Action("改日期", "/改 日期", once=False)
YES_NO = (Action("是", "是"), Action("否", "否"))
MAX_BUTTONS = 6  # WeCom button_interaction cards take at most six
KEY_PREFIX = "a"  # a button's key on the platform card is KEY_PREFIX + its index: a0, a1 …


def report_actions() -> tuple[Action, ...]:
    """After a filed report: take it back, or correct its follow-up date."""
    return (UNDO, CHANGE_DATE)


def choice_actions(n: int) -> tuple[Action, ...]:
    """After "which one? 1) … 2) …": one button per numbered choice."""
    return tuple(Action(str(i), str(i)) for i in range(1, min(n, MAX_BUTTONS) + 1))


def button_key(index: int) -> str:
    return f"{KEY_PREFIX}{index}"


def is_filed_report(reply: Reply) -> bool:
    return UNDO in reply.actions
