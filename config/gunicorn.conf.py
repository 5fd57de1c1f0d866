"""gunicorn settings for the web app: `gunicorn -c config/gunicorn.conf.py 'bot:create_app()'` (the Docker image and
`make serve`). Workers and their threads come from BOT_WEB_WORKERS and BOT_WEB_THREADS; metrics of all workers
are added up through files in one folder."""
import os
import shutil
from pathlib import Path

from bot.settings import load_settings

_settings = load_settings()
# Before the app (and prometheus_client) is imported: every worker then writes its metrics to files here. Emptied
# at each start, as files of processes from an earlier run would otherwise be added forever.
metrics_dir = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(_settings.instance_path / "metrics")))
shutil.rmtree(metrics_dir, ignore_errors=True)
metrics_dir.mkdir(parents=True)

bind = os.environ.get("BOT_BIND", "0.0.0.0:8000")
workers = _settings.get("BOT_WEB_WORKERS")
# A slow reply waits in a thread pool (bot/handlers/common.py) while a second thread keeps answering; more threads
# in one process contend for its interpreter lock (measured in docs/operations.md, Scale-out).
threads = _settings.get("BOT_WEB_THREADS")
preload_app = True
accesslog = "-"
# No query strings in the access log: WeCom's callback URL carries its signature there.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
