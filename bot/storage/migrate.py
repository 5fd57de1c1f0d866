"""Alembic, configured in code so `python -m bot db upgrade` works from any directory."""
from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from bot.storage.db import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str, migrations: Path = MIGRATIONS) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision(migrations: Path = MIGRATIONS) -> str | None:
    """The newest revision of the migration scripts (one head: revisions form a line)."""
    return ScriptDirectory.from_config(alembic_config("", migrations)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for a database that has no schema yet."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(url: str, revision: str = "head", migrations: Path = MIGRATIONS) -> tuple[str | None, str | None]:
    """Apply migrations up to `revision`; returns (revision before, revision after). Each run is one transaction,
    so a migration that fails leaves the database at the revision it had."""
    engine = make_engine(url)
    try:
        before = current_revision(engine)
        command.upgrade(alembic_config(url, migrations), revision)
        return before, current_revision(engine)
    finally:
        engine.dispose()


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def new_revision(message: str, migrations: Path = MIGRATIONS) -> Path:
    """A new revision file (next number, down_revision = the current head) holding what models.py adds to the
    migrated schema; compared against a scratch SQLite database, so no real database is touched. Returns its path."""
    script = ScriptDirectory.from_config(alembic_config("", migrations))
    number = max((int(r.revision) for r in script.walk_revisions() if r.revision.isdigit()), default=0) + 1
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'schema.sqlite3'}"
        upgrade(url, migrations=migrations)
        made = command.revision(alembic_config(url, migrations), message=message, autogenerate=True, rev_id=f"{number:04d}")
    return Path(made.path)
