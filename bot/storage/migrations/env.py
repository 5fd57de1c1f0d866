"""Alembic environment: the models' metadata, one connection, one transaction for the whole upgrade, batch mode on
SQLite (ALTER is limited there).

Batch mode rebuilds a SQLite table by copy, drop and rename; with foreign keys enforced, dropping the old copy would
run its ON DELETE actions and null every reference to it (requirements.activity_id …). So enforcement is off while
migrating, and the result is checked with foreign_key_check before it is committed. The sqlite3 driver's own
transaction handling is switched off so DDL runs inside our BEGIN: a failed upgrade rolls back completely and the
database stays at the revision it had."""
from alembic import context
from sqlalchemy import event

from bot.storage.db import make_engine
from bot.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _transactional_sqlite(engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA foreign_keys=OFF")

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN")


def run_migrations_online() -> None:
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        _transactional_sqlite(engine)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=sqlite,
            transactional_ddl=True,
            compare_type=True,
            user_module_prefix="coltypes.",
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                raise RuntimeError("migration left rows pointing at missing rows (PRAGMA foreign_key_check)")
    engine.dispose()


run_migrations_online()
