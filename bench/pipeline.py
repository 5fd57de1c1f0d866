"""WeCom webhook throughput: the full path (verify, decrypt, parse, store, dispatch, encrypted reply) against a null
handler that only verifies, decrypts and encrypts; both through the WSGI app, on a temporary SQLite database.

Goals: full path >= 0.5 x null throughput, >= 500 messages/s, p99 < 50 ms. BENCH_QUICK=1 for a short run.

Then /漏斗图: the request's time now (dispatch and queueing the outbox row that will draw the chart) against what
the request cost when it drew the chart itself (the same, plus rendering that row in line).

Last, the time from a voice report to its confirmation through each path that carries voice (bench/voice_paths.py):
the 智能机器人 callback and long connection, the DingTalk HTTP callback and Stream (the key figure, printed last).

A third line, our own /wecom/callback with dispatch replaced by a fixed reply, shows what the webhook's checks
(freshness, required arguments, the second XML safety parse) and the 4-second deadline thread cost on top of the
null handler; the rest of the full path's time is dispatch: the parser and the database.
"""
from __future__ import annotations

import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from flask import Flask, Response, request  # noqa: E402
from sqlalchemy import select  # noqa: E402
from wechatpy.enterprise import create_reply, parse_message  # noqa: E402

from bot.app import build_app  # noqa: E402
from bot.clock import local_today, utcnow  # noqa: E402
from bot.demo import load_demo  # noqa: E402
from bot.handlers.wecom_crypto import CallbackCrypto, safe_xml  # noqa: E402
from bot.services import Services, prepare_long_running  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from bot.storage import migrate  # noqa: E402
from bot.storage.db import Database  # noqa: E402
from bot.storage.models import Customer, User  # noqa: E402
from bot.types import IncomingMessage, Reply  # noqa: E402
import voice_paths  # noqa: E402

CORP, TOKEN, KEY = "wwbench", "benchtoken", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
QUICK = os.environ.get("BENCH_QUICK") == "1"
N = 300 if QUICK else 2000
VOICE_N = 20 if QUICK else 100  # voice reports per path
CHART_N = 10 if QUICK else 40  # /漏斗图 requests per variant
WARMUP = 50  # first messages load the parser's data and compile SQL: a cold start, not throughput
REPORT = "今天拜访了{name}，聊了接口定制，预算50万，下周三再跟进"
SENDERS = ("zhangwei", "lina", "wangqiang")


def signed_request(crypto: CallbackCrypto, sender: str, text: str) -> tuple[dict, bytes]:
    inner = (f"<xml><ToUserName><![CDATA[{CORP}]]></ToUserName><FromUserName><![CDATA[{sender}]]></FromUserName>"
             f"<CreateTime>{int(utcnow().timestamp())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
             f"<Content><![CDATA[{text}]]></Content><MsgId>{uuid.uuid4().int >> 65}</MsgId><AgentID>1</AgentID></xml>")
    sealed = crypto.encrypt(inner)
    body = f"<xml><ToUserName><![CDATA[{CORP}]]></ToUserName><Encrypt><![CDATA[{sealed['encrypt']}]]></Encrypt></xml>"
    query = {"msg_signature": sealed["signature"], "timestamp": sealed["timestamp"], "nonce": sealed["nonce"]}
    return query, body.encode()


def null_app(crypto: CallbackCrypto) -> Flask:
    app = Flask("null")

    @app.post("/wecom/callback")
    def receive() -> Response:
        args = request.args
        encrypted = safe_xml(request.get_data()).findtext("Encrypt")
        crypto.verify(args["msg_signature"], args["timestamp"], args["nonce"], encrypted)
        message = parse_message(crypto.decrypt(encrypted))
        return Response(crypto.encrypt_xml(create_reply("ok", message).render(), args["nonce"]))

    return app


def run(client, requests_: list[tuple[dict, bytes]]) -> tuple[float, list[float]]:
    """Send all requests, timing those after the warm-up ones."""
    for query, body in requests_[:WARMUP]:
        assert client.post("/wecom/callback", query_string=query, data=body, content_type="text/xml").status_code == 200
    requests_ = requests_[WARMUP:]
    latencies = []
    start = time.perf_counter()
    for query, body in requests_:
        t0 = time.perf_counter()
        resp = client.post("/wecom/callback", query_string=query, data=body, content_type="text/xml")
        latencies.append((time.perf_counter() - t0) * 1000)
        assert resp.status_code == 200 and resp.data, resp.status_code
    return len(requests_) / (time.perf_counter() - start), latencies


def report(label: str, rate: float, latencies: list[float]) -> None:
    q = statistics.quantiles(latencies, n=100)
    print(f"{label:<28} {rate:8.0f} msg/s   p50 {q[49]:6.2f} ms   p99 {q[98]:6.2f} ms", flush=True)


class CannedServices(Services):
    """Services whose dispatch answers at once without parsing or storing: the webhook's own cost."""

    def dispatch(self, msg: IncomingMessage) -> Reply:
        return Reply("ok")


def prepared_services(tmp: Path, url: str | None = None) -> Services:
    """A migrated database (SQLite under tmp unless `url`) with the demo and the senders' platform ids."""
    url = url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    migrate.upgrade(url)
    settings = load_settings({"BOT_DATABASE_URL": url, "BOT_INSTANCE_PATH": str(tmp), "BOT_LOG_LEVEL": "WARNING",
                              "WECOM_CORP_ID": CORP, "WECOM_TOKEN": TOKEN, "WECOM_AES_KEY": KEY}, env={})
    services = Services(settings, Database(url))
    with services.db.session() as s:
        load_demo(s, local_today(settings.timezone), settings.timezone)
        for userid, name in zip(SENDERS, ("张伟", "李娜", "王强")):
            user = s.scalars(select(User).where(User.name == name)).first()
            user.wecom_userid, user.dingtalk_staff_id = userid, f"staff-{userid}"
    return services


def own_customers(services: Services) -> dict[str, list[str]]:
    """Each sender's own customers: a report on them is filed (not answered with a question), the path to measure."""
    with services.db.session() as s:
        rows = s.execute(select(User.wecom_userid, Customer.name).join(Customer, Customer.owner_id == User.id)
                         .where(User.wecom_userid.in_(SENDERS)).order_by(Customer.id))
        names: dict[str, list[str]] = {}
        for sender, name in rows:
            names.setdefault(sender, []).append(name)
        return names


def chart_request_ms(services: Services, render_in_request: bool) -> list[float]:
    """/漏斗图 from 张伟, each a new message: dispatch and queue the chart's outbox row; with `render_in_request`
    also render that row here, as the request did before the outbox drew charts."""
    from bot.cli.chat import console_message
    from bot.handlers.attachments import attachment_messages
    from bot.notifier import outbox
    from bot.notifier.deferred import prepared

    times = []
    for i in range(CHART_N + 2):
        t0 = time.perf_counter()
        reply = services.dispatch(console_message("张伟", "/漏斗图", None))
        [message] = attachment_messages(reply, "console", "张伟", f"bench:{uuid.uuid4().hex}")
        with services.db.session() as s:
            outbox.enqueue(s, [message], utcnow())
        if render_in_request:
            assert prepared(services.db, services.settings, i, message.payload)["image_png_b64"]
        if i >= 2:  # the first two load matplotlib and the font
            times.append((time.perf_counter() - t0) * 1000)
    return times


def main() -> int:
    logging.disable(logging.WARNING)
    crypto = CallbackCrypto(TOKEN, KEY, CORP)
    with tempfile.TemporaryDirectory() as tmp:
        services = prepared_services(Path(tmp))
        names = own_customers(services)
        full = build_app(services=services).test_client()
        prepare_long_running()  # what a serving process does at start (bot.create_app)
        null_rate, null_lat = run(null_app(crypto).test_client(),
                                  [signed_request(crypto, "zhangwei", "/客户") for _ in range(WARMUP + N)])
        canned = build_app(services=CannedServices(services.settings, services.db)).test_client()
        canned_rate, canned_lat = run(canned, [signed_request(crypto, "zhangwei", "/客户") for _ in range(WARMUP + N)])
        cmd_rate, cmd_lat = run(full, [signed_request(crypto, SENDERS[i % 3], "/客户") for i in range(WARMUP + N)])
        reports = [signed_request(crypto, sender, REPORT.format(name=names[sender][i % len(names[sender])]))
                   for i in range(WARMUP + N) for sender in [SENDERS[i % 3]]]
        rep_rate, rep_lat = run(full, reports)
        chart_before = chart_request_ms(services, render_in_request=True)
        chart_after = chart_request_ms(services, render_in_request=False)
        voice = voice_paths.measure(services, lambda sender: [REPORT.format(name=n) for n in names[sender]],
                                    {sender: f"staff-{sender}" for sender in SENDERS}, VOICE_N)
        services.db.dispose()
    report("null (verify+decrypt+encrypt)", null_rate, null_lat)
    report("webhook, canned dispatch", canned_rate, canned_lat)
    report("full: /客户", cmd_rate, cmd_lat)
    report("full: free-text report", rep_rate, rep_lat)
    print(f"full/null throughput ratio: /客户 {cmd_rate / null_rate:.2f}, free-text report {rep_rate / null_rate:.2f}")
    before, after = statistics.median(chart_before), statistics.median(chart_after)
    print(f"/漏斗图 request p50: chart drawn in the request {before:.1f} ms, queued for the outbox {after:.1f} ms "
          f"({before / after:.1f}x faster)")
    for path, latencies in voice.items():
        q = statistics.quantiles(latencies, n=100)
        print(f"voice → confirmation, {path:<26} n={len(latencies):<4} p50 {q[49]:6.2f} ms   p99 {q[98]:6.2f} ms")
    print("voice → confirmation p50: " + ", ".join(f"{path} {voice_paths.p50(lat):.1f} ms" for path, lat in voice.items()))
    import scaleout  # last: its two / one worker ratio is the key figure of this run

    return scaleout.main()


if __name__ == "__main__":
    sys.exit(main())
