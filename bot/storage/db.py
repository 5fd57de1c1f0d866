"""Engine and session scope. One Session per request or job; the caller commits once."""
from __future__ import annotations

import fcntl
import os
import threading
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.storage import bounds

SQLITE_BUSY_TIMEOUT_MS = 5000


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Database:
    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        bounds.install(self.sessions)
        self._writer = SQLiteWriter(make_url(url).database) if self.dialect == "sqlite" else None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits when the block ends, rolls back on any exception."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def one_writer(self):
        """Hold for a unit of work that writes, on SQLite; nothing to hold on PostgreSQL."""
        return self._writer if self._writer is not None else nullcontext()

    def dispose(self) -> None:
        self.engine.dispose()


class SQLiteWriter:
    """SQLite has one writer. Requests waiting for it inside SQLite's busy handler sleep in steps of up to 100 ms and
    miss the moments it is free, which put a loaded server's p99 past 500 ms (bench/load.py). Waiting on a thread lock
    (threads of one worker) and then an flock on a file beside the database (the other workers) instead, each takes
    its turn the moment the writer before it commits."""

    def __init__(self, database: str | None):
        self.thread_lock = threading.Lock()
        self.path = f"{database}.writer" if database and database != ":memory:" else None
        self.fd: int | None = None
        self.pid = 0

    def __enter__(self):
        self.thread_lock.acquire()
        if self.path is not None:
            if self.fd is None or self.pid != os.getpid():  # a forked worker opens its own: flock is per open file
                self.fd, self.pid = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600), os.getpid()
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        self.thread_lock.release()
