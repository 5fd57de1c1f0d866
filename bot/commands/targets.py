"""/目标: managers set a month's or a quarter's target for their team or a rep; everyone sees theirs with progress."""
from __future__ import annotations

from dataclasses import dataclass, field

from bot import texts
from bot.commands.registry import command
from bot.context import Context
from bot.reports.audience import base_scope, bound_team_id, person_scope
from bot.reports.kpis import kpi_table
from bot.reports.period import Period, parse_period, quarter_of
from bot.reports.target_text import target_list
from bot.reports.targets import target_progress
from bot.sales.errors import CommandError
from bot.sales.parsing import looks_like_figure, target_value
from bot.sales.targets import Subject, set_target, subject_named
from bot.sales.vocabulary import KPI_UNITS, Kpi
from bot.storage.models import Team

KPI_NAMES = "、".join(Kpi.labels())


@dataclass
class Words:
    """The arguments in any order: a period, a KPI, a value (成交额300万 may be one word), names."""

    period: Period | None = None
    kpi: Kpi | None = None
    value: str | None = None
    names: list[str] = field(default_factory=list)


def read_words(ctx: Context, args: str) -> Words:
    words = Words()
    for word in args.split():
        period = parse_period(word, ctx.today, ctx.tz)
        joined = next((k for k in Kpi if word.startswith(k.label) and len(word) > len(k.label)), None)
        if period is not None:
            words.period = period
        elif Kpi.from_label(word) is not None:
            words.kpi = Kpi.from_label(word)
        elif joined is not None:
            words.kpi, words.value = joined, word[len(joined.label):]
        elif looks_like_figure(word):
            words.value = word
        else:
            words.names.append(word)
    return words


@command("目标", "target", "mb")
def target_command(ctx: Context, args: str) -> str:
    """目标：经理给本组或组员设月度、季度目标；/业绩 和月度小结对比目标，落后超过15%标⚠️
    用法：/目标 本月 成交额 300万（群里或不写名字＝本组）；/目标 张伟 本季度 转化率 35%；只发 /目标 看目标和进度
    指标：成交额、成交单数、新客户数、线索数、转化率、复购率、客单价、拜访次数"""
    words = read_words(ctx, args)
    if words.kpi is None and words.value is None:
        return show_targets(ctx, words)
    if ctx.user.role == "rep":
        raise CommandError(texts.TARGET_MANAGERS_ONLY)
    usage = texts.USAGE_TARGET.format(kpis=KPI_NAMES)
    if words.kpi is None:
        if words.names:
            raise CommandError(texts.TARGET_UNKNOWN_KPI.format(word=words.names[-1], kpis=KPI_NAMES))
        raise CommandError(usage)
    if words.value is None or len(words.names) > 1:
        raise CommandError(usage)
    value = target_value(words.kpi, words.value)
    if value is None:
        example = texts.TARGET_VALUE_EXAMPLES[KPI_UNITS[words.kpi].value]
        raise CommandError(texts.TARGET_BAD_VALUE.format(kpi=words.kpi.label, word=words.value, example=example))
    subject = subject_named(ctx, words.names[0]) if words.names else own_team(ctx)
    period = words.period or parse_period("", ctx.today, ctx.tz)
    return set_target(ctx, period, subject, words.kpi, value)


def own_team(ctx: Context) -> Subject:
    """No name: the group's team in a bound group, else the sender's team."""
    team_id = bound_team_id(ctx)
    if team_id is None:
        team_id = ctx.user.team_id
    elif ctx.user.role != "admin" and ctx.user.team_id != team_id:
        raise CommandError(texts.GROUP_NOT_YOUR_TEAM)
    team = ctx.session.get(Team, team_id) if team_id is not None else None
    if team is None:
        raise CommandError(texts.TARGET_NEEDS_TEAM)
    return Subject(team.name, team=team)


def show_targets(ctx: Context, words: Words) -> str:
    """The targets in force (this month's and this quarter's, or the period asked) with their progress."""
    if len(words.names) > 1:
        raise CommandError(texts.USAGE_TARGET.format(kpis=KPI_NAMES))
    scope = person_scope(ctx, words.names[0]) if words.names else base_scope(ctx)
    periods = [words.period] if words.period else [parse_period("", ctx.today, ctx.tz), quarter_of(ctx.today, ctx.tz)]
    progress = [target_progress(ctx.session, p, scope, kpi_table(ctx.session, p, scope.owner_ids), ctx.today)
                for p in periods]
    shown = [p for p in progress if p.gaps] or progress[:1]
    return "\n".join(line for p in shown for line in target_list(p, scope.label))
