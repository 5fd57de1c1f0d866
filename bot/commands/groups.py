"""/绑定 团队名 and /解绑: a manager ties a group chat to a team, which then gets the monthly summary."""
from __future__ import annotations

from sqlalchemy import select

from bot import texts
from bot.commands.registry import command
from bot.sales.errors import CommandError
from bot.context import Context
from bot.storage.models import GroupChat, Team
from bot.storage.users import team_by_name


def _this_group(ctx: Context) -> GroupChat | None:
    msg = ctx.message
    if not msg.is_group or not msg.chat_id:
        raise CommandError(texts.BIND_NOT_GROUP)
    return ctx.session.scalars(select(GroupChat).where(GroupChat.platform == msg.platform,
                                                       GroupChat.chat_id == msg.chat_id)).first()


@command("绑定", "bind")
def bind_command(ctx: Context, args: str) -> str:
    """把本群绑定到一个团队，每月第一个工作日推送上月小结（经理在群里发）
    用法：/绑定 团队名，比如 /绑定 华东销售部；/解绑 取消"""
    group = _this_group(ctx)
    if ctx.user.role not in ("manager", "admin"):
        raise CommandError(texts.BIND_NOT_MANAGER)
    if not args.strip():
        raise CommandError(texts.BIND_USAGE)
    team = team_by_name(ctx.session, args.strip())
    if team is None:
        names = "、".join(ctx.session.scalars(select(Team.name).order_by(Team.id)))
        raise CommandError(texts.BIND_NO_TEAM.format(name=args.strip(), names=names or texts.NONE))
    if ctx.user.role == "manager" and ctx.user.team_id != team.id:
        raise CommandError(texts.BIND_OTHER_TEAM.format(team=ctx.user.team.name if ctx.user.team else texts.NONE))
    if group is None:
        group = GroupChat(platform=ctx.message.platform, chat_id=ctx.message.chat_id)
        ctx.session.add(group)
    group.title = ctx.message.chat_title or group.title
    group.team_id, group.bound_by_id, group.bound_at = team.id, ctx.user.id, ctx.now
    return texts.BIND_DONE.format(team=team.name)


@command("解绑", "unbind")
def unbind_command(ctx: Context, args: str) -> str:
    """取消本群的团队绑定，不再推送月度小结（经理在群里发）
    用法：/解绑"""
    group = _this_group(ctx)
    if ctx.user.role not in ("manager", "admin"):
        raise CommandError(texts.BIND_NOT_MANAGER)
    if group is None or group.team_id is None:
        return texts.UNBIND_NONE
    group.team_id, group.bound_by_id, group.bound_at = None, ctx.user.id, ctx.now
    return texts.UNBIND_DONE
