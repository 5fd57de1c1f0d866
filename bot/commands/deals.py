"""/阶段 /赢单 /输单: move a deal by command; filed as a report, so /撤销 takes it back."""
from __future__ import annotations

from bot import texts
from bot.commands.registry import CommandError, command
from bot.context import Context
from bot.intake import parsing
from bot.intake.corrections import STAGE_WORDS, read_amount
from bot.intake.matching import teammate_customer
from bot.intake.questions import file_and_confirm
from bot.storage import customers as repo
from bot.storage.models import Customer
from bot.storage.opportunities import open_opportunity
from bot.types import Reply

LOST_REASONS = ("价格", "竞品", "需求取消", "预算不足", "其他")


def command_customer(ctx: Context, query: str, usage: str) -> Customer:
    """The one customer `query` names among those the sender may report on."""
    found = repo.search(ctx.session, query, parsing.visible_list(ctx.session, ctx.user))
    if not found:
        teammate = teammate_customer(ctx.session, ctx.user, query)
        found = [teammate] if teammate is not None else []
    if not found:
        raise CommandError(f"{texts.CUSTOMER_NOT_FOUND.format(query=query)}\n{usage}")
    if len(found) > 1:
        raise CommandError(texts.CUSTOMER_AMBIGUOUS.format(names="、".join(c.name for c in found[:5]),
                                                           first=f"{found[0].name} …"))
    return found[0]


def _args(args: str, usage: str) -> tuple[str, str]:
    name, _, rest = args.strip().partition(" ")
    if not name or not rest.strip():
        raise CommandError(usage)
    return name, rest.strip()


def _file(ctx: Context, customer: Customer, **fields) -> str | Reply:
    parsed = {**parsing.EMPTY_RESULT, "customer": {"text": customer.name, "match": customer.name, "score": 100},
              **fields}
    return file_and_confirm(ctx, f"/{ctx.message.text.strip().lstrip('/／')}", parsed, customer)


@command("阶段", "stage")
def stage_command(ctx: Context, args: str) -> str | Reply:
    """把客户的商机改到某个阶段
    用法：/阶段 客户 阶段，例如 /阶段 华为 方案提交"""
    name, word = _args(args, texts.USAGE_STAGE)
    if word not in STAGE_WORDS and word not in texts.STAGES:
        raise CommandError(f"{texts.STAGE_UNKNOWN.format(stage=word)}\n{texts.USAGE_STAGE}")
    stage = STAGE_WORDS.get(word, word)
    intent = stage if stage in ("won", "lost") else "stage_change"
    return _file(ctx, command_customer(ctx, name, texts.USAGE_STAGE), intent=intent, stage=stage)


@command("赢单", "won")
def won_command(ctx: Context, args: str) -> str | Reply:
    """记一笔赢单：商机进入合同签订，生成订单，重算客户等级
    用法：/赢单 客户 金额，例如 /赢单 华为 120万"""
    name, text = _args(args, texts.USAGE_WON)
    amount = read_amount(ctx, text)
    if amount is None:
        raise CommandError(f"{texts.AMOUNT_UNREADABLE.format(text=text)}\n{texts.USAGE_WON}")
    customer = command_customer(ctx, name, texts.USAGE_WON)
    return _file(ctx, customer, intent="won", stage="won",
                 amounts=[{"kind": "contract", "value": amount, "value_max": None}])


@command("输单", "lost")
def lost_command(ctx: Context, args: str) -> str | Reply:
    """记一笔输单和原因
    用法：/输单 客户 原因，例如 /输单 海尔 价格"""
    name, reason = _args(args, texts.USAGE_LOST)
    customer = command_customer(ctx, name, texts.USAGE_LOST)
    if open_opportunity(ctx.session, customer.id) is None:
        raise CommandError(texts.NO_OPEN_DEAL.format(customer=customer.name))
    reason = reason if reason in LOST_REASONS else "其他"
    return _file(ctx, customer, intent="lost", stage="lost", lost_reason=reason)
