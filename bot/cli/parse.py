"""python -m bot parse: the parse contract's command line; known customers from --customers or the database."""
from __future__ import annotations

import logging
from pathlib import Path


def customers_from_db() -> list:
    """Known customers of the configured database; none when it is missing or empty."""
    from sqlalchemy import inspect, select
    from sqlalchemy.engine import make_url

    from bot.nlp import KnownCustomer
    from bot.services import build_services
    from bot.settings import load_settings
    from bot.storage.models import Customer

    url = make_url(load_settings().database_url)
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        return []  # no database yet: parsing must not create one
    services = build_services()
    try:
        if not inspect(services.db.engine).has_table("customers"):
            return []
        with services.db.session() as s:
            return [KnownCustomer(c.name, tuple(c.aliases or ())) for c in s.scalars(select(Customer))]
    except Exception:  # a parse never fails because the database is down
        logging.getLogger(__name__).warning("could not read customers from the database", exc_info=True)
        return []
    finally:
        services.db.dispose()


def run_parse(argv: list[str]) -> int:
    from bot.nlp.cli import main

    return main(argv, customers_from_db=customers_from_db)
