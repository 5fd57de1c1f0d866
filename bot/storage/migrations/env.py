"""Alembic environment: the models' metadata, one connection, batch mode on SQLite (ALTER is limited there).

Batch mode rebuilds a SQLite table by copy, drop and rename; with foreign keys enforced, dropping the old copy would
run its ON DELETE actions and null every reference to it (requirements.activity_id …). So enforcement is off while
migrating, and the result is checked with foreign_key_check before it is committed."""
from alembic import context

from bot.storage.db import make_engine
from bot.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=sqlite,
            compare_type=True,
            user_module_prefix="coltypes.",
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                raise RuntimeError("migration left rows pointing at missing rows (PRAGMA foreign_key_check)")
    engine.dispose()


run_migrations_online()
