"""A real gunicorn server on loopback, started with config/gunicorn.conf.py as the Docker image starts it
(tests and bench/pipeline.py). Bounded: it must answer /readyz within 30 s and is stopped when the block ends."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import requests

REPO = Path(__file__).resolve().parent.parent
GUNICORN_CONF = REPO / "config" / "gunicorn.conf.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(settings_env: dict[str, str], folder: Path) -> dict[str, str]:
    """This environment without any bot setting, plus `settings_env`; the venv's python first on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "WECOM_", "DINGTALK_", "PROMETHEUS_"))}
    env.update(settings_env, PYTHONPATH=str(REPO), BOT_ENV_FILE=str(folder / "none.env"),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}")
    return env


GUNICORN = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "bot:create_app()"]


@contextmanager
def gunicorn(settings_env: dict[str, str], folder: Path, workers: int = 1, command: list[str] = GUNICORN,
             cwd: Path | None = None) -> Iterator[str]:
    """Yields the base URL; the server's output goes to folder/gunicorn.log."""
    port = free_port()
    env = server_env({**settings_env, "BOT_WEB_WORKERS": str(workers), "BOT_BIND": f"127.0.0.1:{port}"}, folder)
    log = (folder / "gunicorn.log").open("ab")
    proc = subprocess.Popen(command, env=env, cwd=cwd or folder, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not get ready: {(folder / 'gunicorn.log').read_text()[-2000:]}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()
