"""Scheduler leadership: exactly one process runs jobs. PostgreSQL: a session advisory lock on a held connection.
Other databases: a row lease in `leases` that the leader renews before it expires."""
from __future__ import annotations

import logging
from datetime import timedelta
from typing import Protocol

from sqlalchemy import delete, text, update
from sqlalchemy.exc import IntegrityError

from bot.clock import utcnow
from bot.storage.db import Database
from bot.storage.bookkeeping import Lease

log = logging.getLogger(__name__)
LOCK_NAME = "scheduler"
ADVISORY_KEY = 7_202_611  # any constant shared by every instance of this bot


class LeaderLock(Protocol):
    def acquire(self) -> bool: """Become (or stay) leader; False when another process is."""
    def release(self) -> None: ...


class AdvisoryLock:
    """pg_try_advisory_lock on one connection kept open: the lock dies with the connection (or the process)."""

    def __init__(self, db: Database):
        self.db, self.conn = db, None

    def acquire(self) -> bool:
        try:
            if self.conn is not None:
                self.conn.execute(text("SELECT 1"))
                return True
            conn = self.db.engine.connect()
            if conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY}).scalar():
                conn.commit()
                self.conn = conn
                return True
            conn.close()
            return False
        except Exception:
            log.exception("leader lock connection failed: stepping down")
            self._drop()
            return False

    def release(self) -> None:
        if self.conn is not None:
            try:
                self.conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})
                self.conn.commit()
            finally:
                self._drop()

    def _drop(self) -> None:
        if self.conn is not None:
            self.conn.invalidate()
            self.conn = None


class RowLease:
    """A `leases` row: taken when missing or expired, renewed by its holder; a dead leader's lease simply runs out."""

    def __init__(self, db: Database, holder: str, ttl_seconds: float):
        self.db, self.holder, self.ttl = db, holder, timedelta(seconds=ttl_seconds)

    def acquire(self) -> bool:
        now = utcnow()
        with self.db.session() as s:
            taken = s.execute(update(Lease).where(Lease.name == LOCK_NAME, (Lease.holder == self.holder) | (Lease.expires_at < now))
                              .values(holder=self.holder, expires_at=now + self.ttl)).rowcount
        if taken:
            return True
        try:
            with self.db.session() as s:
                s.add(Lease(name=LOCK_NAME, holder=self.holder, expires_at=now + self.ttl))
            return True
        except IntegrityError:
            return False

    def release(self) -> None:
        with self.db.session() as s:
            s.execute(delete(Lease).where(Lease.name == LOCK_NAME, Lease.holder == self.holder))


def make_leader_lock(db: Database, holder: str, ttl_seconds: float) -> LeaderLock:
    return AdvisoryLock(db) if db.dialect == "postgresql" else RowLease(db, holder, ttl_seconds)
