"""Records a command changes, filed as a Report of its own so /撤销 takes them back, and notices to the people
they concern (through the outbox)."""
from __future__ import annotations

from sqlalchemy import select

from bot.notifier.channels import route_for_user
from bot.notifier.outbox import OutMessage, enqueue
from bot.notifier.quiet import release_time
from bot.sales.changes import ChangeLog
from bot.storage.bookkeeping import Outbox
from bot.storage.models import Report, User


def notify(ctx, log: ChangeLog, user: User, text: str, key: str) -> None:
    """Tell `user` through the outbox (after quiet hours); the message is part of the report, so /撤销 withdraws it
    while it is still unsent."""
    channel, target = route_for_user(user, ctx.settings)
    not_before = release_time(ctx.now, ctx.tz, ctx.settings.get("BOT_QUIET_HOURS"))
    enqueue(ctx.session, [OutMessage(channel, target, {"text": text}, key)], not_before)
    log.new_rows.append(ctx.session.scalars(select(Outbox).where(Outbox.idempotency_key == key)).one())


def command_report(ctx, customer_id: int | None) -> Report:
    """The Report of a command that changes records (no parse of its own), flushed so its id can key notices;
    `finish_command_report` stores what it did, so /撤销 takes it back."""
    report = Report(user_id=ctx.user.id, customer_id=customer_id, text=ctx.message.text, parsed={},
                    created_at=ctx.now)
    ctx.session.add(report)
    ctx.session.flush()
    return report


def finish_command_report(report: Report, log: ChangeLog) -> None:
    report.changes = {**log.to_dict(), "new_customer": None, "summary": None}
