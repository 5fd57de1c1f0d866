"""The bot's own bookkeeping beside the sales records: messages received (dedupe), questions waiting for an answer,
button cards, the outbox, reminder logs, leases, code counters and erasures. Same metadata as bot.storage.models."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, _created


class PendingQuestion(Base):
    """A question the bot asked a sender (which customer? create it?), answered by their next message."""

    __tablename__ = "pending_questions"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = _created()
    expires_at: Mapped[datetime]


class InboundMessage(Base):
    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("platform", "message_id"),
                      Index("uq_inbound_messages_replay_key", "platform", "replay_key", unique=True))
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    message_id: Mapped[str] = mapped_column(String(128))
    sender_id: Mapped[str] = mapped_column(String(128))
    chat_id: Mapped[Optional[str]] = mapped_column(String(128))
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text, default="")
    reply_text: Mapped[Optional[str]] = mapped_column(Text)
    received_at: Mapped[datetime] = _created()
    replay_key: Mapped[Optional[str]] = mapped_column(String(64), comment="signed-request identity (DingTalk sign)")
    feedback: Mapped[Optional[int]] = mapped_column(comment="the user's rating of the reply: 1 good, 2 bad, 3 cancelled")
    feedback_text: Mapped[Optional[str]] = mapped_column(Text)


class Card(Base):
    """Buttons sent with a reply: who may click them, what they do, and what a click already did (idempotency)."""

    __tablename__ = "cards"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[str] = mapped_column(String(128), unique=True)
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    report_id: Mapped[Optional[int]] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"))
    question_at: Mapped[Optional[datetime]] = mapped_column(comment="created_at of the question the card answers")
    title: Mapped[str] = mapped_column(String(128), default="")
    actions: Mapped[list[Any]] = mapped_column(default=list, comment="[[label, text], ...]")
    done_label: Mapped[Optional[str]] = mapped_column(String(32))
    done_text: Mapped[Optional[str]] = mapped_column(Text, comment="the reply of the click that used the card")
    done_at: Mapped[Optional[datetime]]
    created_at: Mapped[datetime] = _created()


class Outbox(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(256))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    idempotency_key: Mapped[str] = mapped_column(String(256), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="pending", comment="pending/sending/sent/dead")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = _created()
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[datetime] = _created()
    sent_at: Mapped[Optional[datetime]]


class ReminderLog(Base):
    """One proactive reminder about a customer: the monthly cap counts these."""

    __tablename__ = "reminder_logs"
    __table_args__ = (UniqueConstraint("customer_id", "user_id", "reason", "sent_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(32))
    sent_on: Mapped[date]
    created_at: Mapped[datetime] = _created()


class Lease(Base):
    """A named lease (scheduler leadership on databases without advisory locks)."""

    __tablename__ = "leases"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime]


class CodeCounter(Base):
    """The last serial handed out under one code prefix ("202611-SAL-", "SO202611"): bot/storage/codes.py bumps it
    in the request's transaction, so concurrent reports never get one code twice."""

    __tablename__ = "code_counters"
    prefix: Mapped[str] = mapped_column(String(24), primary_key=True)
    last: Mapped[int]


class Erasure(Base):
    """That a person's details were removed on request (个人信息保护法), when and how many values; never who."""

    __tablename__ = "erasures"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), comment="contact")
    customer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))
    values_removed: Mapped[int] = mapped_column(default=0)
    done_at: Mapped[datetime] = _created()
