"""python -m bot chat --as 张伟 [--group 华东销售群] [--now 2026-12-01T09:00]: type lines, get the bot's replies (same
dispatch as the webhooks; a chart or a workbook goes through the same outbox row, rendered here). With --now the bot's clock stands still at that local time for the whole session."""
from __future__ import annotations

import argparse
import sys
import uuid
from datetime import datetime
from pathlib import Path

from bot import clock, texts
from bot.handlers.attachments import render_here
from bot.services import Services
from bot.types import IncomingMessage

PROMPT = "> "


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="sender", default="张伟", help="who you are (a user's name)")
    parser.add_argument("--group", default=None, help="talk in this group chat instead of a single chat")
    parser.add_argument("--now", type=datetime.fromisoformat, default=None, metavar="2026-12-01T09:00",
                        help="the bot's clock stands at this local time (BOT_TIMEZONE) for the whole session")


def console_message(sender: str, text: str, group: str | None) -> IncomingMessage:
    return IncomingMessage(
        platform="console", sender_id=sender, sender_name=sender, text=text, message_id=uuid.uuid4().hex,
        received_at=clock.utcnow(), chat_id=group, is_group=group is not None, chat_title=group,
    )


def run(args: argparse.Namespace, services: Services) -> int:
    if args.now is None:
        return converse(args, services)
    frozen = clock.to_utc(args.now, services.settings.timezone)
    with clock.restored():
        clock.set_clock(lambda: frozen)
        return converse(args, services)


def converse(args: argparse.Namespace, services: Services) -> int:
    interactive = sys.stdin.isatty()
    where = f"群「{args.group}」" if args.group else "单聊"
    frozen = f"机器人的时间停在 {args.now:%Y-%m-%d %H:%M}。" if args.now else ""
    print(f"以 {args.sender} 的身份在{where}里和机器人对话。{frozen}发 /帮助 看命令，Ctrl-D 退出。", flush=True)
    while True:
        if interactive:
            print(PROMPT, end="", flush=True)
        line = sys.stdin.readline()
        if not line:
            return 0
        if not line.strip():
            continue
        msg = console_message(args.sender, line.rstrip("\n"), args.group)
        reply = render_here(services, services.dispatch(msg), f"reply:console:{msg.message_id}")
        print(reply.text, flush=True)
        if reply.actions:  # the terminal cannot click: show what each button would send
            print(texts.CHAT_BUTTONS.format(buttons=" | ".join(f"{a.label} = {a.text}" for a in reply.actions)), flush=True)
        if reply.image is not None:
            print(texts.CHAT_IMAGE.format(alt=reply.image.alt, path=save_image(services, reply.image.png)), flush=True)
        if reply.file_path:
            print(texts.CHAT_FILE.format(path=Path(reply.file_path).resolve()), flush=True)


def save_image(services: Services, png: bytes) -> Path:
    """A chart the bot sent, kept under instance/charts (removed after a day by the retention job)."""
    path = services.settings.instance_path / "charts" / f"chat-{datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png)
    return path
