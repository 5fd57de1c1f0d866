"""GET /metrics: messages, reply latency, parse outcomes, pushes, token refreshes, outbox depth and age, leadership;
added up across gunicorn workers; no person, customer, message text or secret in a metric or a log line."""
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import requests
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from bot.clock import utcnow
from bot.notifier.channels import build_channels
from bot.notifier.outbox import Deliverer, OutMessage, enqueue
from bot.storage.bookkeeping import Outbox
from helpers import run_bot
from live_server import gunicorn
from platform_fakes import (DT_APP_KEY, DT_APP_SECRET, dingtalk_message, dingtalk_sign, fake_api,  # noqa: F401
                            now_s, platform_settings)


def samples(text: str) -> dict[tuple, float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(text: str, name: str, **labels) -> float:
    return samples(text).get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_count_messages_outcomes_latency_and_the_outbox(client, chat, demo, db):
    before = client.get("/metrics").get_data(as_text=True)
    chat.say("/帮助")
    chat.say("今天拜访了华为张经理，他们要定制化的ERP接口，预算50万，下周三再跟进")
    chat.say("今天天气真不错啊")
    with db.session() as s:
        s.add(Outbox(channel="console", target="x", idempotency_key="metrics-test", payload={},
                     created_at=utcnow() - timedelta(seconds=90)))
    response = client.get("/metrics")
    after = response.get_data(as_text=True)
    assert response.content_type.startswith("text/plain")

    def delta(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("bot_messages_total", platform="console", outcome="command") == 1
    assert delta("bot_messages_total", platform="console", outcome="text") == 2
    assert delta("bot_reply_seconds_count", platform="console") == 3
    assert delta("bot_parse_outcomes_total", outcome="filed") == 1
    assert delta("bot_parse_outcomes_total", outcome="unknown") == 1
    assert value(after, "bot_outbox_pending") == 1 and value(after, "bot_outbox_oldest_pending_seconds") >= 90
    assert "华为" not in after and "张经理" not in after and "张伟" not in after


def test_pushes_and_token_refreshes_are_counted(fake_api, tmp_path, database_url, db):
    channels = build_channels(platform_settings(database_url, tmp_path, fake_api.base))

    def counts():
        return (REGISTRY.get_sample_value("bot_pushes_total", {"channel": "dingtalk_user", "result": "sent"}) or 0,
                REGISTRY.get_sample_value("bot_token_refreshes_total", {"platform": "dingtalk"}) or 0)

    sent, refreshes = counts()
    with db.session() as s:
        enqueue(s, [OutMessage("dingtalk_user", "staff001", {"text": "hi"}, "metrics-push")], utcnow())
    assert Deliverer(db, channels).deliver_due().sent == 1
    assert counts() == (sent + 1, refreshes + 1)


def test_metrics_add_up_across_two_gunicorn_workers_and_logs_carry_no_text_or_secret(tmp_path):
    run_bot(["db", "upgrade"], tmp_path)
    settings = {"BOT_INSTANCE_PATH": str(tmp_path / "instance"), "DINGTALK_APP_KEY": DT_APP_KEY,
                "DINGTALK_APP_SECRET": DT_APP_SECRET, "BOT_LOG_LEVEL": "DEBUG"}
    texts = ["/帮助"] * 24 + ["今天拜访了华为张经理，预算50万，下周三再跟进"] * 6

    def send(base, numbered):
        i, text = numbered
        ts = now_s() * 1000 + i  # a signed (timestamp, sign) pair carries one message only
        body = json.dumps(dingtalk_message(text), ensure_ascii=False).encode()
        return requests.post(f"{base}/dingtalk/callback", data=body, timeout=10,
                             headers={"timestamp": str(ts), "sign": dingtalk_sign(ts), "Content-Type": "application/json"})

    with gunicorn(settings, tmp_path, workers=2) as base:
        with ThreadPoolExecutor(max_workers=6) as pool:
            assert all(r.status_code == 200 for r in pool.map(lambda n: send(base, n), enumerate(texts)))
        scrapes = [requests.get(f"{base}/metrics", timeout=5).text for _ in range(6)]
        worker_files = {p.name.rsplit("_", 1)[-1] for p in (tmp_path / "instance" / "metrics").glob("counter_*.db")}
    assert len(worker_files) >= 2  # both workers answered messages
    for scrape in scrapes:  # whichever worker answers the scrape, it reports the whole server
        assert value(scrape, "bot_messages_total", platform="dingtalk", outcome="command") == 24
        assert value(scrape, "bot_messages_total", platform="dingtalk", outcome="text") == 6
        assert value(scrape, "bot_reply_seconds_count", platform="dingtalk") == 30
    log = (tmp_path / "gunicorn.log").read_text()
    assert "POST /dingtalk/callback" in log
    for private in ("华为", "张经理", "张伟", DT_APP_SECRET, "帮助"):
        assert private not in log and private not in scrapes[0], private


def test_scheduler_leadership_is_a_gauge_that_drops_when_the_leader_stops(services):
    import threading

    from bot.notifier.scheduler import SchedulerService
    from platform_fakes import wait_for

    leader = SchedulerService(services, channels={})
    thread = threading.Thread(target=leader.run, args=(5,))
    thread.start()
    assert wait_for(lambda: REGISTRY.get_sample_value("bot_scheduler_leader") == 1)
    leader.stop()
    thread.join(timeout=10)
    assert REGISTRY.get_sample_value("bot_scheduler_leader") == 0


def test_the_job_runner_answers_metrics_on_its_own_port(tmp_path):
    import subprocess
    import sys
    import time

    from live_server import free_port, server_env

    run_bot(["db", "upgrade"], tmp_path)
    port = free_port()
    env = server_env({"BOT_INSTANCE_PATH": str(tmp_path / "instance"), "BOT_JOBS_METRICS_PORT": str(port)}, tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "bot", "jobs", "--seconds", "8"], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, text = time.monotonic() + 8, ""
        while time.monotonic() < deadline and value(text, "bot_scheduler_leader") != 1:
            try:
                text = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=1).text
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        assert value(text, "bot_scheduler_leader") == 1
    finally:
        proc.terminate()
        proc.wait(timeout=10)
