"""python -m bot jobs                                   run the scheduler (one leader among all instances)
python -m bot jobs run daily_digest [--date 2026-11-18]  run one job now for a day, then deliver
python -m bot jobs list                                 the jobs and their times"""
from __future__ import annotations

import argparse
from datetime import date

from bot import texts
from bot.clock import local_today
from bot.services import Services


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seconds", type=float, default=None, help="stop after this many seconds (tests, demos)")
    sub = parser.add_subparsers(dest="jobs_command")
    one = sub.add_parser("run", help="run one job now")
    one.add_argument("job")
    one.add_argument("--date", type=date.fromisoformat, default=None, help="the day to run it for (YYYY-MM-DD)")
    one.add_argument("--no-deliver", action="store_true", help="only write outbox rows")
    sub.add_parser("list", help="list the jobs")


def run(args: argparse.Namespace, services: Services) -> int:
    from bot.notifier.jobs import JOBS
    from bot.notifier.runner import job_time, make_deliverer, run_job

    if args.jobs_command == "list":
        for name in JOBS:
            print(f"{name}\t{job_time(services, name).strftime('%H:%M')}")
        return 0
    if args.jobs_command == "run":
        if args.job not in JOBS:
            print(texts.JOB_UNKNOWN.format(job=args.job, names="、".join(JOBS)))
            return 2
        day = args.date or local_today(services.settings.timezone)
        written = run_job(services, args.job, day)
        if written is None:
            print(texts.JOB_SKIPPED.format(job=args.job, day=day))
            return 0
        sent = 0 if args.no_deliver else make_deliverer(services).deliver_due().sent
        print(texts.JOB_RAN.format(job=args.job, day=day, n=written, sent=sent))
        return 0
    from bot.notifier.scheduler import SchedulerService

    metrics_port = services.settings.get("BOT_JOBS_METRICS_PORT")
    if metrics_port:
        from prometheus_client import start_http_server

        start_http_server(metrics_port)
    SchedulerService(services).run(args.seconds)
    return 0
