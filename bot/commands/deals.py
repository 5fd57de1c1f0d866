"""/阶段 /赢单 /输单 move a deal, /商机 shows or sets its risk fields, /取消订单 cancels an order; each change is filed
as a report, so /撤销 takes it back."""
from __future__ import annotations

from bot import texts
from bot.commands.registry import command
from bot.context import Context
from bot.formatting import money
from bot.sales import customers, deal_risks
from bot.sales.confirm import risk_line
from bot.sales.corrections import stage_named
from bot.sales.errors import CommandError
from bot.sales.orders import cancel_by_code
from bot.sales.parsing import EMPTY_REPORT, amount_typed
from bot.sales.questions import file_and_confirm
from bot.sales.vocabulary import AmountKind, DealRisk, LostReason, Stage
from bot.storage.models import Customer
from bot.storage.opportunities import open_opportunity
from bot.types import Reply

USAGE_STAGE = texts.USAGE_STAGE.format(stages="、".join(Stage.labels()))


def _args(args: str, usage: str) -> tuple[str, str]:
    name, _, rest = args.strip().partition(" ")
    if not name or not rest.strip():
        raise CommandError(usage)
    return name, rest.strip()


def _file(ctx: Context, customer: Customer, **fields) -> str | Reply:
    parsed = {**EMPTY_REPORT, "customer": {"text": customer.name, "match": customer.name, "score": 100}, **fields}
    return file_and_confirm(ctx, f"/{ctx.message.text.strip().lstrip('/／')}", parsed, customer)


@command("阶段", "stage")
def stage_command(ctx: Context, args: str) -> str | Reply:
    """把客户的商机改到某个阶段
    用法：/阶段 客户 阶段，例如 /阶段 华为 方案提交"""
    name, word = _args(args, USAGE_STAGE)
    stage = stage_named(word)
    if stage is None:
        raise CommandError(f"{texts.STAGE_UNKNOWN.format(stage=word)}\n{USAGE_STAGE}")
    intent = stage.value if stage in (Stage.WON, Stage.LOST) else "stage_change"
    return _file(ctx, customers.for_command(ctx.session, ctx.user, name, USAGE_STAGE), intent=intent,
                 stage=stage.value)


@command("赢单", "won")
def won_command(ctx: Context, args: str) -> str | Reply:
    """记一笔赢单：商机进入合同签订，生成已成交订单，重算客户等级
    用法：/赢单 客户 金额，例如 /赢单 华为 120万"""
    name, text = _args(args, texts.USAGE_WON)
    amount = amount_typed(text)
    if amount is None:
        raise CommandError(f"{texts.AMOUNT_UNREADABLE.format(text=text)}\n{texts.USAGE_WON}")
    customer = customers.for_command(ctx.session, ctx.user, name, texts.USAGE_WON)
    return _file(ctx, customer, intent="won", stage=Stage.WON.value,
                 amounts=[{"kind": AmountKind.CONTRACT.value, "value": amount, "value_max": None}])


@command("输单", "lost")
def lost_command(ctx: Context, args: str) -> str | Reply:
    """记一笔输单和原因
    用法：/输单 客户 原因，例如 /输单 海尔 价格"""
    name, reason = _args(args, texts.USAGE_LOST)
    customer = customers.for_command(ctx.session, ctx.user, name, texts.USAGE_LOST)
    if open_opportunity(ctx.session, customer.id) is None:
        raise CommandError(texts.NO_OPEN_DEAL.format(customer=customer.name))
    reason = LostReason.from_label(reason) or LostReason.OTHER
    return _file(ctx, customer, intent="lost", stage=Stage.LOST.value, lost_reason=reason.value)


@command("商机", "deal")
def deal_risk_command(ctx: Context, args: str) -> str:
    """看或改商机的竞争情况、风险评估、关键节点、决策链
    用法：/商机 客户 看四项；/商机 客户 字段 内容 改一项（字段：竞争、风险、节点、决策；内容写 - 清空），
    例如 /商机 华为 竞争 西门子报价45万、/商机 华为 决策 技术部评估后采购总监定"""
    name, _, rest = args.strip().partition(" ")
    if not name:
        raise CommandError(texts.USAGE_DEAL_RISK)
    customer = customers.for_command(ctx.session, ctx.user, name, texts.USAGE_DEAL_RISK)
    word, _, text = rest.strip().partition(" ")
    if not word:
        return _deal_risks(customer, deal_risks.open_deal(ctx, customer))
    field = DealRisk.from_word(word)
    if field is None:
        raise CommandError(f"{texts.DEAL_RISK_FIELD_UNKNOWN.format(word=word)}\n{texts.USAGE_DEAL_RISK}")
    if not text.strip():
        raise CommandError(texts.USAGE_DEAL_RISK)
    opp, changed = deal_risks.set_field(ctx, customer, field, text)
    return texts.DEAL_RISK_SET.format(customer=customer.name, code=opp.code, line=risk_line(changed))


def _deal_risks(customer: Customer, opp) -> str:
    lines = [texts.DEAL_RISK_HEAD.format(customer=customer.name, code=opp.code, stage=Stage(opp.stage).label)]
    lines += [texts.CARD_RISK.format(field=f.label, text=getattr(opp, f.value)) for f in DealRisk
              if getattr(opp, f.value)]
    if len(lines) == 1:
        lines.append(texts.DEAL_RISK_EMPTY.format(customer=customer.name))
    return "\n".join(lines)


@command("取消订单", "cancelorder")
def cancel_order_command(ctx: Context, args: str) -> str:
    """把一笔订单改为已取消，记下原因（发 /撤销 可撤回）
    用法：/取消订单 订单号 原因，例如 /取消订单 SO202612001 客户预算取消"""
    code, reason = _args(args, texts.USAGE_CANCEL_ORDER)
    order = cancel_by_code(ctx, code, reason)
    return texts.ORDER_CANCELLED.format(code=order.code, customer=order.customer.name, amount=money(order.amount),
                                        reason=reason)
