"""python -m bot replay FILE|-: a conversation as JSON lines in, one JSON line out for each (docs/replay_export.md).

Every line is checked before it acts, so a malformed line stops the replay (exit 2) with nothing of it stored. The
bot's clock stands at each line's `at`. Pushes never reach a platform: the replay's services send everything to the
console channel, and a job line reads back from the outbox what its job sent.
"""
from __future__ import annotations

import argparse
import io
import json
import sys
import traceback
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Iterable, TextIO

from sqlalchemy import func, or_, select

from bot import clock, texts
from bot.services import Services
from bot.settings import Settings

# Subcommands a run line may not start: they never end by themselves or read the replay's own input.
ENDLESS = ("chat", "serve", "stream", "replay")


class BadLine(ValueError):
    """A line replay cannot act on; its text says why."""


@dataclass(frozen=True)
class Step:
    line: dict[str, Any]
    kind: str  # message | run | job | export | comment
    at: datetime | None  # aware UTC


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="JSON lines (one object a line), or - to read standard input")


def run(args: argparse.Namespace, services: Services) -> int:
    if args.file == "-":
        return replay(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8"), services, sys.stdout)
    try:
        source = open(args.file, encoding="utf-8")
    except OSError as exc:
        print(texts.REPLAY_NO_FILE.format(file=args.file, error=exc.strerror), file=sys.stderr)
        return 2
    with source:
        return replay(source, services, sys.stdout)


def console_only(services: Services) -> Services:
    """The same database with every push forced to the console channel, whatever platforms are configured."""
    return replace(services, settings=Settings({**services.settings.values, "BOT_CONSOLE_PUSHES": "1"}))


def replay(lines: Iterable[str], services: Services, out: TextIO) -> int:
    """Act on each line in order and write its result line; 2 at the first malformed line."""
    services = console_only(services)
    tz = services.settings.timezone
    last_at: datetime | None = None
    with clock.restored():
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            try:
                step = read_step(raw, tz, last_at)
            except BadLine as exc:
                print(texts.REPLAY_BAD_LINE.format(line=number, problem=exc), file=sys.stderr, flush=True)
                return 2
            if step.at is not None:
                last_at = step.at
                clock.set_clock(lambda at=step.at: at)
            print(json.dumps({**step.line, **perform(step, services)}, ensure_ascii=False), file=out, flush=True)
    return 0


def read_step(raw: str, tz: str, last_at: datetime | None) -> Step:
    try:
        line = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BadLine(texts.REPLAY_NOT_JSON.format(error=exc.msg)) from exc
    if not isinstance(line, dict):
        raise BadLine(texts.REPLAY_NOT_OBJECT)
    kind = next((k for k, key in (("message", "text"), ("run", "run"), ("job", "job"), ("export", "export"),
                                  ("comment", "comment")) if key in line), None)
    if kind is None:
        raise BadLine(texts.REPLAY_UNKNOWN_KIND)
    if kind in ("export", "comment"):
        return Step(line, kind, None)
    at = _read_at(line, tz, last_at)
    if kind == "message":
        _require_text(line, "as")
        _require_text(line, "text", empty_ok=True)
        if "group" in line:
            _require_text(line, "group")
    elif kind == "run":
        _check_run(line["run"])
    else:
        _check_job(line["job"])
    return Step(line, kind, at)


def _read_at(line: dict, tz: str, last_at: datetime | None) -> datetime:
    if not isinstance(line.get("at"), str):
        raise BadLine(texts.REPLAY_MISSING.format(key="at"))
    try:
        at = clock.to_utc(datetime.fromisoformat(line["at"]), tz)
    except ValueError as exc:
        raise BadLine(texts.REPLAY_BAD_AT.format(at=line["at"])) from exc
    if last_at is not None and at < last_at:
        raise BadLine(texts.REPLAY_BACKWARDS.format(at=line["at"], last=clock.local(last_at, tz).strftime("%Y-%m-%dT%H:%M")))
    return at


def _require_text(line: dict, key: str, empty_ok: bool = False) -> None:
    value = line.get(key)
    if not isinstance(value, str) or not (empty_ok or value.strip()):
        raise BadLine(texts.REPLAY_MISSING.format(key=key))


def _check_run(argv: Any) -> None:
    if not isinstance(argv, list) or not argv or not all(isinstance(a, str) for a in argv):
        raise BadLine(texts.REPLAY_BAD_RUN)
    if argv[0] in ENDLESS or (argv[0] == "jobs" and not {"run", "list"} & set(argv)):
        raise BadLine(texts.REPLAY_ENDLESS_RUN.format(command=" ".join(argv)))


def _check_job(name: Any) -> None:
    from bot.notifier.jobs import JOBS

    if name not in JOBS:
        raise BadLine(texts.JOB_UNKNOWN.format(job=name, names="、".join(JOBS)))


def perform(step: Step, services: Services) -> dict[str, Any]:
    """What the step adds to its line."""
    if step.kind == "message":
        return send_message(step.line, services)
    if step.kind == "run":
        return run_in_process(step.line["run"], services)
    if step.kind == "job":
        return {"pushes": run_job_capturing(step.line["job"], step.at, services)}
    if step.kind == "export":
        from bot.reports.records_json import records_document

        with services.db.session() as s:
            return {"export": records_document(s, services.settings.timezone)}
    return {}


def send_message(line: dict, services: Services) -> dict[str, Any]:
    from bot.cli.chat import console_message
    from bot.handlers.attachments import render_here

    msg = console_message(line["as"], line["text"], line.get("group"))
    reply = render_here(services, services.dispatch(msg), f"reply:console:{msg.message_id}")
    added: dict[str, Any] = {"reply": reply.text}
    if reply.image is not None:
        added["image"] = True
    if reply.file_path:
        added["file"] = reply.file_path
    return added


def run_in_process(argv: list[str], services: Services) -> dict[str, Any]:
    """`python -m bot ARGV` on the replay's services: what it printed (stdout and stderr) and its exit code."""
    from bot.__main__ import run_subcommand

    printed = io.StringIO()
    with redirect_stdout(printed), redirect_stderr(printed):
        try:
            rc = run_subcommand(argv, services)
        except SystemExit as exc:  # argparse's usage errors and --help
            rc = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except Exception:  # a crashing command prints its traceback and exits 1, as it would in a shell
            traceback.print_exc()
            rc = 1
    return {"output": printed.getvalue(), "rc": rc}


def run_job_capturing(name: str, at: datetime, services: Services) -> list[dict[str, str]]:
    """Run the job as of `at`, deliver what it wrote (through the console channel) and return those pushes."""
    from bot.notifier.quiet import release_time
    from bot.notifier.runner import make_deliverer, run_job
    from bot.storage.bookkeeping import Outbox

    tz = services.settings.timezone
    with services.db.session() as s:
        before = s.scalar(select(func.max(Outbox.id))) or 0
    run_job(services, name, clock.local(at, tz).date(), now=at)
    make_deliverer(services).deliver_due(release_time(at, tz, services.settings.get("BOT_QUIET_HOURS")),
                                         limit=10_000, newer_than=before)
    with services.db.session() as s:
        rows = s.execute(select(Outbox.channel, Outbox.target, Outbox.payload)
                         .where(Outbox.id > before, Outbox.status == "sent").order_by(Outbox.id)).all()
        return [{"to": recipient_name(s, r.channel, r.target), "text": r.payload.get("text", "")} for r in rows]


def recipient_name(session, channel: str, target: str) -> str:
    """The user or group a push went to, by name (console targets already are names)."""
    from bot.storage.models import GroupChat, User

    if channel == "console":
        return target
    user = session.scalars(select(User.name).where(or_(User.wecom_userid == target,
                                                       User.dingtalk_staff_id == target))).first()
    if user is not None:
        return user
    group = session.execute(select(GroupChat.title, GroupChat.chat_id).where(
        or_(GroupChat.chat_id == target, GroupChat.webhook_url == target))).first()
    return (group.title or group.chat_id) if group else target
