"""/帮助: the command list, built from the commands' docstrings."""
from __future__ import annotations

from bot import texts
from bot.commands.registry import all_commands, command, find
from bot.sales.errors import CommandError
from bot.context import Context


@command("帮助", "help", "?", "？")
def help_command(ctx: Context, args: str) -> str:
    """列出全部命令，或看一个命令的用法
    用法：/帮助 [命令名]，例如 /帮助 待办"""
    name = args.strip().lstrip("/／")
    if name:
        cmd = find(name)
        if cmd is None:
            raise CommandError(texts.UNKNOWN_COMMAND.format(name=name))
        aliases = texts.HELP_ALIASES.format(aliases="、".join(f"/{a}" for a in cmd.aliases)) if cmd.aliases else ""
        return texts.HELP_ONE.format(name=cmd.name, aliases=aliases, doc=cmd.doc)
    lines = [texts.HELP_HEADER]
    lines += [texts.HELP_LINE.format(name=c.name, summary=c.summary) for c in all_commands()]
    lines.append(texts.HELP_FOOTER)
    return "\n".join(lines)
