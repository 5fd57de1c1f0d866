"""python -m bot serve [--port 8000]: the webhooks on Flask's server (use `make serve` for gunicorn)."""
from __future__ import annotations

import argparse
import sys

from bot import texts

from bot.services import Services


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=8000)


def run(args: argparse.Namespace, services: Services) -> int:
    from bot.app import build_app

    app = build_app(services=services)
    problems = app.extensions["bot_settings_problems"]
    if problems:
        print(texts.SETTINGS_PROBLEMS.format(problems="\n".join(problems)), file=sys.stderr)
        return 2
    if services.settings.get("BOT_SCHEDULER"):
        import threading

        from bot.notifier.scheduler import SchedulerService

        threading.Thread(target=SchedulerService(services).run, name="scheduler", daemon=True).start()
    app.run(host=args.host, port=args.port, threaded=True)
    return 0
