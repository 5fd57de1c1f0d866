"""Long connections: DingTalk Stream acked at once, replies never dropped; the WeCom 智能机器人 WebSocket mode against
a local fake server (subscribe, answers, reconnect with capped backoff, take-over, dedupe with the HTTP callback)."""
from __future__ import annotations

import asyncio
import logging
import threading
import time

import pytest
from dingtalk_stream import AckMessage, CallbackMessage
from sqlalchemy import select

from bot import texts
from bot.handlers.aibot_connection import AiBotConnection, Backoff
from bot.storage.bookkeeping import InboundMessage, Outbox
from platform_fakes import (aibot_post, aibot_reply, aibot_text, dingtalk_message, dingtalk_post, fake_api,  # noqa: F401
                            now_s, pclient, platform_app, wait_for)
from platform_fakes_native import (AIBOT_BOT_ID, AIBOT_SECRET, FakeAiBotServer, aibot_click, aibot_event,  # noqa: F401
                                   aibot_voice, linked)


def inbound(db) -> list[InboundMessage]:
    with db.session() as s:
        return list(s.scalars(select(InboundMessage)))


def test_dingtalk_stream_acks_before_the_slow_work(platform_app, fake_api, monkeypatch):
    from bot.cli.stream import AckedHandler, handle_message

    services = platform_app.extensions["bot"]
    real = services.dispatch
    monkeypatch.setattr(services, "dispatch", lambda msg: (time.sleep(0.5), real(msg))[1])
    channels = platform_app.extensions["bot_channels"]
    handler = AckedHandler(lambda data, _frame: handle_message(data, services, channels))
    callback = CallbackMessage()
    callback.data = dingtalk_message("/帮助", webhook=f"{fake_api.base}/robot/sendBySession?s=slow")
    started = time.monotonic()
    code, _ = asyncio.run(handler.process(callback))
    assert code == AckMessage.STATUS_OK and time.monotonic() - started < 0.4
    assert fake_api.sent("/robot/sendBySession") == []
    assert wait_for(lambda: fake_api.sent("/robot/sendBySession"))


def test_expired_session_webhook_falls_back_to_the_robot_openapi(pclient, fake_api, caplog):
    data = dingtalk_message("/帮助", webhook=f"{fake_api.base}/robot/sendBySession?s=old", sender="s5")
    data["sessionWebhookExpiredTime"] = now_s() * 1000 - 1
    with caplog.at_level(logging.INFO, logger="bot.handlers"):
        dingtalk_post(pclient, data)
    assert fake_api.sent("/robot/sendBySession") == []
    assert fake_api.sent("/v1.0/robot/oToMessages/batchSend")[0]["userIds"] == ["s5"]
    assert any("expired" in r.getMessage() for r in caplog.records)


def test_group_fallback_goes_to_the_group_through_the_openapi(pclient, fake_api):
    data = dingtalk_message("/帮助", group=True, webhook="https://evil.example/x")
    dingtalk_post(pclient, data)
    assert fake_api.sent("/v1.0/robot/groupMessages/send")[0]["openConversationId"] == "cidGROUP=="


def test_stream_reply_nothing_could_carry_is_queued_in_the_outbox_not_dropped(platform_app, fake_api, db, caplog):
    from bot.cli.stream import handle_message

    fake_api.dingtalk_refusals[:] = [(503, "ServiceUnavailable")] * 2
    data = dingtalk_message("/帮助", webhook="https://evil.example/x", msg_id="lost-1", sender="s8")
    with caplog.at_level(logging.WARNING, logger="bot.handlers"):
        handle_message(data, platform_app.extensions["bot"], platform_app.extensions["bot_channels"])
    with db.session() as s:
        row = s.scalars(select(Outbox).where(Outbox.idempotency_key == "reply:dingtalk:lost-1")).one()
    assert (row.channel, row.target, row.status) == ("dingtalk_user", "s8", "pending")
    assert texts.HELP_HEADER in row.payload["text"]
    assert any("queued in the outbox" in r.getMessage() for r in caplog.records)


def test_a_message_delivered_by_http_and_by_stream_is_processed_once(platform_app, fake_api, db):
    from bot.cli.stream import handle_message

    data = dingtalk_message("/客户", msg_id="twice-1", webhook=f"{fake_api.base}/robot/sendBySession?s=t")
    dingtalk_post(platform_app.test_client(), data)
    handle_message(data, platform_app.extensions["bot"], platform_app.extensions["bot_channels"])
    assert len(inbound(db)) == 1 and len(fake_api.sent("/robot/sendBySession")) == 1


@pytest.fixture
def aibot_server():
    server = FakeAiBotServer()
    yield server
    server.close()


class Running:
    """An AiBotConnection on its own thread and loop, stopped at teardown."""

    def __init__(self, services, channels, url: str, secret: str = AIBOT_SECRET, backoff: Backoff | None = None):
        self.connection = AiBotConnection(services, channels, AIBOT_BOT_ID, secret, url=url, heartbeat_s=0.05,
                                          backoff=backoff or Backoff(base_s=0.02, cap_s=0.05))
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(self.connection.run(),), daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.connection.stop)
        self.thread.join(5)


@pytest.fixture
def connect(platform_app):
    started = []

    def start(url: str, **kwargs) -> Running:
        running = Running(platform_app.extensions["bot"], platform_app.extensions["bot_channels"], url, **kwargs)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()


def subscribed(server: FakeAiBotServer, n: int = 1) -> bool:
    return wait_for(lambda: len(server.sent("aibot_subscribe")) >= n)


def test_long_connection_subscribes_pings_and_answers_under_the_callback_req_id(aibot_server, connect, db):
    connect(aibot_server.url)
    assert subscribed(aibot_server)
    assert aibot_server.sent("aibot_subscribe")[0]["body"] == {"bot_id": AIBOT_BOT_ID, "secret": AIBOT_SECRET}
    assert wait_for(lambda: aibot_server.sent("ping"))
    req = aibot_server.callback(aibot_voice("/帮助", msg_id="ws-1"))
    assert wait_for(lambda: aibot_server.answers(req))
    [answer] = aibot_server.answers(req)
    assert answer["cmd"] == "aibot_respond_msg" and answer["body"]["msgtype"] == "stream"
    assert answer["body"]["stream"]["content"].startswith("🎤 听到：「/帮助」")
    assert inbound(db)[0].message_id == "ws-1"


def test_long_connection_welcome_and_card_update_use_their_own_commands(aibot_server, connect, linked):
    connect(aibot_server.url)
    assert subscribed(aibot_server)
    welcome = aibot_server.callback(aibot_event("enter_chat"), "aibot_event_callback")
    report = aibot_server.callback(aibot_voice("今天拜访了华为张经理，下周三再跟进", sender="zhangwei"))
    assert wait_for(lambda: aibot_server.answers(welcome) and aibot_server.answers(report))
    assert aibot_server.answers(welcome)[0]["cmd"] == "aibot_respond_welcome_msg"
    task = aibot_server.answers(report)[0]["body"]["template_card"]["task_id"]
    click = aibot_server.callback(aibot_click(task, "a0", sender="zhangwei"), "aibot_event_callback")
    assert wait_for(lambda: aibot_server.answers(click))
    update = aibot_server.answers(click)[0]
    assert update["cmd"] == "aibot_respond_update_msg"
    assert update["body"]["template_card"]["main_title"]["title"].startswith("已撤销")


def test_dropped_connection_reconnects_with_capped_backoff(connect):
    server = FakeAiBotServer(refuse_first=3)
    try:
        running = connect(server.url)
        assert subscribed(server)
        assert server.connections == 4
        server.drop()
        assert subscribed(server, 2) and server.connections == running.connection.connections == 5
    finally:
        server.close()


def test_an_answer_the_dropped_connection_lost_is_pushed_after_reconnecting(aibot_server, connect, platform_app,
                                                                           monkeypatch):
    services = platform_app.extensions["bot"]
    real = services.dispatch
    monkeypatch.setattr(services, "dispatch", lambda msg: (time.sleep(0.3), real(msg))[1])
    connect(aibot_server.url)
    assert subscribed(aibot_server)
    req = aibot_server.callback(aibot_voice("/帮助"))
    aibot_server.drop()
    assert wait_for(lambda: aibot_server.sent("aibot_send_msg"))
    [push] = aibot_server.sent("aibot_send_msg")
    assert push["body"]["chatid"] == "zhangwei" and push["body"]["msgtype"] == "markdown"
    assert texts.HELP_HEADER in push["body"]["markdown"]["content"] and aibot_server.answers(req) == []


def test_backoff_doubles_and_stays_under_its_cap():
    backoff = Backoff(base_s=1, cap_s=30)
    delays = [backoff.next_delay() for _ in range(10)]
    assert all(d <= 30 for d in delays) and delays[-1] >= 15 and delays[0] <= 1
    backoff.reset()
    assert backoff.next_delay() <= 1


def test_disconnected_event_stops_without_reconnecting(aibot_server, connect, caplog):
    with caplog.at_level(logging.WARNING, logger="bot.handlers"):
        running = connect(aibot_server.url)
        assert subscribed(aibot_server)
        aibot_server.take_over()
        running.thread.join(5)
    assert not running.thread.is_alive() and running.connection.taken_over
    time.sleep(0.1)
    assert aibot_server.connections == 1
    assert any("took over" in r.getMessage() for r in caplog.records)


def test_a_refused_secret_stops_instead_of_retrying(aibot_server, connect):
    running = connect(aibot_server.url, secret="wrong")
    running.thread.join(5)
    assert not running.thread.is_alive() and aibot_server.connections == 1


def test_same_msgid_over_http_callback_and_long_connection_is_processed_once(aibot_server, connect, pclient, db):
    body = aibot_text("/客户", msg_id="both-1")
    assert aibot_reply(aibot_post(pclient, body))["msgtype"] == "stream"
    connect(aibot_server.url)
    assert subscribed(aibot_server)
    req = aibot_server.callback(body)
    assert wait_for(lambda: aibot_server.answers(req))
    assert len(inbound(db)) == 1


def test_a_chart_over_the_long_connection_finishes_the_stream_its_answer_left_open(aibot_server, connect, linked, db):
    connect(aibot_server.url)
    assert subscribed(aibot_server)
    req = aibot_server.callback(aibot_voice("/漏斗图", msg_id="ws-chart"))
    assert wait_for(lambda: len(aibot_server.answers(req)) == 2, timeout_s=10)
    opened, finished = aibot_server.answers(req)
    assert opened["cmd"] == finished["cmd"] == "aibot_respond_msg"
    assert opened["body"]["stream"]["finish"] is False and texts.CHART_COMING in opened["body"]["stream"]["content"]
    stream = finished["body"]["stream"]
    assert stream["id"] == opened["body"]["stream"]["id"] and stream["finish"] is True
    assert stream["content"] == opened["body"]["stream"]["content"] and stream["msg_item"][0]["msgtype"] == "image"
    assert wait_for(lambda: status_of(db, "reply:wecom_aibot:ws-chart:image") == "sent")
    with db.session() as s:
        row = s.scalars(select(Outbox).where(Outbox.idempotency_key == "reply:wecom_aibot:ws-chart:image")).one()
    assert (row.channel, row.target) == ("wecom_aibot", "zhangwei")


@pytest.fixture
def aibot_only(linked, db, tmp_path):
    """An install with the 智能机器人 long connection and no app, no group robot."""
    from bot.services import Services
    from platform_fakes import platform_settings

    settings = platform_settings(str(db.engine.url), tmp_path, WECOM_SECRET="", WECOM_AIBOT_BOT_ID=AIBOT_BOT_ID,
                                 WECOM_AIBOT_SECRET=AIBOT_SECRET)
    return Services(settings, db)


def test_a_team_with_only_the_long_connection_gets_its_digest_over_it(aibot_server, aibot_only, db, frozen_clock):
    from bot.notifier.channels import build_channels
    from bot.notifier.runner import make_deliverer, run_job

    assert run_job(aibot_only, "daily_digest", frozen_clock.now.date()) >= 1
    with db.session() as s:
        rows = list(s.scalars(select(Outbox).where(Outbox.idempotency_key.like("daily_digest:%"))))
    mine = [r for r in rows if r.target == "zhangwei"]
    assert {r.channel for r in rows if r.target in ("zhangwei", "lina")} == {"wecom_aibot"} and mine
    # the job runner's deliverer leaves them alone: only the process holding the connection can send them
    assert make_deliverer(aibot_only, build_channels(aibot_only.settings)).deliver_due().sent == len(rows) - \
        len([r for r in rows if r.channel == "wecom_aibot"])
    running = Running(aibot_only, {}, aibot_server.url)
    try:
        assert wait_for(lambda: [f for f in aibot_server.sent("aibot_send_msg") if f["body"]["chatid"] == "zhangwei"])
        [push] = [f for f in aibot_server.sent("aibot_send_msg") if f["body"]["chatid"] == "zhangwei"]
        assert push["body"]["msgtype"] == "markdown" and mine[0].payload["text"] == push["body"]["markdown"]["content"]
        assert wait_for(lambda: status_of(db, mine[0].idempotency_key) == "sent")
        assert run_job(aibot_only, "daily_digest", frozen_clock.now.date()) == 0  # idempotent: nothing new
    finally:
        running.stop()


def status_of(db, key: str) -> str:
    with db.session() as s:
        return s.scalar(select(Outbox.status).where(Outbox.idempotency_key == key))


def test_a_refused_push_is_retried_by_the_outbox_not_dropped(aibot_server, aibot_only, db, frozen_clock):
    from bot.notifier.outbox import OutMessage, enqueue
    from bot.clock import utcnow

    aibot_server.ack_errors["aibot_send_msg"] = [45009]  # WeCom's "too often"
    with db.session() as s:
        enqueue(s, [OutMessage("wecom_aibot", "zhangwei", {"text": "推送一"}, "push-1")], utcnow())
    running = Running(aibot_only, {}, aibot_server.url)
    try:
        assert wait_for(lambda: aibot_server.sent("aibot_send_msg"))
        assert wait_for(lambda: status_of(db, "push-1") == "pending")
        with db.session() as s:
            row = s.scalars(select(Outbox).where(Outbox.idempotency_key == "push-1")).one()
        assert row.attempts == 1 and "45009" in row.last_error
        frozen_clock.advance(hours=1)
        running.connection.deliverer.deliver_due()  # the retry, as the connection's own interval would
        assert wait_for(lambda: status_of(db, "push-1") == "sent") and len(aibot_server.sent("aibot_send_msg")) == 2
    finally:
        running.stop()
