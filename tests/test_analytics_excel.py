"""Excel: export the templates, import them back (round trip, idempotent), validation, /导出 permissions."""
from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import delete, func, select, update
from test_analytics_world import build_world

from bot.clock import utcnow
from bot.cli.import_ import import_file
from bot.reports.period import month
from bot.reports.workbook import export_workbook
from bot.storage.models import Customer, Opportunity, Order, StageChange

NOV = month(2026, 11, "Asia/Shanghai")
SHEETS = ["客户信息管理表", "销售机会跟进表", "客户回访记录表", "客户需求分类表", "销售订单表", "销售数据分析表(季度)"]


@pytest.fixture
def world(services, frozen_clock):
    with services.db.session() as s:
        build_world(s)
    return services


def created(out) -> dict[str, int]:
    return {kind: c.created for kind, c in out.counts.items()}


def _export(services, path: Path) -> Path:
    with services.db.session() as s:
        export_workbook(s, NOV, None, path)
    return path


def _values(path: Path, sheet: str) -> list[tuple]:
    return [tuple(r) for r in load_workbook(path)[sheet].iter_rows(values_only=True)]


def test_export_writes_every_template_with_headers_and_frozen_panes(world, tmp_path):
    book = load_workbook(_export(world, tmp_path / "out.xlsx"))
    assert book.sheetnames == SHEETS
    opps = book["销售机会跟进表"]
    assert opps["A1"].value == "机会编号" and opps["A1"].font.bold and opps.freeze_panes == "C2"
    assert opps.max_row == 1 + 5 and opps["I2"].number_format == '0!.0,"万"'
    assert isinstance(opps["I2"].value, (int, float))  # shown in 万, kept as the number


def test_export_then_import_restores_the_same_rows(world, tmp_path):
    first = _export(world, tmp_path / "first.xlsx")
    with world.db.session() as s:
        for model in (Order, StageChange, Opportunity, Customer):
            s.execute(delete(model))
    out = import_file(world, first, skip_bad=False)
    assert out.problems == [] and created(out) == {
        "customers": 5, "opportunities": 5, "activities": 0, "requirements": 0, "orders": 0}
    second = _export(world, tmp_path / "second.xlsx")
    for sheet in ("客户信息管理表", "销售机会跟进表", "销售订单表"):
        assert _values(second, sheet) == _values(first, sheet)


def test_importing_the_same_file_twice_changes_nothing(world, tmp_path):
    path = _export(world, tmp_path / "out.xlsx")
    out = import_file(world, path, skip_bad=False)
    assert out.problems == [] and {c.created + c.updated for c in out.counts.values()} == {0}
    with world.db.session() as s:
        assert s.scalar(select(func.count(StageChange.id))) == 17  # as built: no stage move added


def _bad_orders(path: Path) -> Path:
    book = Workbook()
    ws = book.active
    ws.append(["订单编号", "客户名称", "负责人", "下单日期", "订单金额", "需求类型"])
    ws.append(["SO202611001", "客户C1", "张伟", "2026-11-03", 1000, "定制化"])
    ws.append(["SO202611001", "客户C1", "张伟", "2026-11-03", 1000, "定制化"])
    ws.append(["SO202611002", "客户C1", "路人甲", "2026-11-31", "abc", "定制化"])
    ws.append(["SO 12", "客户C9", "张伟", "2026-11-03", 5, "特供"])
    book.save(path)
    return path


def test_import_reports_row_column_and_reason_and_writes_nothing(world, tmp_path):
    out = import_file(world, _bad_orders(tmp_path / "orders.xlsx"), skip_bad=False)
    reasons = {(e.row, e.column): e.reason for e in out.problems}
    assert reasons[(3, "订单编号")] == "与第2行重复"
    assert "没有这个销售「路人甲」" in reasons[(4, "负责人")] and "日期看不懂" in reasons[(4, "下单日期")]
    assert "不是金额" in reasons[(4, "订单金额")] and "只能有字母" in reasons[(5, "订单编号")]
    assert "没有这个客户" in reasons[(5, "客户名称")] and "不在可选值中" in reasons[(5, "需求类型")]
    with world.db.session() as s:
        assert s.scalar(select(func.count(Order.id))) == 1  # the world's own order only


def test_skip_bad_imports_the_good_rows(world, tmp_path):
    out = import_file(world, _bad_orders(tmp_path / "orders.xlsx"), skip_bad=True)
    assert created(out) == {"orders": 1} and out.counts["orders"].errors == 3
    with world.db.session() as s:
        assert s.scalar(select(Order.amount).where(Order.code == "SO202611001")) == 1000


def test_export_command_sends_own_customers_only_to_a_rep(world, chat):
    reply = chat.send("/导出")
    names = [r[0] for r in _values(Path(reply.file_path), "客户信息管理表")[1:]]
    assert sorted(names) == ["客户C1", "客户C2"]


def test_export_command_for_a_manager_covers_the_team(world, chat):
    reply = chat.as_("赵敏").send("/导出")
    names = [r[0] for r in _values(Path(reply.file_path), "客户信息管理表")[1:]]
    assert sorted(names) == ["客户C1", "客户C2", "客户C3", "客户C4"]


def test_the_workbook_is_written_later_for_what_the_sender_could_see_when_asking(world, chat):
    """The request only promises the workbook; it is written by the deliverer, still with the rep's own scope
    even after the rep became an admin (the row carries the owner ids, not the user to look up again)."""
    from bot.handlers.attachments import attachment_messages
    from bot.notifier.channels import ConsoleChannel
    from bot.notifier.outbox import enqueue
    from bot.notifier.runner import make_deliverer
    from bot.storage.models import User

    reply = world.dispatch(chat.message("/导出"))
    assert reply.file_path is None and reply.attachment.kind == "workbook" and "正在生成" in reply.text
    with world.db.session() as s:
        zhang = s.scalars(select(User).where(User.name == "张伟")).one()
        assert reply.attachment.params["owner_ids"] == [zhang.id]
        enqueue(s, attachment_messages(reply, "console", "张伟", "later"), utcnow())
        zhang.role = "admin"
    console = ConsoleChannel()
    assert make_deliverer(world, {"console": console}).deliver_due().sent == 1
    [(_, payload)] = console.sent
    assert "render" not in payload and payload["file"]["path"].endswith(".xlsx")
    names = [r[0] for r in _values(Path(payload["file"]["path"]), "客户信息管理表")[1:]]
    assert sorted(names) == ["客户C1", "客户C2"]


def test_export_command_refuses_in_a_group(world, chat):
    reply = chat.as_("赵敏", group="华东群").send("/导出")
    assert reply.file_path is None and "私聊" in reply.text


RISKS = ("西门子也在报，报价45万；ABB也来了", "预算可能砍", "12月15日评标", "技术部评估后采购总监定")


def test_deal_risk_columns_are_exported_and_imported_back(world, tmp_path):
    with world.db.session() as s:
        opp = s.scalars(select(Opportunity).order_by(Opportunity.id)).first()
        opp.competition, opp.risk, opp.milestone, opp.decision_chain = RISKS
        code = opp.code
    path = _export(world, tmp_path / "risks.xlsx")
    rows = _values(path, "销售机会跟进表")
    assert rows[0][-4:] == ("竞争情况", "风险评估", "关键节点", "决策链")
    assert next(r for r in rows if r[0] == code)[-4:] == RISKS
    with world.db.session() as s:
        s.execute(update(Opportunity).values(competition=None, risk=None, milestone=None, decision_chain=None))
    out = import_file(world, path, skip_bad=False)
    assert out.problems == [] and out.counts["opportunities"].updated == 1
    with world.db.session() as s:
        opp = s.scalars(select(Opportunity).where(Opportunity.code == code)).one()
        assert (opp.competition, opp.risk, opp.milestone, opp.decision_chain) == RISKS
