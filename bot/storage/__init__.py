"""Storage: the sales records (models.py) and the bot's own bookkeeping (bookkeeping.py) share one metadata; both
are imported with the package so Base.metadata always lists every table (Alembic, tests, table emptying)."""
from bot.storage import bookkeeping, models  # noqa: F401
