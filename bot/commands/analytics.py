"""/漏斗 /本月漏斗 /业绩 /分析 /预测: the funnel, the KPIs, the forecast and the multi-dimension analysis, for whom the chat may see."""
from __future__ import annotations

from bot import texts
from bot.commands.registry import command
from bot.sales.errors import CommandError
from bot.context import Context
from bot.reports.analysis_text import TREND_WORD, TRENDS, analysis_text, menu, topic_key
from bot.reports.audience import base_scope, person_scope
from bot.reports.chart_replies import trend_months, trend_text
from bot.reports.forecast import forecast
from bot.reports.forecast_text import forecast_text
from bot.reports.funnel import funnels
from bot.reports.funnel_text import funnel_text
from bot.reports.kpi_text import kpi_report
from bot.reports.period import Period, parse_period
from bot.reports.rendering import FUNNEL_CHART, TREND_CHART, promise
from bot.reports.scope import Scope
from bot.types import Reply

def period_and_scope(ctx: Context, args: str, allow_quarter: bool) -> tuple[Period, Scope]:
    """Words in any order: a period (本月, 上月, 2026-10 …) and/or a person's name."""
    period, scope = None, None
    for word in args.split():
        found = parse_period(word, ctx.today, ctx.tz, allow_quarter)
        if found is not None:
            period = found
        elif any(ch.isdigit() for ch in word):
            raise CommandError(texts.PERIOD_UNKNOWN.format(word=word))
        else:
            scope = person_scope(ctx, word)
    return period or parse_period("", ctx.today, ctx.tz), scope or base_scope(ctx)


@command("漏斗", "本月漏斗", "funnel")
def funnel_command(ctx: Context, args: str) -> str:
    """销售漏斗：各阶段商机数、转化率、金额，对比上月
    用法：/本月漏斗；/漏斗 上月；/漏斗 2026-10；/漏斗 张伟（经理看组员）"""
    period, scope = period_and_scope(ctx, args, allow_quarter=False)
    report, previous = funnels(ctx.session, [period, period.previous()], scope.owner_ids)
    return funnel_text(report, previous, scope)


@command("业绩", "kpi")
def kpi_command(ctx: Context, args: str) -> str:
    """业绩指标：转化率、客单价、复购率、平均销售周期（附分子分母），有目标时对比目标
    用法：/业绩；/业绩 上月；/业绩 本季度；/业绩 张伟（目标用 /目标 设）"""
    period, scope = period_and_scope(ctx, args, allow_quarter=True)
    return kpi_report(ctx.session, period, scope, ctx.today)


@command("分析", "analysis")
def analysis_command(ctx: Context, args: str) -> str:
    """多维度分析：区域、金额档、产品、需求分类趋势、行业、新老客户、来源、输单原因、紧急订单、预算、响应
    用法：/分析 区域；/分析 金额档 上月；/分析 产品 本季度；/分析 需求 趋势；/分析 新老客户 张伟；/分析（列出可选项）"""
    words = args.split()
    topics = [topic_key(w) for w in words]
    chosen = next((t for t in topics if t), None)
    trend = TREND_WORD in words
    if trend and chosen not in TRENDS:
        raise CommandError(texts.ANALYSIS_TREND_ONLY.format(topics="、".join(TRENDS)))
    if chosen is None:  # the choices, with this month's urgent-order alarm for whom the chat may see
        period, scope = period_and_scope(ctx, "", allow_quarter=True)
        return menu(ctx.session, period, scope.owner_ids)
    rest = " ".join(w for w, t in zip(words, topics) if not t and w != TREND_WORD)
    period, scope = period_and_scope(ctx, rest, allow_quarter=True)
    return analysis_text(ctx.session, chosen, period, scope.label, scope.owner_ids)


@command("漏斗图", "funnelchart")
def funnel_chart_command(ctx: Context, args: str) -> Reply:
    """销售漏斗图（图片；不支持图片的渠道发文字）
    用法：/漏斗图；/漏斗图 上月；/漏斗图 张伟"""
    period, scope = period_and_scope(ctx, args, allow_quarter=False)
    report, previous = funnels(ctx.session, [period, period.previous()], scope.owner_ids)
    text = funnel_text(report, previous, scope)
    if not report.team.total:
        return Reply(text)
    return Reply(f"{text}\n{texts.CHART_COMING}", attachment=promise(FUNNEL_CHART, period, scope))


@command("趋势", "trend")
def trend_command(ctx: Context, args: str) -> Reply:
    """近6个月订单趋势图（按下单日期：订单额与单数，含已成交单数）
    用法：/趋势；/趋势 张伟；/趋势 上月（到上月为止的6个月）"""
    period, scope = period_and_scope(ctx, args, allow_quarter=False)
    text = trend_text(trend_months(ctx.session, period, scope.owner_ids), scope.label)
    return Reply(f"{text}\n{texts.CHART_COMING}", attachment=promise(TREND_CHART, period, scope))


@command("预测", "forecast")
def forecast_command(ctx: Context, args: str) -> str:
    """成交预测：预计在本期成交的在谈商机，按可能性加权（高0.8 中0.5 低0.15）
    用法：/预测；/预测 下月；/预测 本季度；/预测 张伟（经理看组员）"""
    period, scope = period_and_scope(ctx, args, allow_quarter=True)
    return forecast_text(forecast(ctx.session, period, scope.owner_ids), scope, ctx.message.is_group)
