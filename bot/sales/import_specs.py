"""What each importable sheet holds: its key, and per column the model attribute, the cell reader and the other
headers the templates (bot/shared seeds 000–004) use for it. docs/spreadsheets.md lists them for users."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from bot.sales import import_fields as F
from bot.sales.vocabulary import (ActivityType, CustomerKind, DealRisk, DemandType, Fulfilment, Importance,
                                  OrderStatus, Probability, RequirementStatus, Source, Stage, ValueBand, Vocabulary)
from bot.storage.models import Activity, Customer, Opportunity, Order, Requirement

REF_CUSTOMER, REF_OWNER, REF_OPPORTUNITY = "customer", "owner", "opportunity"
EXPORT_ONLY = "export only"  # a column the export fills from other records; an import leaves it alone
SATISFACTION = ("完全满足", "部分满足", "未满足")


def vocab(cls: type[Vocabulary], **template_words: str) -> Callable:
    """A reader of `cls`: its labels, its stored values, and the words a template writes for a member."""
    words = {m.label: m.value for m in cls} | {m.value: m.value for m in cls} | template_words
    return F.choice(words)


def _tier_words() -> dict[str, str]:
    # seed 001: A级(VIP客户) B级(重点客户) C级(普通客户) D级(潜在客户); a cell may hold any part of it
    names = {"A": "VIP客户", "B": "重点客户", "C": "普通客户", "D": "潜在客户"}
    words = {}
    for tier, name in names.items():
        for word in (tier, tier.lower(), f"{tier}级", f"{tier}级客户", name, f"{tier}级({name})", f"{tier}级（{name}）"):
            words[word] = tier
    return words


@dataclass(frozen=True)
class Field:
    header: str
    attr: str
    read: Callable | str
    required: bool = False  # needed to create the record (the key is always needed)
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kind:
    name: str  # customers / opportunities / activities / requirements / orders
    label: str  # what the import report calls one row
    model: type
    key: Field | None  # None: a row is found by its customer and its time (activities, requirements)
    fields: tuple[Field, ...]
    title_words: tuple[str, ...]  # words of a sheet title or file name naming this kind
    markers: tuple[str, ...] = ()  # attributes whose column alone says a sheet is of this kind
    owner_attr: str = "owner_id"

    def all_fields(self) -> tuple[Field, ...]:
        return (self.key, *self.fields) if self.key else self.fields


C = Field
CUSTOMERS = Kind("customers", "客户", Customer, C("客户名称", "name", F.text, True, ("客户全称", "公司名称")), (
    C("简称", "aliases", F.words_list, synonyms=("别名",)),
    C("所属行业", "industry", F.text, synonyms=("行业", "客户行业")),
    C("地区", "region", F.text, synonyms=("区域", "所在地区")), C("规模", "size", F.text, synonyms=("企业规模",)),
    C("客户类型", "kind", vocab(CustomerKind, 新客户="新", 老客户="老")),
    C("客户等级", "tier", F.choice(_tier_words()), synonyms=("等级", "客户级别")),
    C("负责人", "owner_id", REF_OWNER, True, ("跟进人", "销售负责人", "客户经理")),
    C("来源渠道", "source", vocab(Source), synonyms=("客户来源", "来源", "机会来源")),
    C("联系电话", "phone", F.text, synonyms=("电话", "联系方式")),
    C("联系人", "contacts", F.contacts, synonyms=("联系人信息",)),
    C("年采购额", "annual_purchase", F.money, synonyms=("年采购金额",)),
    C("合作起始", "cooperating_since", F.day, synonyms=("合作起始时间", "合作开始")),
    C("最近联系", "last_contact_at", F.moment, synonyms=("最后跟进时间", "最后跟进", "最近跟进")),
    C("需求描述", "requirement_summary", EXPORT_ONLY), C("需求阶段", "stage_summary", EXPORT_ONLY),
    C("下次计划", "next_plan", EXPORT_ONLY, synonyms=("下次跟进计划",)),
    C("备注", "note", F.text, synonyms=("备注说明",)),
), ("客户信息", "customer", "客户"))

OPPORTUNITIES = Kind("opportunities", "机会", Opportunity, C("机会编号", "code", F.code, True), (
    C("客户名称", "customer_id", REF_CUSTOMER, True), C("负责人", "owner_id", REF_OWNER, True, ("跟进人", "销售负责人")),
    C("项目", "title", F.text, synonyms=("项目名称", "机会名称")),
    C("来源渠道", "source", vocab(Source), synonyms=("机会来源", "来源")),
    C("跟进阶段", "stage", vocab(Stage, 方案确认="proposal", 方案对比="proposal", 成交="won", 已成交="won", 流失="lost"),
      True, ("当前阶段", "阶段", "当前跟进阶段")),
    C("金额档位", "value_band", vocab(ValueBand)),
    C("成交概率", "probability", vocab(Probability), synonyms=("概率",)),
    C("预计金额", "expected_amount", F.money, synonyms=("预计成交金额", "预算")),
    C("报价金额", "quote_amount", F.money, synonyms=("报价",)), C("合同金额", "contract_amount", F.money),
    C("预计成交", "expected_close", F.day, synonyms=("预计成交日期", "预计成交时间")),
    C("创建时间", "created_at", F.moment), C("关闭时间", "closed_at", F.moment), C("流失原因", "lost_reason", F.text),
    *(C(risk.label, risk.value, F.text) for risk in DealRisk),
), ("机会", "opportunit", "商机"), ("code",))

ACTIVITIES = Kind("activities", "回访", Activity, None, (
    C("回访时间", "occurred_at", F.moment, True, ("回访日期", "跟进时间", "沟通时间")),
    C("客户名称", "customer_id", REF_CUSTOMER, True),
    C("跟进人", "user_id", REF_OWNER, True, ("回访人", "负责人")),
    C("回访方式", "type", vocab(ActivityType, 上门拜访="visit", 电话回访="call", 视频会议="meeting", 线上会议="meeting"),
      synonyms=("跟进方式", "沟通方式")),
    C("回访内容", "raw_text", F.text, synonyms=("客户反馈", "沟通内容", "沟通记录")),
    C("下一步", "next_action", F.text, synonyms=("处理措施", "下一步计划")),
    C("下次跟进", "next_due", F.day, synonyms=("完成时限", "下次跟进时间")),
), ("回访", "activit", "跟进记录"), ("occurred_at", "type"), "user_id")

REQUIREMENTS = Kind("requirements", "需求", Requirement, None, (
    C("提出时间", "created_at", F.moment), C("客户名称", "customer_id", REF_CUSTOMER, True),
    C("负责人", "user_id", REF_OWNER, True, ("跟进人",)),
    C("需求分类", "tags", F.words_list, synonyms=("需求类型",)), C("需求描述", "description", F.text),
    C("重要性", "importance", vocab(Importance), synonyms=("重要性评估", "重要程度")),
    C("跟进状态", "status", vocab(RequirementStatus), synonyms=("跟进情况", "状态")),
    C("预算", "amount", F.money, synonyms=("预算金额",)),
    C("响应时间", "responded_at", F.moment), C("解决时间", "resolved_at", F.moment),
    C("联系方式", "contact_phone", EXPORT_ONLY), C("备注", "note", F.text, synonyms=("备注说明",)),
), ("需求", "requirement"), ("tags",), "user_id")

ORDERS = Kind("orders", "订单", Order, C("订单编号", "code", F.code, True), (
    C("客户名称", "customer_id", REF_CUSTOMER, True), C("负责人", "owner_id", REF_OWNER, True, ("销售负责人", "跟进人")),
    C("下单日期", "ordered_on", F.day, True, ("下单时间",)), C("产品名称", "product", F.text, synonyms=("产品",)),
    C("型号", "model", F.text, synonyms=("产品型号",)), C("数量", "quantity", F.integer, synonyms=("需求数量",)),
    C("单位", "unit", F.text), C("订单金额", "amount", F.money, True, ("金额",)),
    C("需求类型", "demand_type", vocab(DemandType)), C("订单状态", "status", vocab(OrderStatus)),
    C("履约状态", "fulfilment", vocab(Fulfilment), synonyms=("当前跟进阶段",)),
    C("满足度", "satisfaction", F.choice({w: w for w in SATISFACTION}), synonyms=("需求满足度",)),
    C("交付日期", "delivered_on", F.day), C("机会编号", "opportunity_id", REF_OPPORTUNITY),
), ("订单", "order"), ("code",))

KINDS = (CUSTOMERS, OPPORTUNITIES, ACTIVITIES, REQUIREMENTS, ORDERS)  # import order: references point backwards
_BRACKETS = re.compile(r"[(（][^)）]*[)）]|\s")


def normal_header(header: str) -> str:
    """A header without spaces and bracketed notes: 预计成交金额(元) and 预计成交金额 are one column."""
    return _BRACKETS.sub("", header or "")


def columns_of(kind: Kind, headers: list[str]) -> tuple[dict[str, int], list[str]]:
    """(field attr -> column index, headers nobody reads) for a sheet of `kind`."""
    by_name = {normal_header(name): f for f in kind.all_fields() for name in (f.header, *f.synonyms)}
    found, unknown = {}, []
    for i, header in enumerate(headers):
        f = by_name.get(header) or by_name.get(normal_header(header))
        if f is None:
            if header:
                unknown.append(header)
        elif f.attr not in found:
            found[f.attr] = i
    return found, unknown


def kind_for(headers: list[str], title: str, file_name: str) -> Kind | None:
    """The sheet's title names its kind (客户回访记录表 → 回访); else a column only that kind has (机会编号, 订单编号,
    回访时间, 需求分类); else 客户名称 as the first column; else a word of the file name."""
    for kind in (ACTIVITIES, REQUIREMENTS, OPPORTUNITIES, ORDERS, CUSTOMERS):
        if any(w in title.lower() for w in kind.title_words):
            return kind
    for kind in (OPPORTUNITIES, ORDERS, ACTIVITIES, REQUIREMENTS):
        if any(m in columns_of(kind, headers)[0] for m in kind.markers):
            return kind
    if headers and columns_of(CUSTOMERS, headers[:1])[0]:
        return CUSTOMERS
    lowered = file_name.lower()
    return next((kind for kind in KINDS if any(w in lowered for w in kind.title_words)), None)


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
