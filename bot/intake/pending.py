"""Questions waiting for the sender's answer, as rows (several web workers): one per user, 10 minutes to answer."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.models import PendingQuestion, User

EXPIRY = timedelta(minutes=10)
YES = {"是", "是的", "对", "对的", "好", "好的", "嗯", "确认", "新建", "要", "y", "yes", "ok"}
NO = {"否", "不是", "不", "不对", "不用", "不要", "取消", "算了", "n", "no"}
CHOICE = re.compile(r"^\s*(\d{1,2})\s*$")


def ask(session: Session, user: User, kind: str, payload: dict[str, Any], now: datetime) -> None:
    row = current(session, user)
    if row is None:
        row = PendingQuestion(user_id=user.id)
        session.add(row)
    row.kind, row.payload, row.created_at, row.expires_at = kind, payload, now, now + EXPIRY
    session.flush()


def current(session: Session, user: User) -> PendingQuestion | None:
    return session.scalars(select(PendingQuestion).where(PendingQuestion.user_id == user.id)).first()


def clear(session: Session, row: PendingQuestion) -> None:
    session.delete(row)
    session.flush()


def answer_of(text: str) -> str | int | None:
    """'yes', 'no', a choice number, or None when the message is not an answer."""
    word = text.strip().strip("。.!！").lower()
    if word in YES:
        return "yes"
    if word in NO:
        return "no"
    choice = CHOICE.match(word)
    return int(choice.group(1)) if choice else None
