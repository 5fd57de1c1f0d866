"""Load through real gunicorn (two workers) on loopback: mixed signed messages from concurrent clients, on SQLite and
on PostgreSQL (a database of its own, dropped afterwards).

Every message is a real platform request: WeCom app callbacks (encrypted, signed), WeCom 智能机器人 group messages
and DingTalk callbacks (single and group, HMAC-signed), from the demo's reps: reports, /待办, /客户, /漏斗, /帮助.
One message in twenty is delivered a second time, as the platforms do when an answer is slow. The fake platform API
(local) takes the pushes. Afterwards the database is read back:
  lost        accepted messages (HTTP 200) with no inbound row
  duplicated  messages whose report was filed more than once (each report carries a unique tag)
Prints per database: messages, throughput, p50/p99 latency, errors, lost, duplicated; the last line is the worst p99
with the three counts. Goals: errors 0, lost 0, duplicated 0, p99 < 500 ms. The timed run follows an untimed warm-up
of WARMUP messages, as a server that has been running would be warm.

Full: 2,000 messages per database from 12 clients; BENCH_QUICK=1: 300 from 12 clients (< 1 minute). Bounded: each
run stops after TIME_LIMIT_S whatever is left. PostgreSQL comes from BENCH_POSTGRES_URL (default: the test server);
without a server only SQLite runs.
"""
from __future__ import annotations

import json
import logging
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import requests  # noqa: E402
from pytest_httpserver import HTTPServer  # noqa: E402
from sqlalchemy import create_engine, func, select, text, update  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot.clock import local_today, utcnow  # noqa: E402
from bot.demo import load_demo  # noqa: E402
from bot.handlers.wecom_crypto import CallbackCrypto  # noqa: E402
from bot.notifier.dingtalk_send import sign  # noqa: E402
from bot.storage import migrate  # noqa: E402
from bot.storage.db import Database  # noqa: E402
from bot.storage.bookkeeping import InboundMessage  # noqa: E402
from bot.settings import SPECS  # noqa: E402
from bot.storage.models import Report, User  # noqa: E402
from live_server import GUNICORN  # noqa: E402
from platform_fakes import (AES_KEY, AGENT_ID, AIBOT_AES_KEY, AIBOT_TOKEN, CORP_ID, DT_APP_KEY,  # noqa: E402
                            DT_APP_SECRET, DT_ROBOT_CODE, TOKEN, FakePlatformApi)

QUICK = os.environ.get("BENCH_QUICK") == "1"
MESSAGES = 300 if QUICK else 2000
CLIENTS = 12
WARMUP = 48  # untimed first messages: each worker loads the parser's data and compiles its SQL once (a cold start)
RETRY_SHARE = 0.05
TIME_LIMIT_S = 25 if QUICK else 120
PG_ADMIN = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REPORTS = ("今天拜访了{customer}，聊了方案，预算30万，下周三再跟进 #{tag}", "给{customer}打了电话，对方要报价 #{tag}")
COMMANDS = ("/待办", "/客户", "/漏斗", "/帮助", "/需求")
CUSTOMERS = {"张伟": "华为", "李娜": "比亚迪", "王强": "美的", "刘洋": "宁德时代", "陈静": "海尔", "杨帆": "三一重工"}


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    accepted: set[tuple[str, str]] = field(default_factory=set)  # (platform, message id) answered 200
    tags: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(url: str) -> None:
    """Migrated, the demo loaded, every demo user given a WeCom and a DingTalk id (their name's pinyin-free id)."""
    migrate.upgrade(url)
    db = Database(url)
    with db.session() as s:
        load_demo(s, local_today("Asia/Shanghai"), "Asia/Shanghai")
        for user in s.scalars(select(User)):
            s.execute(update(User).where(User.id == user.id).values(
                wecom_userid=f"wu{user.id}", dingtalk_staff_id=f"du{user.id}"))
    db.dispose()


def senders(url: str) -> dict[str, int]:
    db = Database(url)
    with db.session() as s:
        found = {name: uid for uid, name in s.execute(select(User.id, User.name).where(User.name.in_(CUSTOMERS)))}
    db.dispose()
    return found


def environment(url: str, api_base: str, instance: Path) -> dict[str, str]:
    return {**os.environ, "BOT_DATABASE_URL": url, "BOT_INSTANCE_PATH": str(instance), "BOT_LOG_LEVEL": "WARNING",
            "WECOM_CORP_ID": CORP_ID, "WECOM_AGENT_ID": AGENT_ID, "WECOM_SECRET": "wecomsecret", "WECOM_TOKEN": TOKEN,
            "WECOM_AES_KEY": AES_KEY, "WECOM_AIBOT_TOKEN": AIBOT_TOKEN, "WECOM_AIBOT_AES_KEY": AIBOT_AES_KEY,
            "WECOM_API_BASE": api_base, "DINGTALK_APP_KEY": DT_APP_KEY, "DINGTALK_APP_SECRET": DT_APP_SECRET,
            "DINGTALK_ROBOT_CODE": DT_ROBOT_CODE, "DINGTALK_API_BASE": api_base, "DINGTALK_OAPI_BASE": api_base,
            "BOT_ENV_FILE": str(instance / "none.env")}


class Requests:
    """Signed platform requests, as the platforms send them."""

    def __init__(self, base: str, api_base: str):
        self.base = base
        self.api_base = api_base
        self.last_ms = 0
        self.lock = threading.Lock()
        self.app = CallbackCrypto(TOKEN, AES_KEY, CORP_ID)
        self.aibot = CallbackCrypto(AIBOT_TOKEN, AIBOT_AES_KEY, "")

    def wecom(self, user_id: int, content: str, msg_id: str) -> tuple[str, dict, bytes, dict]:
        inner = (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[wu{user_id}]]>"
                 f"</FromUserName><CreateTime>{int(utcnow().timestamp())}</CreateTime><MsgType><![CDATA[text]]>"
                 f"</MsgType><Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId>"
                 f"<AgentID>{AGENT_ID}</AgentID></xml>")
        sealed = self.app.encrypt(inner)
        body = f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><Encrypt><![CDATA[{sealed['encrypt']}]]></Encrypt></xml>"
        return "/wecom/callback", self._query(sealed), body.encode(), {"Content-Type": "text/xml"}

    def aibot_group(self, user_id: int, content: str, msg_id: str, chat: str) -> tuple[str, dict, bytes, dict]:
        data = {"msgid": msg_id, "aibotid": "AIBOT", "chatid": chat, "chattype": "group",
                "from": {"userid": f"wu{user_id}"}, "msgtype": "text", "text": {"content": f"@机器人 {content}"},
                "response_url": f"{self.api_base}/cgi-bin/aibot/response?k={msg_id}"}
        sealed = self.aibot.encrypt(json.dumps(data, ensure_ascii=False))
        body = json.dumps({"encrypt": sealed["encrypt"]}).encode()
        return "/wecom/aibot", self._query(sealed), body, {"Content-Type": "application/json"}

    def signed_ms(self) -> int:
        """DingTalk signs each delivery at its own millisecond: two messages never share a (timestamp, sign) pair
        (a pair seen twice is refused as a replay, see docs/security.md)."""
        with self.lock:
            self.last_ms = max(int(utcnow().timestamp() * 1000), self.last_ms + 1)
            return self.last_ms

    def dingtalk(self, user_id: int, content: str, msg_id: str, group: bool) -> tuple[str, dict, bytes, dict]:
        now_ms = self.signed_ms()
        data = {"msgtype": "text", "text": {"content": f" {content}" if group else content}, "msgId": msg_id,
                "createAt": now_ms, "conversationType": "2" if group else "1",
                "conversationId": "cidLOADGROUP" if group else "cidSINGLE", "senderStaffId": f"du{user_id}",
                "senderNick": f"du{user_id}", "robotCode": DT_ROBOT_CODE,
                "sessionWebhook": f"{self.api_base}/robot/sendBySession?session={msg_id}"}
        headers = {"Content-Type": "application/json", "timestamp": str(now_ms), "sign": sign(DT_APP_SECRET, now_ms)}
        return "/dingtalk/callback", {}, json.dumps(data, ensure_ascii=False).encode(), headers

    @staticmethod
    def _query(sealed: dict) -> dict:
        return {"msg_signature": sealed["signature"], "timestamp": sealed["timestamp"], "nonce": sealed["nonce"]}


def plan(people: dict[str, int], rng: random.Random, count: int) -> list[tuple[str, str, int, str, str]]:
    """(kind, platform, user id, text, message id) for every message, retries included, in sending order."""
    planned = []
    for i in range(count):
        name = rng.choice(sorted(people))
        kind = rng.choice(("wecom", "wecom", "aibot", "dingtalk", "dingtalk_group"))
        if rng.random() < 0.5:
            tag = f"t{i}x{uuid.uuid4().hex[:6]}"
            content = rng.choice(REPORTS).format(customer=CUSTOMERS[name], tag=tag)
        else:
            content = rng.choice(COMMANDS if kind in ("wecom", "dingtalk") else ("/漏斗", "/帮助", "/业绩"))
        if kind == "aibot":
            content = rng.choice(("/漏斗", "/帮助", "/业绩"))  # groups get aggregates, not reports
        platform = {"wecom": "wecom", "aibot": "wecom_aibot"}.get(kind, "dingtalk")
        msg_id = str(uuid.uuid4().int >> 72) if kind == "wecom" else uuid.uuid4().hex
        planned.append((kind, platform, people[name], content, msg_id))
        if rng.random() < RETRY_SHARE:
            planned.append(planned[-1])
    return planned


def send_all(base: str, builder: Requests, planned: list, outcome: Outcome) -> float:
    deadline = time.monotonic() + TIME_LIMIT_S
    sessions: dict[int, requests.Session] = {}

    def one(item) -> None:
        if time.monotonic() > deadline:
            outcome.errors.append("not sent: time limit")
            return
        kind, platform, user_id, content, msg_id = item
        if kind == "wecom":
            path, query, body, headers = builder.wecom(user_id, content, msg_id)
        elif kind == "aibot":
            path, query, body, headers = builder.aibot_group(user_id, content, msg_id, "wrkLOADGROUP")
        else:
            path, query, body, headers = builder.dingtalk(user_id, content, msg_id, kind == "dingtalk_group")
        session = sessions.setdefault(threading.get_ident(), requests.Session())
        started = time.perf_counter()
        try:
            resp = session.post(base + path, params=query, data=body, headers=headers, timeout=10)
        except requests.RequestException as exc:
            outcome.errors.append(f"{path}: {type(exc).__name__}")
            return
        outcome.latencies.append(time.perf_counter() - started)
        if resp.status_code != 200:
            outcome.errors.append(f"{path}: HTTP {resp.status_code}")
            return
        outcome.accepted.add((platform, msg_id))

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        list(pool.map(one, planned))
    return time.perf_counter() - started


def read_back(url: str, outcome: Outcome, planned: list) -> tuple[int, int]:
    db = Database(url)
    with db.session() as s:
        stored = set(s.execute(select(InboundMessage.platform, InboundMessage.message_id)).tuples())
        texts = list(s.scalars(select(Report.text)))
        rows = s.scalar(select(func.count()).select_from(InboundMessage))
    db.dispose()
    lost = len(outcome.accepted - stored)
    tags = {item[3].rsplit("#", 1)[1] for item in planned if "#" in item[3]}
    filed: dict[str, int] = {}
    for report_text in texts:
        if "#" in report_text:
            tag = report_text.rsplit("#", 1)[1].strip()
            if tag in tags:
                filed[tag] = filed.get(tag, 0) + 1
    duplicated = sum(n - 1 for n in filed.values() if n > 1) + max(0, rows - len(stored))
    return lost, duplicated


def run_database(label: str, url: str, api_base: str, tmp: Path) -> tuple[float, int, int, int]:
    prepare(url)
    people = senders(url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # the production settings (config/gunicorn.conf.py), two workers
        [*GUNICORN, "--log-level", "warning", "--timeout", "30"], cwd=ROOT,
        env={**environment(url, api_base, tmp / label), "BOT_WEB_WORKERS": "2", "BOT_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_up(base)
        builder = Requests(base, api_base)
        send_all(base, builder, plan(people, random.Random(1), WARMUP), Outcome())
        planned = plan(people, random.Random(7), MESSAGES)
        outcome = Outcome()
        elapsed = send_all(base, builder, planned, outcome)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    lost, duplicated = read_back(url, outcome, planned)
    latencies = sorted(outcome.latencies) or [0.0]
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    print(f"{label}: {len(planned)} messages ({len(planned) - MESSAGES} retries) from {CLIENTS} clients in "
          f"{elapsed:.1f} s: {len(planned) / elapsed:.0f} msg/s, p50 {p50:.0f} ms, p99 {p99:.0f} ms, "
          f"errors {len(outcome.errors)}, lost {lost}, duplicated {duplicated}")
    for error in sorted(set(outcome.errors))[:5]:
        print(f"  {error}")
    return p99, len(outcome.errors), lost, duplicated


def wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise SystemExit("gunicorn did not start within 20 s")


def postgres_database() -> tuple[str, str] | None:
    """(URL of a fresh database, its name) on the PostgreSQL server, or None when there is none."""
    name = f"bench_load_{os.getpid()}"
    try:
        engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
    except Exception as exc:  # no server: the PostgreSQL half is skipped, said so
        print(f"PostgreSQL: skipped ({type(exc).__name__}: set BENCH_POSTGRES_URL)")
        return None
    return make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False), name


def drop_postgres(name: str) -> None:
    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    fake = HTTPServer(threaded=True)
    fake.start()
    FakePlatformApi(fake)
    api_base = fake.url_for("").rstrip("/")
    results = []
    threads = os.environ.get("BOT_WEB_THREADS", SPECS["BOT_WEB_THREADS"].default)
    print(f"loopback, gunicorn 2 workers x {threads} threads, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        results.append(run_database("SQLite", f"sqlite:///{tmp}/load.sqlite3", api_base, Path(tmp)))
        pg = postgres_database()
        if pg is not None:
            try:
                results.append(run_database("PostgreSQL", pg[0], api_base, Path(tmp)))
            finally:
                drop_postgres(pg[1])
    fake.stop()
    worst = max(r[0] for r in results)
    errors, lost, duplicated = (sum(r[i] for r in results) for i in (1, 2, 3))
    print(f"worst p99 {worst:.0f} ms (goal < 500), errors {errors}, lost {lost}, duplicated {duplicated} (goals 0)")


if __name__ == "__main__":
    main()
