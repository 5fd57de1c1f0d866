"""/免打扰 开|关: stop or resume the morning pushes for yourself (/待办 keeps working)."""
from __future__ import annotations

from bot import texts
from bot.commands.registry import command
from bot.context import Context

ON, OFF = ("开", "on", "开启", "打开"), ("关", "off", "关闭")


@command("免打扰", "mute")
def mute_command(ctx: Context, args: str) -> str:
    """开启或关闭每日待办推送
    用法：/免打扰 开 或 /免打扰 关；只发 /免打扰 看现在的状态"""
    choice = args.strip().lower()
    if choice in ON:
        ctx.user.muted = True
        return texts.MUTE_ON
    if choice in OFF:
        ctx.user.muted = False
        return texts.MUTE_OFF
    return texts.MUTE_STATUS.format(state=texts.MUTE_STATES[bool(ctx.user.muted)])
