"""Small helpers several test modules share."""
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from bot import texts

REPO = Path(__file__).resolve().parent.parent
APOLOGY = texts.INTERNAL_ERROR.split("（")[0]  # the reply to an unexpected error, without its reference


def count_rows(db, model, *where) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def run_bot(args, tmp_path, stdin="", extra_env=None, database_url=None):
    """`python -m bot ARGS` in tmp_path (no .env there) on `database_url` (the suite's database: pass the `db`
    fixture's url), or without one on a new SQLite file under tmp_path/instance, as a first install has."""
    env = {**os.environ, "BOT_INSTANCE_PATH": str(tmp_path / "instance"), "PYTHONPATH": str(REPO)}
    env.pop("BOT_DATABASE_URL", None)
    if database_url is not None:
        env["BOT_DATABASE_URL"] = database_url
    env.update(extra_env or {})
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120)
