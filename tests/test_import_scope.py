"""Imports obey the visibility rule; hostile or broken files get a clear message, never a traceback."""
from __future__ import annotations

import argparse
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from bot.cli import import_
from bot.storage.models import Customer, User

MINDRAY = "深圳迈瑞医疗国际有限公司"  # 陈静's, 华南
HUAWEI = "华为技术有限公司"  # 张伟's, 华东


def customers_file(path: Path, *rows: tuple) -> Path:
    book = Workbook()
    book.active.append(["客户名称", "负责人", "客户等级"])
    for row in rows:
        book.active.append(list(row))
    book.save(path)
    return path


def owner_of(services, name: str) -> str:
    with services.db.session() as s:
        return s.scalars(select(Customer).where(Customer.name == name)).one().owner.name


def reasons(out) -> dict[int, str]:
    return {e.row: e.reason for e in out.problems}


def test_a_row_never_moves_another_teams_customer(demo, tmp_path):
    out = import_.import_file(demo, customers_file(tmp_path / "c.xlsx", (MINDRAY, "张伟", "A")), skip_bad=False)
    assert reasons(out)[2].startswith("会把负责人从「陈静」改成「张伟」") and out.counts["customers"].refused == 1
    assert owner_of(demo, MINDRAY) == "陈静"


def test_an_importer_touches_only_what_they_may_see(demo, tmp_path):
    path = customers_file(tmp_path / "c.xlsx", (HUAWEI, "张伟", "A"), (MINDRAY, "张伟", "A"), ("新公司甲", "李娜", "D"))
    out = import_.import_file(demo, path, skip_bad=True, importer="张伟")
    found = reasons(out)
    assert found[3] == "已被登记，不在你的范围内，不能导入"
    assert found[4] == "负责人「李娜」不在你能管理的范围内"
    counts = out.counts["customers"]
    assert counts.updated + counts.unchanged == 1 and counts.refused == 2 and owner_of(demo, MINDRAY) == "陈静"


def test_an_admin_may_transfer_between_teams_with_the_flag(demo, tmp_path):
    with demo.db.session() as s:
        s.add(User(name="管理员", role="admin"))
    path = customers_file(tmp_path / "c.xlsx", (MINDRAY, "张伟", "A"))
    out = import_.import_file(demo, path, skip_bad=False, importer="管理员")
    assert "会把负责人" in reasons(out)[2] and owner_of(demo, MINDRAY) == "陈静"
    out = import_.import_file(demo, path, skip_bad=False, importer="管理员", allow_owner_change=True)
    assert out.problems == [] and owner_of(demo, MINDRAY) == "张伟"


def test_the_owner_flag_needs_an_admin(demo, tmp_path, capsys):
    args = argparse.Namespace(file=customers_file(tmp_path / "c.xlsx", (MINDRAY, "张伟", "A")), skip_bad=False,
                              importer="赵敏", allow_owner_change=True, allow_similar=False)
    assert import_.run(args, demo) == 2 and "只能由管理员使用" in capsys.readouterr().out
    assert owner_of(demo, MINDRAY) == "陈静"


def test_cells_longer_than_their_column_are_row_errors(demo, tmp_path):
    out = import_.import_file(demo, customers_file(tmp_path / "c.xlsx", ("长" * 200, "张伟", "D")), skip_bad=False)
    assert reasons(out)[2] == "客户名称太长，最多 128 个字，请改短后再发。"


def hostile_files(tmp: Path) -> list[Path]:
    not_zip = tmp / "not_zip.xlsx"
    not_zip.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    empty_zip = tmp / "empty.xlsx"
    zipfile.ZipFile(empty_zip, "w").close()
    xxe = tmp / "xxe.xlsx"
    customers_file(xxe, (HUAWEI, "张伟", "A"))
    with zipfile.ZipFile(xxe) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                                         b'<worksheet><sheetData><row><c t="inlineStr"><is><t>&e;</t></is></c></row>'
                                         b'</sheetData></worksheet>')
    with zipfile.ZipFile(xxe, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    truncated = tmp / "truncated.xlsx"
    truncated.write_bytes(xxe.read_bytes()[:300])
    return [not_zip, empty_zip, xxe, truncated]


@pytest.mark.parametrize("index", range(4))
def test_a_hostile_workbook_gets_a_clear_message(index, demo, tmp_path, capsys):
    path = hostile_files(tmp_path)[index]
    args = argparse.Namespace(file=path, skip_bad=False, importer=None)
    assert import_.run(args, demo) == 2
    printed = capsys.readouterr().out
    assert "读不了" in printed and "Traceback" not in printed
    assert owner_of(demo, HUAWEI) == "张伟"


def test_an_unknown_importer_is_named(demo, tmp_path, capsys):
    args = argparse.Namespace(file=customers_file(tmp_path / "c.xlsx"), skip_bad=False, importer="没这个人")
    assert import_.run(args, demo) == 2 and "没有这个用户「没这个人」" in capsys.readouterr().out
