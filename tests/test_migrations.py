"""The migrated schema equals the models, on the database under test (SQLite or PostgreSQL)."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlalchemy.exc import IntegrityError

from bot.storage import migrate
from bot.storage.models import Base


def test_migrated_schema_has_no_autogenerate_diff(database_url):
    engine = create_engine(database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_every_model_table_exists_after_upgrade(database_url):
    engine = create_engine(database_url)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_downgrade_to_base_and_upgrade_again(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    migrate.upgrade(url)
    migrate.downgrade(url, "base")
    engine = create_engine(url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(url)
    assert "customers" in inspect(engine).get_table_names()
    engine.dispose()


def test_unique_platform_message_ids_are_enforced(db):
    import pytest

    from bot.storage.bookkeeping import InboundMessage

    with pytest.raises(IntegrityError):
        with db.session() as s:
            s.add_all([InboundMessage(platform="wecom", message_id="1", sender_id="a"),
                       InboundMessage(platform="wecom", message_id="1", sender_id="b")])
    with db.session() as s:
        s.add_all([InboundMessage(platform="wecom", message_id="1", sender_id="a"),
                   InboundMessage(platform="dingtalk", message_id="1", sender_id="a")])


def test_opportunity_codes_and_outbox_keys_are_unique(db):
    import pytest

    from bot.storage.bookkeeping import Outbox
    from bot.storage.models import Customer, Opportunity, User

    with db.session() as s:
        rep = User(name="甲")
        customer = Customer(name="测试客户", owner=rep)
        s.add_all([rep, customer, Opportunity(code="202611-SAL-001", customer=customer, owner=rep)])
    with pytest.raises(IntegrityError):
        with db.session() as s:
            s.add(Opportunity(code="202611-SAL-001", customer_id=customer.id, owner_id=rep.id))
    with pytest.raises(IntegrityError):
        with db.session() as s:
            s.add_all([Outbox(channel="console", target="x", idempotency_key="k"),
                       Outbox(channel="console", target="y", idempotency_key="k")])


def test_foreign_keys_reject_rows_pointing_nowhere(db):
    import pytest

    from bot.storage.models import Contact

    with pytest.raises(IntegrityError):
        with db.session() as s:
            s.add(Contact(customer_id=999_999, name="张"))


def test_0002_moves_promises_into_follow_ups_and_keeps_references(tmp_path):
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    migrate.upgrade(url, "0001")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (id, name, role, muted, created_at) VALUES (1, 'a', 'rep', false, '2026-11-01')"))
        conn.execute(text("INSERT INTO customers (id, name, aliases, kind, tier, tier_manual, owner_id, created_at)"
                          " VALUES (1, 'c', '[]', '新', 'D', false, 1, '2026-11-01')"))
        conn.execute(text(
            "INSERT INTO activities (id, customer_id, user_id, type, occurred_at, next_date, next_action, done_at,"
            " created_at) VALUES (1, 1, 1, 'call', '2026-11-01', '2026-11-05', '再跟进', NULL, '2026-11-01'),"
            " (2, 1, 1, 'call', '2026-11-02', '2026-11-06', NULL, '2026-11-06', '2026-11-02'),"
            " (3, 1, 1, 'visit', '2026-11-03', NULL, NULL, NULL, '2026-11-03')"))
        conn.execute(text("INSERT INTO requirements (customer_id, user_id, activity_id, tags, description, importance,"
                          " status, created_at) VALUES (1, 1, 1, '[]', 'x', '中', '未跟进', '2026-11-01')"))
    migrate.upgrade(url, "0002")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT activity_id, due_date, action, status FROM follow_ups ORDER BY id")).all()
        assert rows == [(1, "2026-11-05", "再跟进", "open"), (2, "2026-11-06", None, "done")]
        assert conn.execute(text("SELECT count(*) FROM activities")).scalar() == 3
        assert conn.execute(text("SELECT activity_id FROM requirements")).scalar() == 1
    engine.dispose()
