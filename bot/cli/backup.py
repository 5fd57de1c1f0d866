"""python -m bot backup [FILE]: a consistent copy of the SQLite database while the bot keeps running."""
from __future__ import annotations

import argparse
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from bot import texts
from bot.services import Services


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="where to write it (default instance/backups/bot-YYYYMMDD-HHMMSS.sqlite3)")


def backup_sqlite(source: Path, target: Path) -> None:
    """sqlite3's online backup API: pages copied under the database's own locks, so writers may go on meanwhile and
    the copy is one consistent state (WAL included)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def run(args: argparse.Namespace, services: Services) -> int:
    url = make_url(services.settings.database_url)
    if url.get_backend_name() != "sqlite":
        print(texts.BACKUP_USE_PG_DUMP.format(db=url.database))
        return 2
    target = Path(args.file) if args.file else (services.settings.instance_path / "backups"
                                                / f"bot-{datetime.now():%Y%m%d-%H%M%S}.sqlite3")
    if target.exists():
        print(texts.BACKUP_EXISTS.format(path=target))
        return 1
    backup_sqlite(Path(url.database), target)
    print(texts.BACKUP_DONE.format(path=target))
    return 0
