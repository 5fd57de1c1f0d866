"""Upgrades keep every row: a database at the first revision, filled with the demo data as that revision stored it
(plain SQL in tests/data, independent of today's models and demo code), upgraded to head; a failing upgrade leaves
the database at the revision it had; `db upgrade` says what it did."""
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from bot.__main__ import main
from bot.storage import migrate
from bot.storage.codes import split_code

FIRST = "0001"
# Columns a revision rewrites on purpose, with why; every other value of every row must come through unchanged.
REWRITTEN = {("users", "last_todo"): "0002: the /完成 N list pointed at activity ids; the next /待办 numbers it afresh"}
DEMO_AT_FIRST = Path(__file__).resolve().parent / "data" / "demo_at_0001.sql"


def load_sql(engine, path: Path) -> None:
    body = "\n".join(line for line in path.read_text().splitlines() if not line.startswith("--"))
    statements = ["INSERT INTO " + chunk for chunk in body.split("INSERT INTO ") if chunk.strip()]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET TIME ZONE 'UTC'")
        cursor = conn.connection.dbapi_connection.cursor()  # the driver's own: no parameter markers ("62.5%")
        for statement in statements:
            cursor.execute(statement)
        if engine.dialect.name == "postgresql":  # as a live database would have them: next ids after the rows
            for table in inspect(conn).get_table_names():
                if any(c["name"] == "id" for c in inspect(conn).get_columns(table)):
                    conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                         f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)")


def snapshot(engine) -> dict[str, dict[tuple, dict]]:
    """Every row of every table, keyed by primary key."""
    rows: dict[str, dict[tuple, dict]] = {}
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            if table == "alembic_version":
                continue
            key = inspect(conn).get_pk_constraint(table)["constrained_columns"]
            rows[table] = {tuple(r[c] for c in key): dict(r) for r in conn.execute(text(f"SELECT * FROM {table}")).mappings()}
    return rows


def test_upgrade_from_the_first_revision_keeps_every_demo_row(empty_database_url):
    migrate.upgrade(empty_database_url, FIRST)
    engine = create_engine(empty_database_url)
    load_sql(engine, DEMO_AT_FIRST)
    before = snapshot(engine)
    assert sum(map(len, before.values())) > 500 and sum(1 for rows in before.values() if rows) >= 14

    assert migrate.upgrade(empty_database_url) == (FIRST, migrate.head_revision())
    after = snapshot(engine)
    engine.dispose()
    promised = [a for a in before["activities"].values() if a["next_date"] is not None and a["undone_at"] is None]
    assert len(after["follow_ups"]) == len(promised) > 0  # 0002 moved each promise into its own row
    serials: dict[str, int] = {}
    for code in [r["code"] for t in ("opportunities", "orders") for r in before[t].values()]:
        prefix, serial = split_code(code)
        serials[prefix] = max(serials.get(prefix, 0), serial)
    assert {k: r["last"] for (k,), r in after["code_counters"].items()} == serials  # 0005 counts on from the codes
    for table, rows in before.items():
        assert table in after, f"table {table} is gone"
        for key, row in rows.items():
            assert key in after[table], f"{table} row {key} is gone"
            kept = after[table][key]
            changed = {c: (v, kept[c]) for c, v in row.items()
                       if c in kept and kept[c] != v and (table, c) not in REWRITTEN}
            assert not changed, f"{table} row {key} changed: {changed}"


BROKEN = '''"""a migration that fails half-way"""
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"


def upgrade():
    op.add_column("customers", sa.Column("broken", sa.Integer(), nullable=True))
    op.execute("UPDATE customers SET name = name || '（改）'")
    op.create_table("half_made", sa.Column("id", sa.Integer(), primary_key=True))
    raise RuntimeError("this migration fails")
'''


def test_a_failing_upgrade_leaves_the_database_at_its_old_revision(empty_database_url, tmp_path):
    migrate.upgrade(empty_database_url, FIRST)
    engine = create_engine(empty_database_url)
    load_sql(engine, DEMO_AT_FIRST)
    migrate.upgrade(empty_database_url)
    head, before = migrate.head_revision(), snapshot(engine)
    broken = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, broken, ignore=shutil.ignore_patterns("__pycache__"))
    (broken / "versions" / "9999_broken.py").write_text(BROKEN.format(head=head))

    with pytest.raises(RuntimeError, match="this migration fails"):
        migrate.upgrade(empty_database_url, migrations=broken)
    assert migrate.current_revision(engine) == head
    assert "half_made" not in inspect(engine).get_table_names()
    assert "broken" not in {c["name"] for c in inspect(engine).get_columns("customers")}
    assert snapshot(engine) == before
    engine.dispose()


def test_db_upgrade_says_it_created_the_schema_then_from_which_revision_it_upgraded(empty_database_url, monkeypatch,
                                                                                    capsys, tmp_path):
    monkeypatch.setenv("BOT_DATABASE_URL", empty_database_url)
    monkeypatch.setenv("BOT_ENV_FILE", str(tmp_path / "none.env"))
    head = migrate.head_revision()
    assert main(["db", "upgrade"]) == 0
    assert f"已在新数据库中建好表结构（版本 {head}）" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert f"数据库已是最新（版本 {head}）" in capsys.readouterr().out
    migrate.downgrade(empty_database_url, FIRST)
    assert main(["db", "upgrade"]) == 0
    assert f"数据库已从版本 {FIRST} 升级到 {head}" in capsys.readouterr().out


def test_a_new_revision_is_the_next_number_after_the_head_and_leaves_the_others_alone(tmp_path):
    copy = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    existing = {p.name: p.read_text() for p in (copy / "versions").glob("*.py")}
    head = migrate.head_revision(copy)
    made = migrate.new_revision("add a field", copy)
    assert made.name == f"{int(head) + 1:04d}_add_a_field.py"
    assert f"down_revision: Union[str, None] = '{head}'" in made.read_text()
    assert {p.name: p.read_text() for p in (copy / "versions").glob("*.py") if p != made} == existing
