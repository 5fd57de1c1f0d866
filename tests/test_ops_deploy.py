"""What can be tested of the container here (no image can be pulled): the entrypoint script, run as the image runs
it; compose.yaml and the Dockerfile read for what the install promises; config/example.env as valid settings."""
import re
import runpy
import subprocess
from pathlib import Path

import requests
import yaml

from bot.settings import load_settings
from live_server import REPO, gunicorn, server_env

ENTRYPOINT = REPO / "docker" / "entrypoint.sh"


def entrypoint(args, tmp_path, **settings):
    env = server_env({"BOT_INSTANCE_PATH": str(tmp_path / "instance"), **settings}, tmp_path)
    return subprocess.run([str(ENTRYPOINT), *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=60)


def test_entrypoint_web_migrates_then_serves_with_gunicorn(tmp_path):
    with gunicorn({"BOT_INSTANCE_PATH": str(tmp_path / "instance")}, tmp_path, workers=2,
                  command=[str(ENTRYPOINT), "web"], cwd=REPO) as base:
        assert requests.get(f"{base}/readyz", timeout=5).json()["ready"] is True
        assert "bot_outbox_pending" in requests.get(f"{base}/metrics", timeout=5).text
    log = (tmp_path / "gunicorn.log").read_text()
    assert "已在新数据库中建好表结构" in log and "Booting worker" in log


def test_entrypoint_runs_bot_commands_and_refuses_bad_settings_and_unknown_roles(tmp_path):
    upgrade = entrypoint(["bot", "db", "upgrade"], tmp_path)
    assert upgrade.returncode == 0 and "建好表结构" in upgrade.stdout
    bad = entrypoint(["web"], tmp_path, BOT_WEB_WORKERS="many")
    assert bad.returncode == 2 and "BOT_WEB_WORKERS" in bad.stderr  # at once: waiting would not fix a setting
    unknown = entrypoint(["nonsense"], tmp_path)
    assert unknown.returncode == 2 and "usage" in unknown.stderr


def test_compose_starts_database_web_jobs_and_optional_stream_with_health_checks_and_dotenv():
    compose = yaml.safe_load((REPO / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "web", "jobs", "stream"}
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"] and "pgdata" in compose["volumes"]
    assert "healthcheck" in services["db"] and "/readyz" in " ".join(services["web"]["healthcheck"]["test"])
    for name, command in (("web", ["web"]), ("jobs", ["jobs"]), ("stream", ["stream"])):
        assert services[name]["command"] == command and services[name]["env_file"] == ".env"
    assert services["stream"]["profiles"] == ["stream"]
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["jobs"]["depends_on"]["web"]["condition"] == "service_healthy"  # migrated before jobs start


def test_dockerfile_is_slim_non_root_without_build_tools_or_test_packages(tmp_path):
    dockerfile = (REPO / "Dockerfile").read_text()
    assert re.findall(r"^FROM (\S+)", dockerfile, re.M) == ["python:3.11-slim", "python:3.11-slim"]
    assert re.search(r"^USER bot$", dockerfile, re.M) and "apt-get" not in dockerfile
    runtime = subprocess.run(["sed", "/^# Tests/,$d", str(REPO / "requirements.txt")], capture_output=True,
                             text=True, check=True).stdout
    assert "mplfonts==" in runtime and "gunicorn==" in runtime and "prometheus-client==" in runtime
    assert "pytest" not in runtime and "hypothesis" not in runtime


def test_gunicorn_takes_its_workers_and_threads_from_the_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")  # so that the config's setdefault is undone afterwards
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")
    for key, value in (("BOT_ENV_FILE", str(tmp_path / "none.env")), ("BOT_INSTANCE_PATH", str(tmp_path)),
                       ("BOT_WEB_WORKERS", "3"), ("BOT_WEB_THREADS", "1")):
        monkeypatch.setenv(key, value)
    config = runpy.run_path(str(REPO / "config" / "gunicorn.conf.py"))
    assert (config["workers"], config["threads"]) == (3, 1)
    assert (tmp_path / "metrics").is_dir()  # each worker's metrics files, emptied at start


def test_example_env_is_a_valid_configuration():
    settings = load_settings(env={"BOT_ENV_FILE": str(REPO / "config" / "example.env")})
    assert settings.get("BOT_WEB_WORKERS") == 2 and settings.get("BOT_WEB_THREADS") == 2
    assert settings.database_url.startswith("sqlite")


def test_terminal_chat_saves_the_charts_and_files_it_is_sent_and_prints_their_paths(tmp_path):
    from helpers import run_bot

    run_bot(["demo"], tmp_path)
    out = run_bot(["chat", "--as", "张伟"], tmp_path, stdin="/漏斗图\n/导出\n").stdout
    saved = re.findall(r"已保存到 (\S+?)\]", out)
    assert len(saved) == 2, out
    chart, export = map(Path, saved)
    assert chart.parent == tmp_path / "instance" / "charts" and chart.read_bytes().startswith(b"\x89PNG")
    assert export.parent == tmp_path / "instance" / "exports" and export.stat().st_size > 0


def test_make_run_passes_group_to_the_chat():
    dry = subprocess.run(["make", "-n", "run", "GROUP=华东销售群"], cwd=REPO, capture_output=True, text=True)
    assert '--group "华东销售群"' in dry.stdout
