"""Cell readers for spreadsheet import: each turns a non-blank cell into a value or raises BadCell with a reason.

A blank cell is never read (the row leaves that field alone) and `-` means "clear it"; both are decided in
importing.py before a reader runs. Dates and amounts typed as text go through the one reader (bot/sales/parsing.py),
so a cell says `5万` or `3月20日` the way a chat message would.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from bot import texts
from bot.clock import to_utc
from bot.reports.sheets import whole_second
from bot.sales.parsing import amount_typed, date_typed

CLEAR_WORDS = ("-", "－", "—", "–")
_CONTACT_SPLIT = re.compile(r"[；;\n]")
_PHONE = re.compile(r"[\d+()\-x* ]{5,}")


class BadCell(ValueError):
    """A cell that cannot be imported; the message says why."""


@dataclass(frozen=True)
class CellContext:
    """What a reader may need besides the cell: the time zone and the local time that 明天 or 3月20日 is read from."""
    tz: str
    local_now: datetime


@dataclass(frozen=True)
class ContactCell:
    name: str
    title: str | None = None
    phone: str | None = None
    email: str | None = None


def is_blank(value) -> bool:
    return value is None or str(value).strip() == ""


def is_clear(value) -> bool:
    return isinstance(value, str) and value.strip() in CLEAR_WORDS


def text(value, ctx: CellContext | None = None) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone or code typed as a number
    value = str(value).strip()
    return value or None


def money(value, ctx: CellContext) -> Decimal:
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        written = str(value).replace(",", "").replace("，", "").strip()
        try:
            amount = Decimal(written)
        except InvalidOperation:
            said = amount_typed(written)
            if said is None:
                raise BadCell(texts.IMPORT_NOT_AMOUNT.format(value=value)) from None
            amount = Decimal(str(said))
    if not amount.is_finite() or amount < 0:
        raise BadCell(texts.IMPORT_NEGATIVE_AMOUNT.format(value=value))
    return amount.quantize(Decimal("0.01"))


def integer(value, ctx: CellContext) -> int:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise BadCell(texts.IMPORT_NOT_INTEGER.format(value=value)) from None
    if not number.is_finite() or number != number.to_integral_value() or number < 0:
        raise BadCell(texts.IMPORT_NOT_INTEGER.format(value=value))
    return int(number)


def day(value, ctx: CellContext) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    found = date_typed(str(value).strip(), ctx.local_now)
    if found is None:
        raise BadCell(texts.IMPORT_NOT_DATE.format(value=value))
    return found


def moment(value, ctx: CellContext) -> datetime:
    """A local date-time cell as aware UTC, to the second the sheet shows."""
    if isinstance(value, datetime):
        local = value
    elif isinstance(value, date):
        local = datetime.combine(value, time())
    else:
        written = str(value).strip().replace("/", "-")
        try:
            local = datetime.fromisoformat(written)
        except ValueError:
            found = date_typed(written, ctx.local_now)
            if found is None:
                raise BadCell(texts.IMPORT_NOT_TIME.format(value=value)) from None
            local = datetime.combine(found, time())
    return to_utc(whole_second(local.replace(tzinfo=None)), ctx.tz)


def choice(words: dict[str, str]):
    """A reader accepting a word of `words` (label, stored value or a template's synonym -> stored value)."""
    shown = "/".join(dict.fromkeys(words.values()))

    def read(value, ctx: CellContext) -> str:
        written = text(value)
        if written not in words:
            raise BadCell(texts.IMPORT_NOT_A_CHOICE.format(value=written, choices=shown))
        return words[written]

    return read


def code(value, ctx: CellContext) -> str:
    """A business code as the team writes it (SO202405001, XS20240301, 202405-SAL-003): letters, digits and dashes."""
    written = text(value)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_\-/.]{1,31}", written):
        raise BadCell(texts.IMPORT_BAD_CODE.format(value=written))
    return written


def words_list(value, ctx: CellContext) -> list[str]:
    """Several words in one cell (简称, 需求分类): split on 、 , ; /."""
    return [w.strip() for w in re.split(r"[、,，;；/]", text(value)) if w.strip()]


def contacts(value, ctx: CellContext) -> list[ContactCell]:
    """联系人信息 as seed 001 writes it, 姓名/职位/电话/邮箱, several people separated by ；. A part with @ is the
    e-mail and a run of digits the phone wherever they stand, so 王工/13912345678 reads as a name and a phone."""
    found = []
    for person in _CONTACT_SPLIT.split(text(value)):
        parts = [p.strip() for p in person.split("/")]
        email = next((p for p in parts if "@" in p), None)
        phone = next((p for p in parts if p and p != email and _PHONE.fullmatch(p)), None)
        rest = [p for p in parts if p and p not in (email, phone)]
        if not (rest or phone or email):
            continue
        if not rest:
            raise BadCell(texts.IMPORT_CONTACT_NO_NAME.format(value=person.strip()))
        found.append(ContactCell(rest[0], rest[1] if len(rest) > 1 else None, phone, email))
    return found
