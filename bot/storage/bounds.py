"""Every value written fits its column, checked before each flush, so both databases behave the same.

PostgreSQL refuses a string longer than its VARCHAR (an error mid-message) while SQLite stores it whole; a 30-digit
amount overflows NUMERIC(14,2) on one and is kept on the other. Checking in before_flush covers every ORM write
(commands, reports, imports, admin tools) in one place, and the refusal is a sentence the user can act on.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Numeric, String, event, inspect
from sqlalchemy.orm import Session

from bot import texts

MAX_AMOUNT = Decimal(10) ** 10  # 100 亿 yuan: no deal this bot tracks is larger; a bigger number is a typo
LABELS = {  # (table, column) -> what the user calls it; other columns fall back to the generic label
    ("customers", "name"): "客户名称", ("customers", "industry"): "行业", ("customers", "region"): "地区",
    ("customers", "phone"): "电话", ("contacts", "name"): "联系人姓名", ("contacts", "title"): "职务",
    ("contacts", "phone"): "电话", ("contacts", "email"): "邮箱", ("users", "name"): "名字",
    ("teams", "name"): "团队名称", ("group_chats", "title"): "群名", ("opportunities", "title"): "商机名称",
    ("orders", "product"): "产品名称", ("orders", "model"): "型号", ("orders", "unit"): "单位",
    ("follow_ups", "action"): "跟进事项", ("activities", "next_action"): "下一步",
}


class OutOfBounds(ValueError):
    """A value the user gave does not fit: its message says which and the limit."""


def check_value(table: str, column, value) -> None:
    if isinstance(column.type, String) and column.type.length and isinstance(value, str) \
            and len(value) > column.type.length:
        label = LABELS.get((table, column.name), "内容")
        raise OutOfBounds(texts.FIELD_TOO_LONG.format(label=label, limit=column.type.length))
    if isinstance(column.type, Numeric) and isinstance(value, (Decimal, int, float)) and abs(value) >= MAX_AMOUNT:
        raise OutOfBounds(texts.AMOUNT_IMPLAUSIBLE)


def check_fits(attribute, value) -> None:
    """Check one value against a mapped column (Customer.name, …) before it is used: a command refuses at once."""
    column = attribute.property.columns[0]
    check_value(column.table.name, column, value)


def check_flush(session: Session, _context, _instances) -> None:
    for obj in (*session.new, *session.dirty):
        state = inspect(obj)
        table = state.mapper.local_table.name
        for attr in state.mapper.column_attrs:
            value = state.dict.get(attr.key)  # only what is loaded or set: never a query inside a flush
            if value is not None:
                check_value(table, attr.columns[0], value)


def install(sessions) -> None:
    event.listen(sessions, "before_flush", check_flush)
