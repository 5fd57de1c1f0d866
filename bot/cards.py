"""Buttons as stored cards. A reply with actions gets a Card (its task id goes to the platform); a click comes back
as that task id and a button key, and becomes the action's text, dispatched like typed text by the same sender.

Why a row per card: a second click must not act again (/撤销 twice would take back the report before), a click by
someone else must be refused, and a click on an old card must not act on something newer. All three are decided in
the click's own dispatch transaction, with a compare-and-set on done_at so two simultaneous clicks act once."""
from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import texts
from bot.actions import KEY_PREFIX, UNDO, is_filed_report
from bot.formatting import clip
from bot.sales import questions
from bot.sales.changes import UNDO_WINDOW, latest_report
from bot.storage.bookkeeping import Card
from bot.storage.models import Report, User
from bot.types import Action, IncomingMessage, Reply

NO_BUTTONS = {"console"}  # the terminal chat cannot click


def attach(session: Session, msg: IncomingMessage, user: User, reply: Reply) -> Reply:
    """Store a card for a reply that offers actions; the reply comes back with its card_id (the platform task id)."""
    if not reply.actions or msg.platform in NO_BUTTONS or reply.duplicate:
        return reply
    card = Card(task_id=uuid.uuid4().hex, platform=msg.platform, user_id=user.id, title=clip(reply.text.splitlines()[0], 120),
                actions=[[a.label, a.text, a.once] for a in reply.actions], created_at=msg.received_at)
    if is_filed_report(reply):  # the report this message just filed is the sender's newest (ids only grow)
        card.report_id = session.scalar(select(Report.id).where(Report.user_id == user.id)
                                        .order_by(Report.id.desc()).limit(1))
    else:
        question = questions.current(session, user)
        card.question_at = question.created_at if question is not None else None
    session.add(card)  # written with the transaction's other rows; nothing reads it before the commit
    return replace(reply, card_id=card.task_id)


def click(session: Session, msg: IncomingMessage, user: User) -> tuple[str, Reply | None]:
    """(the action's text to route, None) when the click may act; (the key, the answer) when it may not."""
    card = session.scalars(select(Card).where(Card.task_id == msg.card_id, Card.platform == msg.platform)).first()
    action = _action(card, msg.text) if card is not None else None
    if card is None or action is None:
        return msg.text, Reply(texts.CARD_UNKNOWN)
    if card.user_id != user.id:
        return action.text, shown(card, texts.CARD_NOT_YOURS)
    if card.done_at is not None:
        return action.text, shown(card, _again(card))
    stale = _stale(session, card, user, msg.received_at)
    if stale is not None:
        return action.text, shown(card, stale)
    if not action.once:
        return action.text, None
    taken = session.execute(update(Card).where(Card.id == card.id, Card.done_at.is_(None))
                            .values(done_at=msg.received_at, done_label=action.label))
    if taken.rowcount != 1:  # another click got there first
        return action.text, shown(card, texts.CARD_ALREADY.format(label=action.label))
    session.refresh(card)
    return action.text, None


def finish(session: Session, msg: IncomingMessage, reply: Reply) -> Reply:
    """The answer to a click that acted, as the clicked card's update. Buttons of the routed reply itself (the
    confirmation after a choice) are not shown: a card keeps its task id, and reusing its keys for other actions
    would let a quick second tap on "1" mean 撤销. The confirmation's text still says how to undo."""
    card = session.scalars(select(Card).where(Card.task_id == msg.card_id, Card.platform == msg.platform)).one()
    if card.done_at is not None:
        card.done_text = reply.text
    return replace(shown(card, reply.text), attachment=reply.attachment)


def shown(card: Card, text: str) -> Reply:
    """`text` on the card as it stands: its buttons, the used one marked ✓."""
    actions = tuple(Action(texts.CARD_DONE_LABEL.format(label=label) if label == card.done_label else label, action, once)
                    for label, action, once in card.actions)
    return Reply(text, actions=actions, card_id=card.task_id)


def _action(card: Card, key: str) -> Action | None:
    if not key.startswith(KEY_PREFIX) or not key[1:].isascii() or not key[1:].isdigit():
        return None
    index = int(key[1:])
    return Action(*card.actions[index]) if index < len(card.actions) else None


def _again(card: Card) -> str:
    if card.done_label == UNDO.label:
        return texts.CARD_UNDONE_ALREADY
    return texts.CARD_ALREADY.format(label=card.done_label)


def _stale(session: Session, card: Card, user: User, now: datetime) -> str | None:
    """Why acting on this card no longer makes sense, or None when it still does."""
    if card.report_id is not None:
        report = session.get(Report, card.report_id)
        if report is not None and report.undone_at is not None:
            return texts.CARD_UNDONE_ALREADY
        latest = latest_report(session, user, now, UNDO_WINDOW)
        return None if latest is not None and latest.id == card.report_id else texts.CARD_REPORT_STALE
    if card.question_at is not None:
        question = questions.current(session, user)
        return None if question is not None and question.created_at == card.question_at else texts.CARD_QUESTION_GONE
    return None
