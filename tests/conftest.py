"""Shared fixtures: a migrated database (SQLite, or PostgreSQL when BOT_DATABASE_URL says so), app, clock, chat."""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot import clock
from bot.handlers.attachments import render_here
from bot.services import Services
from bot.settings import load_settings
from bot.storage import migrate
from bot.storage.db import Database
from bot.storage.models import Base
from bot.types import IncomingMessage

TZ = ZoneInfo("Asia/Shanghai")
REPO = Path(__file__).resolve().parent.parent


def _postgres_admin_url() -> str | None:
    url = os.environ.get("BOT_DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


@contextmanager
def _empty_database(folder: Path) -> Iterator[str]:
    """A new database with nothing in it: a SQLite file in `folder`, or its own PostgreSQL database (dropped after)."""
    admin = _postgres_admin_url()
    if admin is None:
        yield f"sqlite:///{folder / 'test.sqlite3'}"
        return
    name = f"bot_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def _shared_path(name: str) -> Path:
    path = Path(os.environ.get("BOT_SHARED_DIR") or REPO.parent / "shared") / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI needs the shared reference files (set BOT_SHARED_DIR)")
        pytest.skip(f"no {path} (set BOT_SHARED_DIR to the shared reference files)")
    return path


@pytest.fixture
def shared():
    """shared(name): the path of a reference file in ../shared (or BOT_SHARED_DIR). When it is missing, the test
    fails under CI (`CI` set), so a CI run never passes without the files, and is skipped elsewhere with the reason."""
    return _shared_path


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A migrated database for this test run: its own PostgreSQL database, so parallel runs never collide."""
    with _empty_database(tmp_path_factory.mktemp("db")) as url:
        migrate.upgrade(url)
        yield url


@pytest.fixture
def empty_database_url(tmp_path):
    """A database without schema, of the kind under test (upgrade tests)."""
    with _empty_database(tmp_path) as url:
        yield url


def _empty_tables(database: Database) -> None:
    tables = [t.name for t in Base.metadata.sorted_tables]
    with database.engine.begin() as conn:
        if database.dialect == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in reversed(tables):
                conn.execute(text(f"DELETE FROM {name}"))


@pytest.fixture
def db(database_url):
    database = Database(database_url)
    _empty_tables(database)
    yield database
    database.dispose()


@pytest.fixture
def settings(database_url, tmp_path):
    return load_settings({"BOT_DATABASE_URL": database_url, "BOT_INSTANCE_PATH": str(tmp_path / "instance")},
                         env={})


@pytest.fixture
def services(settings, db):
    return Services(settings, db)


@pytest.fixture
def app(services):
    from bot.app import build_app

    return build_app(services=services)


@pytest.fixture
def client(app):
    return app.test_client()


class FrozenClock:
    """The bot's clock, stopped at a local time in Asia/Shanghai; move it with set() or advance()."""

    def __init__(self, local_dt: datetime):
        self.set(local_dt)

    def set(self, local_dt: datetime) -> None:
        self.now = local_dt.replace(tzinfo=TZ).astimezone(timezone.utc)

    def advance(self, **kwargs) -> None:
        self.now += timedelta(**kwargs)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def frozen_clock():
    fake = FrozenClock(datetime(2026, 11, 18, 10, 0))  # a Wednesday
    clock.set_clock(fake)
    yield fake
    clock.set_clock(None)


@dataclass
class Chat:
    """Sends messages as someone through dispatch, like the terminal chat does."""

    services: Services
    sender: str = "张伟"
    group: str | None = None
    platform: str = "console"

    def message(self, text: str, message_id: str | None = None) -> IncomingMessage:
        return IncomingMessage(platform=self.platform, sender_id=self.sender, sender_name=self.sender, text=text,
                               message_id=message_id or uuid.uuid4().hex, received_at=clock.utcnow(),
                               chat_id=self.group, is_group=self.group is not None, chat_title=self.group)

    def send(self, text: str, message_id: str | None = None):
        """The reply, with its chart or workbook rendered through the outbox as the terminal chat does."""
        msg = self.message(text, message_id)
        return render_here(self.services, self.services.dispatch(msg), f"reply:console:{msg.message_id}")

    def say(self, text: str) -> str:
        return self.send(text).text

    def as_(self, sender: str, group: str | None = None) -> "Chat":
        return Chat(self.services, sender, group, self.platform)


@pytest.fixture
def chat(services, frozen_clock) -> Chat:
    return Chat(services)


@pytest.fixture
def demo(services, frozen_clock):
    """The demo data set loaded as of the frozen clock's day."""
    from bot.demo import load_demo

    with services.db.session() as s:
        load_demo(s, clock.local_today("Asia/Shanghai"), "Asia/Shanghai")
    return services
