"""python -m bot outbox [--status dead] [--retry ID] [--deliver]: what is queued, sent and dead; retry a row."""
from __future__ import annotations

import argparse

from bot import texts
from bot.clock import utcnow
from bot.services import Services


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--status", choices=("pending", "sending", "sent", "dead"), default=None)
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--retry", type=int, metavar="ID", default=None, help="queue this row again (e.g. a dead one)")
    parser.add_argument("--deliver", action="store_true", help="send due rows now")


def run(args: argparse.Namespace, services: Services) -> int:
    from bot.notifier.outbox import list_rows, retry_row
    from bot.notifier.runner import make_deliverer

    if args.retry is not None:
        with services.db.session() as s:
            found = retry_row(s, args.retry, utcnow())
        print((texts.OUTBOX_RETRIED if found else texts.OUTBOX_NOT_FOUND).format(id=args.retry))
        if not found:
            return 1
    if args.deliver or args.retry is not None:
        stats = make_deliverer(services).deliver_due()
        print(f"sent={stats.sent} retried={stats.retried} dead={stats.dead}")
    with services.db.session() as s:
        for row in list_rows(s, args.status, args.limit):
            print(texts.OUTBOX_LINE.format(id=row.id, status=row.status, attempts=row.attempts, channel=row.channel,
                                           target=row.target[:40], key=row.idempotency_key, error=(row.last_error or "")[:80]))
    return 0
