"""The outbox: every push is a row written in the job's own transaction, then sent by a Deliverer.

Rows carry an idempotency key (job:target:period), so re-running a job writes nothing new. A deliverer claims ONE
due row at a time (status 'sending', attempts + 1, lease until now + LEASE) in one short transaction, sends it with no
transaction open, records the outcome, and only then claims the next. The lease therefore covers one row's send
(a few HTTP calls, each cut off at HTTP_TIMEOUT_S), never a batch, and a claim is a compare-and-set that takes a
'sending' row only once its lease has passed: while its sender lives, no second deliverer can take a row, so every
row is attempted exactly once per claim. A process killed mid-send leaves the row in 'sending'; once the lease passes
another deliverer sends it again. That is the one at-least-once edge: if the platform accepted the message and the
process died before recording 'sent', the message goes out twice. Nothing is ever lost.

A row may carry slow work instead of its result ("render": a chart or a workbook to make, bot/notifier/deferred.py):
the deliverer's `prepare` renders it just before sending, so a failed render is retried like a failed send.
"""
from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Iterable, Mapping

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.metrics import PUSHES
from bot.notifier.channels import Channel, PermanentSendError, RetryableSendError
from bot.storage.db import Database
from bot.storage.bookkeeping import Outbox

log = logging.getLogger(__name__)
KEY_CHUNK = 500
CLAIM_CANDIDATES = 8  # due rows read per claim: a deliverer that loses one race tries the next without a new query
CLAIM_ROUNDS = 10


@dataclass(frozen=True)
class OutMessage:
    channel: str
    target: str
    payload: dict
    key: str


def enqueue(session: Session, messages: Iterable[OutMessage], not_before: datetime) -> set[str]:
    """Add the messages whose key is new; returns the keys written (the caller's transaction commits them)."""
    fresh: dict[str, OutMessage] = {m.key: m for m in messages}
    for key in existing_keys(session, list(fresh)):
        fresh.pop(key)
    if fresh:
        session.execute(insert(Outbox), [
            {"channel": m.channel, "target": m.target, "payload": m.payload, "idempotency_key": m.key,
             "status": "pending", "attempts": 0, "next_attempt_at": not_before, "created_at": not_before}
            for m in fresh.values()])
    return set(fresh)


def existing_keys(session: Session, keys: list[str]) -> set[str]:
    """Which of these idempotency keys are already in the outbox."""
    found: set[str] = set()
    for i in range(0, len(keys), KEY_CHUNK):
        found |= set(session.scalars(select(Outbox.idempotency_key).where(Outbox.idempotency_key.in_(keys[i:i + KEY_CHUNK]))))
    return found


@dataclass
class RetryPolicy:
    max_attempts: int = 6
    base_seconds: float = 30.0
    max_seconds: float = 3600.0
    lease_seconds: float = 120.0
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempts: int) -> timedelta:
        """Exponential backoff with jitter: half fixed, half random, so retries of many rows spread out."""
        ceiling = min(self.max_seconds, self.base_seconds * 2 ** max(0, attempts - 1))
        return timedelta(seconds=ceiling / 2 + self.rng.uniform(0, ceiling / 2))


@dataclass
class DeliveryStats:
    sent: int = 0
    retried: int = 0
    dead: int = 0


@dataclass(frozen=True)
class Claimed:
    id: int
    channel: str
    target: str
    payload: dict
    attempts: int


class Deliverer:
    """Sends due outbox rows through channels; safe to run in several processes at once."""

    def __init__(self, db: Database, channels: Mapping[str, Channel], policy: RetryPolicy | None = None,
                 release: Callable[[datetime], datetime] = lambda t: t,
                 prepare: Callable[[int, dict], dict] | None = None, only: Iterable[str] | None = None,
                 exclude: Iterable[str] = ()):
        """`prepare(row id, payload)` turns a payload's slow work into what is sent. `only` limits the deliverer to
        those channels and `exclude` leaves those alone: a long connection's rows are sent by the process holding
        it, and every other deliverer must not claim (and bury) them."""
        self.db, self.channels, self.policy, self.release = db, channels, policy or RetryPolicy(), release
        self.prepare = prepare
        self.only = tuple(only) if only is not None else None
        self.exclude = tuple(exclude)

    def deliver_due(self, now: datetime | None = None, limit: int = 200, newer_than: int | None = None,
                    keys: Iterable[str] | None = None) -> DeliveryStats:
        """Send up to `limit` due rows, one claim at a time; with `newer_than`, only rows whose id is above it (a
        replay sends what its job wrote), with `keys` only those rows (what one request queued). `now` pins the
        clock (tests); otherwise each claim reads it."""
        stats = DeliveryStats()
        keys = list(keys) if keys is not None else None
        for _ in range(limit):
            at = now or utcnow()
            row = self.claim_one(at, newer_than, keys)
            if row is None:
                break
            self._send(row, at, stats)
        return stats

    def claim_one(self, now: datetime, newer_than: int | None = None, keys: list[str] | None = None) -> Claimed | None:
        """Lease the first due row nobody else holds; rows out of attempts are buried on the way. None when nothing
        is due (or other deliverers won every race for a while: they are sending what is due)."""
        due = [Outbox.status.in_(("pending", "sending")), Outbox.next_attempt_at <= now]
        if newer_than is not None:
            due.append(Outbox.id > newer_than)
        if self.only is not None:
            due.append(Outbox.channel.in_(self.only))
        if self.exclude:
            due.append(Outbox.channel.not_in(self.exclude))
        if keys is not None:
            due.append(Outbox.idempotency_key.in_(keys))
        for _ in range(CLAIM_ROUNDS):
            with self.db.session() as s:
                rows = s.execute(select(Outbox.id, Outbox.status, Outbox.attempts, Outbox.channel, Outbox.target,
                                        Outbox.payload)
                                 .where(*due)
                                 .order_by(Outbox.next_attempt_at, Outbox.id).limit(CLAIM_CANDIDATES)).all()
                if not rows:
                    return None
                for r in rows:
                    if r.attempts >= self.policy.max_attempts:
                        if self._mark(s, r.id, r.status, r.attempts, now, status="dead",
                                      last_error="lease expired on the last attempt"):
                            log.warning("outbox row %s: dead, its last attempt never reported back", r.id)
                        continue
                    if self._mark(s, r.id, r.status, r.attempts, now, status="sending", attempts=r.attempts + 1,
                                  next_attempt_at=now + timedelta(seconds=self.policy.lease_seconds)):
                        return Claimed(r.id, r.channel, r.target, r.payload, r.attempts + 1)
        return None

    @staticmethod
    def _mark(s: Session, row_id: int, was_status: str, was_attempts: int, due_by: datetime | None,
              **values) -> bool:
        """Compare-and-set on (status, attempts[, still due]): a row another deliverer touched meanwhile — claimed,
        finished, or its lease renewed — is left alone."""
        where = [Outbox.id == row_id, Outbox.status == was_status, Outbox.attempts == was_attempts]
        if due_by is not None:
            where.append(Outbox.next_attempt_at <= due_by)
        result = s.execute(update(Outbox).where(*where).values(**values))
        return result.rowcount == 1

    def _send(self, row: Claimed, now: datetime, stats: DeliveryStats) -> None:
        """Send one claimed row; every failure is one log line naming the row (a channel's bug too, with its
        traceback only at DEBUG)."""
        channel = self.channels.get(row.channel)
        try:
            if channel is None:
                raise PermanentSendError(f"no channel named {row.channel!r} is configured")
            channel.send(row.target, self._prepared(row))
        except PermanentSendError as exc:
            log.warning("outbox row %s via %s: refused, dead: %s", row.id, row.channel, exc)
            self._finish(row, stats, "dead", status="dead", last_error=str(exc)[:1000])
        except Exception as exc:  # a retryable error, or a bug in a channel: both deserve another try
            if isinstance(exc, RetryableSendError):
                log.warning("outbox row %s via %s: attempt %s failed: %s", row.id, row.channel, row.attempts, exc)
            else:
                log.error("outbox row %s via %s: attempt %s failed with %s: %s", row.id, row.channel, row.attempts,
                          type(exc).__name__, exc, exc_info=log.isEnabledFor(logging.DEBUG))
            self._retry_or_bury(row, now, exc, stats)
        else:
            self._finish(row, stats, "sent", status="sent", sent_at=utcnow(), last_error=None)

    def _prepared(self, row: Claimed) -> dict:
        if not (isinstance(row.payload, dict) and "render" in row.payload):
            return row.payload
        if self.prepare is None:
            raise PermanentSendError("the row has work to render and this deliverer cannot render")
        return self.prepare(row.id, row.payload)

    def _retry_or_bury(self, row: Claimed, now: datetime, exc: Exception, stats: DeliveryStats) -> None:
        error = f"{type(exc).__name__}: {exc}"[:1000]
        if row.attempts >= self.policy.max_attempts:
            log.warning("outbox row %s via %s: dead after %s attempts", row.id, row.channel, row.attempts)
            self._finish(row, stats, "dead", status="dead", last_error=error)
            return
        wait = self.policy.delay(row.attempts)
        retry_after = getattr(exc, "retry_after", None)
        if retry_after:
            wait = max(wait, timedelta(seconds=float(retry_after)))
        self._finish(row, stats, "retried", status="pending", next_attempt_at=self.release(now + wait), last_error=error)

    def _finish(self, row: Claimed, stats: DeliveryStats, outcome: str, **values) -> None:
        with self.db.session() as s:
            if not self._mark(s, row.id, "sending", row.attempts, None, **values):
                log.warning("outbox row %s changed while sending (lease expired?): outcome %s not recorded", row.id, outcome)
                return
            if outcome == "dead":
                tell_failure(s, row)
        setattr(stats, outcome, getattr(stats, outcome) + 1)
        PUSHES.labels(row.channel, outcome).inc()


def tell_failure(session: Session, row: Claimed) -> None:
    """A row that finally failed may name whom to tell (an export whose upload never went through); "with" adds
    fields to that notice (the open 智能机器人 stream it finishes)."""
    notice = row.payload.get("on_failure") if isinstance(row.payload, dict) else None
    if isinstance(notice, dict) and notice.get("channel") and notice.get("target"):
        extra = notice.get("with") if isinstance(notice.get("with"), dict) else {}
        enqueue(session, [OutMessage(notice["channel"], notice["target"], {**extra, "text": notice.get("text", "")},
                                     f"failed:{row.id}")], utcnow())


def list_rows(session: Session, status: str | None = None, limit: int = 50) -> list[Outbox]:
    stmt = select(Outbox).order_by(Outbox.id.desc()).limit(limit)
    return list(session.scalars(stmt.where(Outbox.status == status) if status else stmt))


def retry_row(session: Session, row_id: int, now: datetime) -> bool:
    """Put a row (usually dead) back in the queue with a fresh set of attempts."""
    row = session.get(Outbox, row_id)
    if row is None:
        return False
    row.status, row.attempts, row.next_attempt_at = "pending", 0, now
    return True
