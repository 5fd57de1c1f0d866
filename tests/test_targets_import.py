"""The 目标 sheet of `python -m bot import`: rows set targets (idempotent), problems are row errors, the importer's scope."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from bot.cli.import_ import import_file, run
from bot.sales.target_import import cell_value
from bot.sales.vocabulary import Kpi
from bot.storage.models import Target, Team, User
from test_analytics_world import build_world

HEADERS = ("周期", "负责人或团队", "指标", "目标值")


@pytest.fixture
def world(services, frozen_clock):
    with services.db.session() as s:
        build_world(s)
    return services


def targets_file(path: Path, *rows: tuple, headers=HEADERS, title="目标") -> Path:
    book = Workbook()
    ws = book.active
    ws.title = title
    ws.append(headers)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def stored(services) -> set[tuple]:
    with services.db.session() as s:
        names = dict(s.execute(select(User.id, User.name)).tuples().all())
        teams = dict(s.execute(select(Team.id, Team.name)).tuples().all())
        return {(t.period_kind, t.period_start, teams.get(t.team_id) or names.get(t.user_id), t.kpi, t.value)
                for t in s.scalars(select(Target))}


ROWS = (("2026-11", "华东", "成交额", "300万"), ("2026年Q4", "张伟", "转化率", "35%"),
        ("2026-12", "李娜", "拜访次数", 20), ("2026-11", "李娜", "复购率", 0.1), ("2026-11", "张伟", "成交额", 1_000_000))


def test_a_target_sheet_sets_every_row_and_a_second_import_changes_nothing(world, tmp_path):
    path = targets_file(tmp_path / "targets.xlsx", *ROWS)
    out = import_file(world, path, skip_bad=False)
    assert out.problems == [] and out.counts["targets"].created == 5
    assert stored(world) == {
        ("month", date(2026, 11, 1), "华东", "won_amount", Decimal(3_000_000)),
        ("quarter", date(2026, 10, 1), "张伟", "conversion", Decimal("0.35")),
        ("month", date(2026, 12, 1), "李娜", "visits", Decimal(20)),
        ("month", date(2026, 11, 1), "李娜", "repurchase", Decimal("0.1")),
        ("month", date(2026, 11, 1), "张伟", "won_amount", Decimal(1_000_000))}
    again = import_file(world, path, skip_bad=False)
    counts = again.counts["targets"]
    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, 5)
    changed = import_file(world, targets_file(tmp_path / "t2.xlsx", ("2026-11", "华东", "成交额", "280万")), skip_bad=False)
    assert changed.counts["targets"].updated == 1
    assert ("month", date(2026, 11, 1), "华东", "won_amount", Decimal(2_800_000)) in stored(world)


def test_bad_rows_name_row_column_and_reason_and_nothing_is_written(world, tmp_path):
    path = targets_file(tmp_path / "targets.xlsx", ROWS[0], ("下辈子", "张伟", "成交额", "1万"),
                        ("2026-11", "马云", "成交额", "1万"), ("2026-11", "张伟", "利润", "1万"),
                        ("2026-11", "张伟", "转化率", "150%"), ("2026-11", "华东", "成交额", "200万"))
    out = import_file(world, path, skip_bad=False)
    assert [(e.row, e.column) for e in out.problems] == [(3, "周期"), (4, "负责人或团队"), (5, "指标"), (6, "目标值"),
                                                        (7, "指标")]
    assert "与第2行重复" in str(out.problems[-1]) and "成交额/成交单数" in str(out.problems[2])
    assert stored(world) == set()
    skipped = import_file(world, path, skip_bad=True)
    assert skipped.counts["targets"].created == 1 and len(stored(world)) == 1


def test_an_importer_sets_targets_only_within_their_team_and_a_rep_none(world, tmp_path):
    path = targets_file(tmp_path / "targets.xlsx", ("2026-11", "张伟", "成交额", "100万"),
                        ("2026-11", "刘洋", "成交额", "100万"), ("2026-11", "华南", "成交额", "100万"))
    out = import_file(world, path, skip_bad=True, importer="赵敏")
    assert [e.row for e in out.problems] == [3, 4] and {row[2] for row in stored(world)} == {"张伟"}
    rep = import_file(world, targets_file(tmp_path / "mine.xlsx", ("2026-11", "张伟", "成交额", "200万")),
                      skip_bad=False, importer="张伟")
    assert [e.column for e in rep.problems] == ["负责人或团队"]


def test_template_headers_and_a_targets_sheet_beside_customers_are_read(world, tmp_path, capsys):
    path = targets_file(tmp_path / "plan.xlsx", ("2026-11", "李娜", "成交单数", "5单"),
                        headers=("月份", "负责人", "考核指标", "目标"), title="月度目标")
    assert run(type("Args", (), {"file": path, "skip_bad": False, "importer": None})(), world) == 0
    assert "目标：新增 1，更新 0，未变 0，拒绝 0，有错 0" in capsys.readouterr().out


@pytest.mark.parametrize("kpi, cell, value", [
    (Kpi.WON_AMOUNT, 3_000_000, Decimal(3_000_000)), (Kpi.WON_AMOUNT, "300万", Decimal(3_000_000)),
    (Kpi.CONVERSION, 0.35, Decimal("0.35")), (Kpi.CONVERSION, 35, Decimal("0.35")), (Kpi.CONVERSION, "35%", Decimal("0.35")),
    (Kpi.VISITS, 20, Decimal(20)), (Kpi.VISITS, "二十次", Decimal(20)), (Kpi.VISITS, 2.5, None),
    (Kpi.CONVERSION, 150, None), (Kpi.WON_AMOUNT, 0, None), (Kpi.WON_AMOUNT, "很多", None),
])
def test_a_value_cell_is_read_in_its_kpis_unit(kpi, cell, value):
    assert cell_value(kpi, cell) == value
