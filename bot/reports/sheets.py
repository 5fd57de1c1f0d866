"""The seed templates as sheets: each one's columns (header, width, number format), its rows for a period, and
which rows the templates highlight (an overdue follow-up or close date, an urgent need or order).

Customers are all those of the owners; opportunities those in the period's funnel (see funnel.py); activities,
requirements and orders those dated in the period; the quarterly analysis covers the quarter holding the period.
Amounts are numbers shown in 万 (the cell keeps the value, so a sheet imports back unchanged); times are written to
the second, the precision an import reads them back at.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable, Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from bot import texts
from bot.clock import local
from bot.reports.kpis import kpis
from bot.reports.period import Period, month, quarter_of
from bot.reports.scope import owned_by
from bot.storage.codes import code_order
from bot.storage.models import Activity, Contact, Customer, FollowUp, Opportunity, Order, Requirement, User
from bot.sales.vocabulary import (OPEN_STAGES, ActivityType, DealRisk, DemandType, Fulfilment, Importance,
                                  OrderStatus, RequirementStatus, Stage)

# 万 with one decimal: 0!.0, divides by 1000 and puts a literal point before the last digit (123456 -> 12.3万)
WAN, MONEY, DAY, TIME, PCT = '0!.0,"万"', "#,##0.00", "yyyy-mm-dd", "yyyy-mm-dd hh:mm", "0.0%"
URGENT, OVERDUE = "urgent", "overdue"
OPEN_STAGE_LABELS = {s.label for s in OPEN_STAGES}


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 12
    number_format: str | None = None


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[Column, ...]
    rows: Callable[[Session, Period, list[int] | None], Iterable[tuple]]
    mark: Callable[[dict, date], str | None] = lambda row, today: None  # URGENT / OVERDUE by header


def whole_second(dt: datetime) -> datetime:
    """`dt` to the second the sheets show (half a second rounds up): what an import reads back."""
    second = dt.replace(microsecond=0)
    return second + timedelta(seconds=1) if dt.microsecond >= 500_000 else second


def shown_follow_up(follow_ups: list[FollowUp]) -> FollowUp | None:
    """The follow-up a 回访 row shows as 下一步 / 下次跟进: its latest open one (done ones are history)."""
    return max((f for f in follow_ups if f.status == "open"), key=lambda f: f.id, default=None)


def contact_cell(contacts: list[Contact]) -> str | None:
    """Active contacts as seed 001's 联系人信息: 姓名/职位/电话/邮箱, several joined by ；."""
    people = ["/".join(p for p in (c.name, c.title, c.phone, c.email) if p) for c in contacts if c.active]
    return "；".join(people) or None


def _day(dt, tz):
    return whole_second(local(dt, tz).replace(tzinfo=None)) if dt else None


def _first(rows) -> dict:
    """customer id -> the first of `rows` (customer_id, value) for it."""
    found: dict = {}
    for customer_id, value in rows:
        found.setdefault(customer_id, value)
    return found


def _customer_summaries(s: Session, ids) -> tuple[dict, dict, dict]:
    """Per customer of the `ids` query: the latest open need's description, the latest open deal's stage, the next
    open follow-up (date, action)."""
    R, O, F = Requirement, Opportunity, FollowUp
    needs = _first(s.execute(select(R.customer_id, R.description).where(
        R.customer_id.in_(ids), R.status != RequirementStatus.RESOLVED.value, R.description != "")
        .order_by(R.created_at.desc(), R.id.desc())))
    stages = _first(s.execute(select(O.customer_id, O.stage).where(O.customer_id.in_(ids), O.stage.in_(OPEN_STAGES))
                              .order_by(O.created_at.desc(), O.id.desc())))
    plans = _first((c, (due, action)) for c, due, action in s.execute(
        select(F.customer_id, F.due_date, F.action).where(F.customer_id.in_(ids), F.status == "open")
        .order_by(F.due_date, F.id)))
    return needs, stages, plans


def customer_rows(s: Session, period: Period, owner_ids):
    ids = owned_by(select(Customer.id), Customer.owner_id, owner_ids)
    needs, stages, plans = _customer_summaries(s, ids)
    query = owned_by(select(Customer).options(joinedload(Customer.owner), selectinload(Customer.contacts))
                     .order_by(Customer.id), Customer.owner_id, owner_ids)
    for c in s.scalars(query):
        plan = plans.get(c.id)
        yield (c.name, "、".join(c.aliases or []), c.industry, c.region, c.size, c.kind, c.tier,
               c.owner.name if c.owner is not None else texts.POOL_OWNER, c.source, c.phone, contact_cell(c.contacts),
               c.annual_purchase, c.cooperating_since, _day(c.last_contact_at, period.tz),
               needs.get(c.id), Stage(stages[c.id]).label if c.id in stages else None,
               f"{plan[0]:%Y-%m-%d} {plan[1] or ''}".strip() if plan else None, c.note)


def opportunity_rows(s: Session, period: Period, owner_ids):
    O = Opportunity
    query = owned_by(select(O).options(joinedload(O.customer), joinedload(O.owner))
                   .where(O.created_at < period.end_utc, or_(O.closed_at.is_(None), O.closed_at >= period.start_utc)),
                   O.owner_id, owner_ids)
    for o in sorted(s.scalars(query), key=lambda o: code_order(o.code)):
        yield (o.code, o.customer.name, o.owner.name, o.title, o.source, Stage(o.stage).label,
               o.value_band, o.probability, o.expected_amount, o.quote_amount, o.contract_amount, o.expected_close,
               _day(o.created_at, period.tz), _day(o.closed_at, period.tz), o.lost_reason,
               *(getattr(o, field.value) for field in DealRisk))


def activity_rows(s: Session, period: Period, owner_ids):
    A = Activity
    query = owned_by(select(A).options(joinedload(A.customer), joinedload(A.user))
                     .where(A.occurred_at >= period.start_utc, A.occurred_at < period.end_utc, A.undone_at.is_(None))
                     .order_by(A.occurred_at, A.id), A.user_id, owner_ids)
    activities = list(s.scalars(query))
    follow_ups: dict[int, list[FollowUp]] = {}
    for f in s.scalars(select(FollowUp).where(FollowUp.activity_id.in_([a.id for a in activities]))):
        follow_ups.setdefault(f.activity_id, []).append(f)
    for a in activities:
        f = shown_follow_up(follow_ups.get(a.id, []))
        yield (_day(a.occurred_at, period.tz), a.customer.name, a.user.name, ActivityType(a.type).label,
               a.raw_text, f.action if f else None, f.due_date if f else None)


def requirement_rows(s: Session, period: Period, owner_ids):
    R = Requirement
    query = owned_by(select(R, User.name).join(User, User.id == R.user_id).options(joinedload(R.customer))
                   .where(R.created_at >= period.start_utc, R.created_at < period.end_utc).order_by(R.created_at),
                   R.user_id, owner_ids)
    for r, name in s.execute(query):
        yield (_day(r.created_at, period.tz), r.customer.name, name, "/".join(r.tags or []), r.description,
               r.importance, r.status, r.amount, _day(r.responded_at, period.tz), _day(r.resolved_at, period.tz),
               r.customer.phone, r.note)


def order_rows(s: Session, period: Period, owner_ids):
    query = owned_by(select(Order, User.name).join(User, User.id == Order.owner_id)
                   .options(joinedload(Order.customer), joinedload(Order.opportunity))
                   .where(Order.ordered_on >= period.start, Order.ordered_on < period.end),
                   Order.owner_id, owner_ids)
    for o, name in sorted(s.execute(query), key=lambda row: code_order(row[0].code)):
        yield (o.code, o.customer.name, name, o.ordered_on, o.product, o.model, o.quantity, o.unit, o.amount,
               o.demand_type, o.status, o.fulfilment, o.satisfaction, o.delivered_on,
               o.opportunity.code if o.opportunity else None)


def quarter_rows(s: Session, period: Period, owner_ids):
    quarter = quarter_of(period.start, period.tz)
    months = [month(quarter.start.year, quarter.start.month + i, period.tz) for i in range(3)]
    for p in [*months, quarter]:
        k = kpis(s, p, owner_ids)
        yield (p.label, k.leads, k.won_customers, k.won_amount, k.conversion.value, k.average_deal.value,
               k.repeat_customers, k.repurchase.value, k.sales_days, k.sales_cycle.value)


def _before(value, today: date) -> bool:
    if isinstance(value, str):  # 下次计划: "2026-11-20 再跟进"
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return False
    if isinstance(value, datetime):
        value = value.date()
    return isinstance(value, date) and value < today


def _customer_mark(row: dict, today: date) -> str | None:
    return OVERDUE if _before(row["下次计划"], today) else None


def _opportunity_mark(row: dict, today: date) -> str | None:
    return OVERDUE if row["跟进阶段"] in OPEN_STAGE_LABELS and _before(row["预计成交"], today) else None


def _activity_mark(row: dict, today: date) -> str | None:
    return OVERDUE if _before(row["下次跟进"], today) else None


def _requirement_mark(row: dict, today: date) -> str | None:
    return URGENT if row["重要性"] == Importance.HIGH and row["跟进状态"] != RequirementStatus.RESOLVED else None


def _order_mark(row: dict, today: date) -> str | None:
    waiting = row["订单状态"] != OrderStatus.CANCELLED and row["履约状态"] not in (Fulfilment.DELIVERED, Fulfilment.AFTER_SALES)
    return URGENT if row["需求类型"] == DemandType.URGENT and waiting else None


C = Column
SHEETS = (
    Sheet("客户信息管理表", (C("客户名称", 28), C("简称", 14), C("所属行业"), C("地区"), C("规模", 8), C("客户类型", 9),
                      C("客户等级", 9), C("负责人", 10), C("来源渠道"), C("联系电话", 15), C("联系人", 30),
                      C("年采购额", 14, WAN), C("合作起始", 12, DAY), C("最近联系", 16, TIME), C("需求描述", 30),
                      C("需求阶段", 10), C("下次计划", 22), C("备注", 30)), customer_rows, _customer_mark),
    Sheet("销售机会跟进表", (C("机会编号", 16), C("客户名称", 28), C("负责人", 10), C("项目"), C("来源渠道"), C("跟进阶段"),
                      C("金额档位"), C("成交概率", 9), C("预计金额", 14, WAN), C("报价金额", 14, WAN),
                      C("合同金额", 14, WAN), C("预计成交", 12, DAY), C("创建时间", 16, TIME),
                      C("关闭时间", 16, TIME), C("流失原因"), *(C(field.label, 30) for field in DealRisk)),
          opportunity_rows, _opportunity_mark),
    Sheet("客户回访记录表", (C("回访时间", 16, TIME), C("客户名称", 28), C("跟进人", 10), C("回访方式", 9), C("回访内容", 40),
                      C("下一步"), C("下次跟进", 12, DAY)), activity_rows, _activity_mark),
    Sheet("客户需求分类表", (C("提出时间", 16, TIME), C("客户名称", 28), C("负责人", 10), C("需求分类", 16), C("需求描述", 36),
                      C("重要性", 8), C("跟进状态", 9), C("预算", 14, WAN), C("响应时间", 16, TIME),
                      C("解决时间", 16, TIME), C("联系方式", 15), C("备注", 30)),
          requirement_rows, _requirement_mark),
    Sheet("销售订单表", (C("订单编号", 14), C("客户名称", 28), C("负责人", 10), C("下单日期", 12, DAY), C("产品名称", 14),
                    C("型号"), C("数量", 8), C("单位", 6), C("订单金额", 14, WAN), C("需求类型"), C("订单状态"),
                    C("履约状态"), C("满足度"), C("交付日期", 12, DAY), C("机会编号", 16)), order_rows, _order_mark),
    Sheet("销售数据分析表(季度)", (C("期间", 12), C("线索", 8), C("成交客户", 9), C("成交额", 14, MONEY),
                          C("转化率", 9, PCT), C("客单价", 14, MONEY), C("二次合作客户", 12), C("复购率", 9, PCT),
                          C("总销售天数", 11), C("平均销售周期(天)", 16, "0.0")), quarter_rows),
)
