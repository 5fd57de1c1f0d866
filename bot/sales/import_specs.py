"""What each importable sheet holds: its key column and, per header, the model attribute and the cell parser."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from bot.sales import import_fields as F
from bot.sales.vocabulary import DealRisk, Source, Stage, ValueBand
from bot.storage.models import Customer, Opportunity, Order

STAGE_LABELS = {stage.label: stage.value for stage in Stage}
BANDS = ValueBand.labels()
LOCAL = "moment"  # parser needing the time zone


@dataclass(frozen=True)
class Field:
    header: str
    attr: str
    parse: Callable | str
    required: bool = False


@dataclass(frozen=True)
class Kind:
    name: str  # customers / opportunities / orders
    model: type
    key: Field
    fields: tuple[Field, ...]
    file_words: tuple[str, ...]


REF_CUSTOMER, REF_OWNER, REF_OPPORTUNITY = "customer", "owner", "opportunity"

CUSTOMERS = Kind("customers", Customer, Field("客户名称", "name", F.text, True), (
    Field("简称", "aliases", F.aliases), Field("所属行业", "industry", F.text), Field("地区", "region", F.text),
    Field("规模", "size", F.text), Field("客户类型", "kind", F.choice(("新", "老"))),
    Field("客户等级", "tier", F.choice(("A", "B", "C", "D"))), Field("负责人", "owner_id", REF_OWNER, True),
    Field("来源渠道", "source", F.choice(Source.labels())), Field("联系电话", "phone", F.text),
    Field("年采购额", "annual_purchase", F.money), Field("合作起始", "cooperating_since", F.day),
    Field("最近联系", "last_contact_at", LOCAL),
), ("customer", "客户"))

OPPORTUNITIES = Kind("opportunities", Opportunity, Field("机会编号", "code", F.pattern(r"\d{6}-[A-Z]{2,8}-\d{3,}", "202405-SAL-001"), True), (
    Field("客户名称", "customer_id", REF_CUSTOMER, True), Field("负责人", "owner_id", REF_OWNER, True),
    Field("项目", "title", F.text), Field("来源渠道", "source", F.choice(Source.labels())),
    Field("跟进阶段", "stage", F.choice(tuple(Stage), STAGE_LABELS), True),
    Field("金额档位", "value_band", F.choice(BANDS)), Field("成交概率", "probability", F.choice(("高", "中", "低"))),
    Field("预计金额", "expected_amount", F.money), Field("报价金额", "quote_amount", F.money),
    Field("合同金额", "contract_amount", F.money), Field("预计成交", "expected_close", F.day),
    Field("创建时间", "created_at", LOCAL), Field("关闭时间", "closed_at", LOCAL), Field("流失原因", "lost_reason", F.text),
    *(Field(risk.label, risk.value, F.text) for risk in DealRisk),
), ("opportunit", "机会", "商机"))

ORDERS = Kind("orders", Order, Field("订单编号", "code", F.pattern(r"SO\d{9,}", "SO202405001"), True), (
    Field("客户名称", "customer_id", REF_CUSTOMER, True), Field("负责人", "owner_id", REF_OWNER, True),
    Field("下单日期", "ordered_on", F.day, True), Field("产品名称", "product", F.text), Field("型号", "model", F.text),
    Field("数量", "quantity", F.integer), Field("单位", "unit", F.text), Field("订单金额", "amount", F.money, True),
    Field("需求类型", "demand_type", F.choice(("标准品", "定制化", "紧急补货"))),
    Field("订单状态", "status", F.choice(("待处理", "已处理", "已成交", "已取消"))),
    Field("履约状态", "fulfilment", F.choice(("生产中", "已交付", "售后回访"))),
    Field("满足度", "satisfaction", F.choice(("完全满足", "部分满足", "未满足"))),
    Field("交付日期", "delivered_on", F.day), Field("机会编号", "opportunity_id", REF_OPPORTUNITY),
), ("order", "订单"))

KINDS = (CUSTOMERS, OPPORTUNITIES, ORDERS)  # import order: references point backwards


def kind_for(headers: list[str], file_name: str) -> Kind | None:
    """The first header names the kind (客户名称/机会编号/订单编号); else a word in the file name, if its key column is there."""
    for kind in KINDS:
        if headers and headers[0] == kind.key.header:
            return kind
    lowered = file_name.lower()
    for kind in reversed(KINDS):
        if any(w in lowered for w in kind.file_words) and kind.key.header in headers:
            return kind
    return None


@dataclass(frozen=True)
class TargetSheet:
    """The 目标 sheet: one target per row, keyed by (周期, 负责人或团队, 指标). Applied by bot/sales/target_import.py,
    not the generic upsert: its key is three columns and its subject is a rep or a team."""

    columns: dict[str, tuple[str, ...]]  # column -> the headers accepted for it, the first is the canonical one
    file_words: tuple[str, ...]

    def header_of(self, headers: list[str], column: str) -> int | None:
        return next((i for i, h in enumerate(headers) if h in self.columns[column]), None)

    def matches(self, headers: list[str], title: str) -> bool:
        """Every column is there; or the sheet is called 目标… and has the value column."""
        if all(self.header_of(headers, c) is not None for c in self.columns):
            return True
        return any(w in title.lower() for w in self.file_words) and self.header_of(headers, "value") is not None


TARGETS = TargetSheet({
    "period": ("周期", "期间", "月份", "季度"),
    "who": ("负责人或团队", "负责人/团队", "负责人", "团队", "销售", "跟进人"),
    "kpi": ("指标", "KPI", "考核指标"),
    "value": ("目标值", "目标"),
}, ("target", "目标"))
