"""Spreadsheets that round-trip with the templates: their headers and values, blank vs `-`, refusals, duplicates,
all-or-nothing, and export -> import -> export giving the same cells on the demo data."""
from __future__ import annotations

import argparse
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook
from sqlalchemy import delete, func, select

from bot.cli import import_
from bot.clock import to_utc
from bot.reports.period import month
from bot.reports.workbook import export_workbook
from bot.storage.models import (Activity, Contact, Customer, FollowUp, Opportunity, Order, Requirement, StageChange,
                                User)

TZ = "Asia/Shanghai"
HUAWEI = "华为技术有限公司"  # 张伟's, 华东, phone 0755-28780808


def sheet_file(path: Path, title: str, headers: list[str], *rows) -> Path:
    book = Workbook()
    ws = book.active
    ws.title = title
    ws.append(headers)
    for row in rows:
        ws.append(list(row))
    book.save(path)
    return path


def customer(services, name: str) -> Customer | None:
    with services.db.session() as s:
        c = s.scalars(select(Customer).where(Customer.name == name)).one_or_none()
        if c is not None:
            s.expunge(c)
        return c


def problems(out) -> dict[tuple[int, str], str]:
    return {(p.row, p.column): p.reason for p in out.problems}


def test_a_blank_cell_never_erases_and_a_dash_clears(demo, tmp_path):
    before = customer(demo, HUAWEI)
    assert before.phone and before.annual_purchase and before.cooperating_since
    path = sheet_file(tmp_path / "c.xlsx", "客户", ["客户名称", "所属行业", "联系电话", "年采购额", "合作起始"],
                      (HUAWEI, "ICT", None, "", None))
    out = import_.import_file(demo, path, skip_bad=False)
    after = customer(demo, HUAWEI)
    assert out.counts["customers"].updated == 1 and after.industry == "ICT"
    assert (after.phone, after.annual_purchase, after.cooperating_since) == (
        before.phone, before.annual_purchase, before.cooperating_since)
    path = sheet_file(tmp_path / "c2.xlsx", "客户", ["客户名称", "联系电话", "年采购额"], (HUAWEI, "-", "－"))
    import_.import_file(demo, path, skip_bad=False)
    after = customer(demo, HUAWEI)
    assert after.phone is None and after.annual_purchase is None and after.cooperating_since == before.cooperating_since


def test_a_dash_cannot_clear_a_column_a_record_needs(demo, tmp_path):
    path = sheet_file(tmp_path / "c.xlsx", "客户", ["客户名称", "负责人"], (HUAWEI, "-"))
    out = import_.import_file(demo, path, skip_bad=False)
    assert "不能清空" in problems(out)[(2, "负责人")] and customer(demo, HUAWEI).owner_id is not None


def test_a_missing_column_is_a_row_error_not_a_crash(demo, tmp_path):
    path = sheet_file(tmp_path / "c.xlsx", "客户", ["客户名称", "所属行业"], (HUAWEI, "通信设备"), ("全新客户甲", "餐饮"))
    out = import_.import_file(demo, path, skip_bad=False)
    assert problems(out) == {(3, "负责人"): "表里缺这一列，新建客户时必须有"}
    assert customer(demo, HUAWEI).industry == "通信"  # all or nothing: the good row waits too
    out = import_.import_file(demo, path, skip_bad=True)
    assert customer(demo, HUAWEI).industry == "通信设备" and customer(demo, "全新客户甲") is None
    assert (out.counts["customers"].updated, out.counts["customers"].errors) == (1, 1)


def test_the_templates_own_headers_and_values_are_read(demo, tmp_path):
    # seed 001 模板1, column for column
    headers = ["客户名称", "所属行业", "联系人信息(姓名/职位/电话/邮箱)", "需求描述", "需求阶段", "跟进人", "最后跟进时间",
               "下次跟进计划", "客户等级", "备注", "结果确认"]
    path = sheet_file(tmp_path / "c.xlsx", "客户信息管理表", headers,
                      ("星河科技有限公司", "IT服务", "张三/采购经理/13800005678/zhangsan@xinghe.cn；李四/13900001111",
                       "需要采购20套办公软件,预算5万", "需求确认", "张伟", "2024-03-15", "3月20日提交方案", "B级客户",
                       "提到竞品报价更低", "好"))
    out = import_.import_file(demo, path, skip_bad=False)
    assert out.problems == [] and out.counts["customers"].created == 1
    assert out.notes == ["客户信息管理表：不认识的列没有导入：结果确认"]
    with demo.db.session() as s:
        c = s.scalars(select(Customer).where(Customer.name == "星河科技有限公司")).one()
        assert (c.tier, c.owner.name, c.industry, c.note) == ("B", "张伟", "IT服务", "提到竞品报价更低")
        assert c.last_contact_at == to_utc(datetime(2024, 3, 15), TZ)
        assert [(p.name, p.title, p.phone, p.email) for p in c.contacts] == [
            ("张三", "采购经理", "13800005678", "zhangsan@xinghe.cn"), ("李四", None, "13900001111", None)]


def test_template_deal_and_order_codes_and_words(demo, tmp_path):
    book = Workbook()
    deals = book.active
    deals.title = "销售机会跟进表"
    deals.append(["机会编号", "客户名称", "机会来源", "预计成交金额(元)", "预计成交日期", "当前阶段", "负责人"])
    deals.append(["XS20240301", HUAWEI, "展会", 50000, "2026-12-10", "方案对比", "张伟"])
    orders = book.create_sheet("销售订单表")
    orders.append(["订单编号", "客户名称", "销售负责人", "下单日期", "订单金额", "需求数量", "需求类型", "机会编号"])
    orders.append(["DD-2026-0001", HUAWEI, "张伟", "2026-11-10", "5万", 20, "紧急补货", "XS20240301"])
    book.save(tmp_path / "deals.xlsx")
    out = import_.import_file(demo, tmp_path / "deals.xlsx", skip_bad=False)
    assert out.problems == []
    with demo.db.session() as s:
        o = s.scalars(select(Opportunity).where(Opportunity.code == "XS20240301")).one()
        assert (o.stage, o.source, o.expected_amount, o.expected_close) == ("proposal", "展会", 50000, date(2026, 12, 10))
        order = s.scalars(select(Order).where(Order.code == "DD-2026-0001")).one()
        assert (order.amount, order.quantity, order.opportunity_id) == (Decimal("50000.00"), 20, o.id)


def test_a_visit_sheet_files_activities_and_their_follow_ups(demo, tmp_path):
    # seed 001 模板3
    headers = ["回访日期", "客户名称", "回访方式", "回访人", "沟通主题", "客户反馈", "处理措施", "完成时限", "结果确认"]
    path = sheet_file(tmp_path / "v.xlsx", "客户回访记录表", headers,
                      ("2026-11-16", HUAWEI, "电话", "张伟", "产品使用情况", "操作界面不熟悉，希望培训", "安排线上培训",
                       "2026-11-20", "客户确认培训有效"))
    out = import_.import_file(demo, path, skip_bad=False)
    assert out.problems == [] and out.counts["activities"].created == 1
    with demo.db.session() as s:
        a = s.scalars(select(Activity).where(Activity.raw_text == "操作界面不熟悉，希望培训")).one()
        assert (a.type, a.user.name, a.occurred_at) == ("call", "张伟", to_utc(datetime(2026, 11, 16), TZ))
        f = s.scalars(select(FollowUp).where(FollowUp.activity_id == a.id)).one()
        assert (f.due_date, f.action, f.status) == (date(2026, 11, 20), "安排线上培训", "open")
    again = import_.import_file(demo, path, skip_bad=False)
    assert (again.counts["activities"].created, again.counts["activities"].unchanged) == (0, 1)


def test_a_needs_sheet_without_times_is_matched_by_its_words(demo, tmp_path):
    # seed 004: 客户名称 | 需求分类 | 重要性评估 | 跟进情况, and a 负责人 for new rows
    path = sheet_file(tmp_path / "r.xlsx", "客户需求分类表", ["客户名称", "需求分类", "重要性评估", "跟进情况", "负责人"],
                      (HUAWEI, "产品功能升级需求", "高", "跟进中", "张伟"))
    assert import_.import_file(demo, path, skip_bad=False).counts["requirements"].created == 1
    path = sheet_file(tmp_path / "r2.xlsx", "客户需求分类表", ["客户名称", "需求分类", "重要性评估", "跟进情况", "备注"],
                      (HUAWEI, "产品功能升级需求", "高", "已解决", "下版本上线"))
    out = import_.import_file(demo, path, skip_bad=False)
    assert out.counts["requirements"].updated == 1
    with demo.db.session() as s:
        [r] = [r for r in s.scalars(select(Requirement)) if r.tags == ["产品功能升级需求"]]  # JSON has no = on PostgreSQL
        assert (r.importance, r.status, r.note) == ("高", "已解决", "下版本上线")
    exported = _values(_export(demo, tmp_path / "out.xlsx"))["客户需求分类表"]
    assert exported[0][-2:] == ("联系方式", "备注") and exported[-1][-1] == "下版本上线"


def test_a_name_close_to_a_stored_customer_is_reported_not_created(demo, tmp_path):
    path = sheet_file(tmp_path / "c.xlsx", "客户", ["客户名称", "负责人"], ("华为技术", "张伟"))
    out = import_.import_file(demo, path, skip_bad=False)
    assert problems(out)[(2, "客户名称")].startswith(f"可能与已有客户「{HUAWEI}」重复")
    assert out.counts["customers"].refused == 1 and customer(demo, "华为技术") is None
    out = import_.import_file(demo, path, skip_bad=False, allow_similar=True)
    assert out.problems == [] and customer(demo, "华为技术") is not None


def test_a_manager_cannot_touch_another_teams_customer(demo, tmp_path):
    path = sheet_file(tmp_path / "c.xlsx", "客户", ["客户名称", "所属行业"], ("深圳迈瑞医疗国际有限公司", "器械"))
    out = import_.import_file(demo, path, skip_bad=False, importer="赵敏")  # 华东's manager; 迈瑞 is 华南's
    assert out.counts["customers"].refused == 1 and customer(demo, "深圳迈瑞医疗国际有限公司").industry != "器械"


def test_an_admin_of_a_team_needs_the_flag_for_another_team(demo, tmp_path):
    with demo.db.session() as s:
        s.add(User(name="华东管理员", role="admin", team_id=s.scalar(select(User.team_id).where(User.name == "赵敏"))))
    path = sheet_file(tmp_path / "c.xlsx", "客户", ["客户名称", "所属行业"], ("深圳迈瑞医疗国际有限公司", "器械"))
    out = import_.import_file(demo, path, skip_bad=False, importer="华东管理员")
    assert "另一个团队" in problems(out)[(2, "客户名称")]
    out = import_.import_file(demo, path, skip_bad=False, importer="华东管理员", allow_owner_change=True)
    assert out.problems == [] and customer(demo, "深圳迈瑞医疗国际有限公司").industry == "器械"


def test_the_report_counts_then_lists_each_problem(demo, tmp_path, capsys):
    path = sheet_file(tmp_path / "c.xlsx", "客户", ["客户名称", "负责人", "年采购额"],
                      (HUAWEI, "张伟", None), ("新客户乙", "路人甲", None), ("新客户丙", "张伟", "很多"))
    args = argparse.Namespace(file=path, skip_bad=False, importer=None, allow_owner_change=False, allow_similar=False)
    assert import_.run(args, demo) == 1
    printed = capsys.readouterr().out.splitlines()
    assert printed == ["客户：新增 0，更新 0，未变 0，拒绝 0，有错 2",
                       "客户 第3行「负责人」：没有这个销售「路人甲」",
                       "客户 第4行「年采购额」：不是金额「很多」，请写 50000 或 5万",
                       "发现 2 处问题，什么都没有导入。改好后再导入，或加 --skip-bad 只导入没问题的行。"]


def test_progress_is_plain_lines_off_a_terminal(demo, tmp_path, capsys):
    rows = [(f"进度测试客户{i:03d}", "张伟") for i in range(30)]
    import_.import_file(demo, sheet_file(tmp_path / "c.xlsx", "客户", ["客户名称", "负责人"], *rows), skip_bad=False,
                        allow_similar=True)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "校验 3/30 行" and lines[-1] == "导入 30/30 行" and len(lines) == 20


def test_reimporting_an_untouched_export_changes_nothing_even_for_fractional_seconds(demo, tmp_path):
    with demo.db.session() as s:
        c = s.scalars(select(Customer).where(Customer.name == HUAWEI)).one()
        c.last_contact_at = c.last_contact_at.replace(second=59, microsecond=700_000)
    path = tmp_path / "out.xlsx"
    with demo.db.session() as s:
        export_workbook(s, month(2026, 11, TZ), None, path)
    out = import_.import_file(demo, path, skip_bad=False)
    assert out.problems == [] and sum(c.created + c.updated for c in out.counts.values()) == 0


def _values(path: Path) -> dict[str, list[tuple]]:
    book = load_workbook(path)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def _export(services, path: Path) -> Path:
    with services.db.session() as s:
        export_workbook(s, month(2026, 11, TZ), None, path)
    return path


def test_export_import_export_keeps_every_cell_on_the_demo_data(demo, tmp_path):
    first = _export(demo, tmp_path / "first.xlsx")
    out = import_.import_file(demo, first, skip_bad=False)
    assert out.problems == [] and sum(c.created + c.updated for c in out.counts.values()) == 0
    assert sum(c.unchanged for c in out.counts.values()) == sum(len(rows) - 1 for title, rows in _values(first).items()
                                                                 if "季度" not in title)
    assert _values(_export(demo, tmp_path / "second.xlsx")) == _values(first)


def test_an_export_restores_the_records_into_an_emptied_database(demo, tmp_path):
    first = _export(demo, tmp_path / "first.xlsx")
    with demo.db.session() as s:
        for model in (FollowUp, Requirement, Activity, Order, StageChange, Opportunity, Contact, Customer):
            s.execute(delete(model))
    out = import_.import_file(demo, first, skip_bad=False)
    assert out.problems == []
    second, expected = _values(_export(demo, tmp_path / "second.xlsx")), _values(first)
    for title in ("销售机会跟进表", "客户回访记录表", "客户需求分类表", "销售订单表"):
        assert second[title] == expected[title], title
    # the customer sheet's 需求描述 / 需求阶段 / 下次计划 summarise records outside the month, which it does not carry
    own = slice(0, expected["客户信息管理表"][0].index("需求描述"))
    assert [r[own] for r in second["客户信息管理表"]] == [r[own] for r in expected["客户信息管理表"]]
    with demo.db.session() as s:
        assert s.scalar(select(func.count(Customer.id))) == len(expected["客户信息管理表"]) - 1


def test_urgent_and_overdue_rows_are_highlighted(demo, tmp_path):
    book = load_workbook(_export(demo, tmp_path / "out.xlsx"))
    visits = book["客户回访记录表"]
    headers = [c.value for c in visits[1]]
    due = headers.index("下次跟进")
    for row in visits.iter_rows(min_row=2):
        overdue = row[due].value is not None and row[due].value.date() < date(2026, 11, 18)
        assert (row[0].fill.fgColor.rgb == "00FFF2CC") == overdue
    needs = book["客户需求分类表"]
    marked = [r for r in needs.iter_rows(min_row=2) if r[0].fill.fgColor.rgb == "00F8CBAD"]
    assert marked and all(r[5].value == "高" and r[6].value != "已解决" for r in marked)
    assert book["客户信息管理表"]["L2"].number_format == '0!.0,"万"'
