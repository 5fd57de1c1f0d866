"""The sales vocabulary, defined once: every stage, status, source and reason with its Chinese label.

Stored values never change (rows written before keep meaning the same); `.label` is what users read, and
`from_label` reads a label (or the value itself) back, for commands and imports."""
from __future__ import annotations

from enum import StrEnum


class Vocabulary(StrEnum):
    @property
    def label(self) -> str:
        # keyed by class too: members of different vocabularies share values ("other") and compare equal as str
        return LABELS.get((type(self).__name__, self.value), self.value)

    @classmethod
    def from_label(cls, word: str):
        """The member whose label or value is `word`; None when there is none."""
        word = (word or "").strip()
        for member in cls:
            if word in (member.value, member.label):
                return member
        return None

    @classmethod
    def labels(cls) -> tuple[str, ...]:
        return tuple(m.label for m in cls)


class Stage(Vocabulary):
    INITIAL = "initial"
    NEEDS = "needs"
    PROPOSAL = "proposal"
    NEGOTIATION = "negotiation"
    WON = "won"
    LOST = "lost"


OPEN_STAGES = (Stage.INITIAL, Stage.NEEDS, Stage.PROPOSAL, Stage.NEGOTIATION)
WIN_PATH = (*OPEN_STAGES, Stage.WON)
CLOSED_STAGES = (Stage.WON, Stage.LOST)
PIPELINE = (*WIN_PATH, Stage.LOST)
# Open deals this far along keep their customer out of the pool (公海), however long it has been quiet.
PAST_PROPOSAL = OPEN_STAGES[OPEN_STAGES.index(Stage.PROPOSAL) + 1:]


class Probability(Vocabulary):
    """Seed 002: 高 > 70 %, 中 30–70 %, 低 < 30 %."""

    HIGH = "高"
    MEDIUM = "中"
    LOW = "低"


# The probability a stage implies until the rep says otherwise (REPORT_SEMANTICS §4).
STAGE_PROBABILITY = {Stage.INITIAL: Probability.LOW, Stage.NEEDS: Probability.LOW, Stage.PROPOSAL: Probability.MEDIUM,
                     Stage.NEGOTIATION: Probability.HIGH, Stage.WON: Probability.HIGH, Stage.LOST: Probability.LOW}


class RequirementStatus(Vocabulary):
    OPEN = "未跟进"
    IN_PROGRESS = "跟进中"
    RESOLVED = "已解决"


class Importance(Vocabulary):
    HIGH = "高"
    MEDIUM = "中"
    LOW = "低"


class OrderStatus(Vocabulary):
    PENDING = "待处理"
    PROCESSED = "已处理"
    WON = "已成交"
    CANCELLED = "已取消"


class Fulfilment(Vocabulary):
    PRODUCTION = "生产中"
    DELIVERED = "已交付"
    AFTER_SALES = "售后回访"


class DemandType(Vocabulary):
    STANDARD = "标准品"
    CUSTOM = "定制化"
    URGENT = "紧急补货"


class Source(Vocabulary):
    ONLINE = "线上"
    FAIR = "展会"
    REFERRAL = "转介绍"
    VISIT = "拜访"
    OTHER = "其他"


class LostReason(Vocabulary):
    PRICE = "价格"
    COMPETITOR = "竞品"
    CANCELLED = "需求取消"
    BUDGET = "预算不足"
    OTHER = "其他"


class ActivityType(Vocabulary):
    VISIT = "visit"
    CALL = "call"
    MEETING = "meeting"
    EMAIL = "email"
    WECHAT = "wechat"
    DEMO = "demo"
    OTHER = "other"


class FollowUpStatus(Vocabulary):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class AmountKind(Vocabulary):
    BUDGET = "budget"
    QUOTE = "quote"
    CONTRACT = "contract"
    PAYMENT = "payment"
    OTHER = "other"


class DealRisk(Vocabulary):
    """Seed 001 模板2 / seed 002: what a deal's rep knows beyond stage and amounts. Values are the opportunity's
    columns, labels the templates' headers."""

    COMPETITION = "competition"
    RISK = "risk"
    MILESTONE = "milestone"
    DECISION_CHAIN = "decision_chain"

    @property
    def short(self) -> str:
        """The word of a confirmation line and of /商机 (竞争、风险、节点、决策)."""
        return {"competition": "竞争", "risk": "风险", "milestone": "节点", "decision_chain": "决策"}[self.value]

    @classmethod
    def from_word(cls, word: str) -> DealRisk | None:
        return cls.from_label(word) or next((m for m in cls if m.short == (word or "").strip()), None)


class CustomerKind(Vocabulary):
    NEW = "新"
    OLD = "老"


class Kpi(Vocabulary):
    """What a target can be set on; bot/reports/kpis.py computes each one (docs/targets.md defines them)."""

    WON_AMOUNT = "won_amount"
    WON_DEALS = "won_deals"
    NEW_CUSTOMERS = "new_customers"
    LEADS = "leads"
    CONVERSION = "conversion"
    REPURCHASE = "repurchase"
    AVERAGE_DEAL = "average_deal"
    VISITS = "visits"


class KpiUnit(Vocabulary):
    MONEY = "money"
    PERCENT = "percent"
    COUNT = "count"


KPI_UNITS = {Kpi.WON_AMOUNT: KpiUnit.MONEY, Kpi.AVERAGE_DEAL: KpiUnit.MONEY, Kpi.CONVERSION: KpiUnit.PERCENT,
             Kpi.REPURCHASE: KpiUnit.PERCENT, Kpi.WON_DEALS: KpiUnit.COUNT, Kpi.NEW_CUSTOMERS: KpiUnit.COUNT,
             Kpi.LEADS: KpiUnit.COUNT, Kpi.VISITS: KpiUnit.COUNT}
# Totals grow through a period, so a period in progress is compared with the share of the target its elapsed days
# imply; rates and averages are compared with the target itself.
CUMULATIVE_KPIS = (Kpi.WON_AMOUNT, Kpi.WON_DEALS, Kpi.NEW_CUSTOMERS, Kpi.LEADS, Kpi.VISITS)


class PeriodKind(Vocabulary):
    MONTH = "month"
    QUARTER = "quarter"


class ValueBand(Vocabulary):
    """The business's amount bands (ARCHITECTURE: 10万以下/10-50万/50-100万/100万以上), for deals and orders alike."""

    UNDER_10W = "10万以下"
    FROM_10W = "10-50万"
    FROM_50W = "50-100万"
    OVER_100W = "100万以上"

    @classmethod
    def of(cls, amount) -> "ValueBand | None":
        """The band an amount (in 元) falls in: each band holds its lower bound, so 10万 is 10-50万."""
        if amount is None:
            return None
        return next((band for band, upper in VALUE_BAND_UPPER.items() if upper is None or amount < upper))


# Each band's upper bound in 元 (exclusive), the last one open; reports group by the same bounds in SQL.
VALUE_BAND_UPPER: dict[ValueBand, int | None] = {ValueBand.UNDER_10W: 100_000, ValueBand.FROM_10W: 500_000,
                                                 ValueBand.FROM_50W: 1_000_000, ValueBand.OVER_100W: None}


# Requirement tags that are needs; 价格 and 竞品 describe the deal and open no requirement (REPORT_SEMANTICS §2).
NEED_TAGS = ("定制化", "标准品", "紧急补货", "交付", "售后服务", "培训", "集成对接", "质量", "合规", "试用")

LABELS: dict[tuple[str, str], str] = {(type(m).__name__, m.value): label for m, label in (
    (Stage.INITIAL, "初步接洽"), (Stage.NEEDS, "需求确认"), (Stage.PROPOSAL, "方案提交"), (Stage.NEGOTIATION, "商务谈判"),
    (Stage.WON, "合同签订"), (Stage.LOST, "已流失"),
    (ActivityType.VISIT, "拜访"), (ActivityType.CALL, "电话"), (ActivityType.MEETING, "会议"), (ActivityType.EMAIL, "邮件"),
    (ActivityType.WECHAT, "微信"), (ActivityType.DEMO, "演示"), (ActivityType.OTHER, "其他"),
    (FollowUpStatus.OPEN, "待办"), (FollowUpStatus.DONE, "已完成"), (FollowUpStatus.CANCELLED, "已取消"),
    (AmountKind.BUDGET, "预算"), (AmountKind.QUOTE, "报价"), (AmountKind.CONTRACT, "合同"), (AmountKind.PAYMENT, "回款"),
    (AmountKind.OTHER, "金额"),
    (Kpi.WON_AMOUNT, "成交额"), (Kpi.WON_DEALS, "成交单数"), (Kpi.NEW_CUSTOMERS, "新客户数"), (Kpi.LEADS, "线索数"),
    (Kpi.CONVERSION, "转化率"), (Kpi.REPURCHASE, "复购率"), (Kpi.AVERAGE_DEAL, "客单价"), (Kpi.VISITS, "拜访次数"),
    (KpiUnit.MONEY, "金额"), (KpiUnit.PERCENT, "百分比"), (KpiUnit.COUNT, "个数"),
    (PeriodKind.MONTH, "月度"), (PeriodKind.QUARTER, "季度"),
    (DealRisk.COMPETITION, "竞争情况"), (DealRisk.RISK, "风险评估"), (DealRisk.MILESTONE, "关键节点"),
    (DealRisk.DECISION_CHAIN, "决策链"),
)}  # the Chinese-valued vocabularies (statuses, sources, reasons) are their own labels
