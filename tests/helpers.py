"""Small helpers several test modules share."""
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

REPO = Path(__file__).resolve().parent.parent


def count_rows(db, model, *where) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def run_bot(args, tmp_path, stdin="", extra_env=None):
    """`python -m bot ARGS` in tmp_path (no .env there), SQLite under tmp_path/instance unless extra_env says."""
    env = {**os.environ, "BOT_INSTANCE_PATH": str(tmp_path / "instance"), "PYTHONPATH": str(REPO)}
    env.pop("BOT_DATABASE_URL", None)
    env.update(extra_env or {})
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120)
