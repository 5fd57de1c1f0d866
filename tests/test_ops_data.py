"""Retention (raw texts blanked after BOT_RAW_TEXT_DAYS, generated files after a day), forget-contact (a contact's
details gone everywhere, the erasure recorded) and backup (a consistent SQLite copy; PostgreSQL: pg_dump)."""
import os
import sqlite3
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from bot.__main__ import main
from bot.clock import utcnow
from bot.notifier.runner import run_job
from bot.storage.erasure import REMOVED
from bot.storage.bookkeeping import Erasure, InboundMessage
from bot.storage.models import Activity, Contact, Customer, Report
from helpers import count_rows

REPORT = "今天拜访了华为张经理，电话13812345678，邮箱zhang@example.com，他们要定制化的ERP接口，预算50万，下周三再跟进"


def test_retention_blanks_old_raw_texts_keeps_what_was_filed_and_removes_old_files(chat, demo, db, settings, services):
    chat.say(REPORT)
    with db.session() as s:
        s.add(InboundMessage(platform="console", message_id="old", sender_id="x", text="一年多以前的消息",
                             reply_text="回复", received_at=utcnow() - timedelta(days=400)))
    activities = count_rows(db, Activity)
    exports = settings.instance_path / "exports"
    exports.mkdir(parents=True)
    (exports / "old.xlsx").write_bytes(b"x")
    (exports / "new.xlsx").write_bytes(b"x")
    streams = settings.instance_path / "streams"  # a 智能机器人 stream nobody polled to its end
    streams.mkdir(parents=True)
    (streams / f"{'a' * 32}.open.json").write_text("{}")
    two_days_ago = time.time() - 2 * 86400
    os.utime(exports / "old.xlsx", (two_days_ago, two_days_ago))
    os.utime(streams / f"{'a' * 32}.open.json", (two_days_ago, two_days_ago))

    assert run_job(services, "retention", date(2026, 11, 18)) == 0
    with db.session() as s:
        old = s.scalars(select(InboundMessage).where(InboundMessage.message_id == "old")).one()
        assert (old.text, old.reply_text) == ("", None)
        assert s.scalar(select(func.count()).select_from(InboundMessage).where(InboundMessage.text == REPORT)) == 1
    assert count_rows(db, Activity) == activities
    assert [p.name for p in exports.iterdir()] == ["new.xlsx"] and list(streams.iterdir()) == []


def stored_text(db) -> str:
    """Every text and JSON value of the tables that keep what people said, as one string."""
    with db.session() as s:
        parts = [repr(row) for model in (InboundMessage, Report, Activity, Contact)
                 for row in s.execute(select(model.__table__)).all()]
    return "\n".join(parts)


def test_forget_contact_removes_name_phone_and_email_everywhere_and_records_it(chat, demo, db, monkeypatch, capsys,
                                                                               database_url, tmp_path):
    assert "已记录" in chat.say(REPORT)
    text = stored_text(db)
    assert "张经理" in text and "13812345678" in text and "zhang@example.com" in text
    monkeypatch.setenv("BOT_DATABASE_URL", database_url)
    monkeypatch.setenv("BOT_ENV_FILE", str(tmp_path / "none.env"))

    assert main(["forget-contact", "张经理", "--customer", "华为"]) == 0
    assert "已删除「华为技术有限公司」这位联系人的个人信息" in capsys.readouterr().out
    text = stored_text(db)
    assert "张经理" not in text and "13812345678" not in text and "zhang@example.com" not in text
    assert REMOVED in text and "定制化的ERP接口" in text
    with db.session() as s:
        erasure = s.scalars(select(Erasure)).one()
        huawei = s.scalars(select(Customer).where(Customer.name == "华为技术有限公司")).one()
        assert (erasure.kind, erasure.customer_id) == ("contact", huawei.id) and erasure.values_removed >= 6
        parsed = [c for r in s.scalars(select(Report)) for c in r.parsed.get("contacts", [])]
        assert parsed and all(c["name"] == REMOVED and "13812345678" not in str(c) for c in parsed)
    assert main(["forget-contact", "张经理", "--customer", "华为"]) == 1
    assert "没有叫「张经理」的联系人" in capsys.readouterr().out


def test_backup_copies_a_live_sqlite_database_or_points_to_pg_dump(demo, database_url, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("BOT_DATABASE_URL", database_url)
    monkeypatch.setenv("BOT_ENV_FILE", str(tmp_path / "none.env"))
    target = tmp_path / "copy.sqlite3"
    if database_url.startswith("postgresql"):
        assert main(["backup", str(target)]) == 2 and "pg_dump" in capsys.readouterr().out
        return
    assert main(["backup", str(target)]) == 0
    assert str(target) in capsys.readouterr().out
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM customers").fetchone()[0] == count_rows(demo.db, Customer) > 0
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert main(["backup", str(target)]) == 1  # never overwrites


pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")
