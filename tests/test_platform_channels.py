"""Outbound channels against the fake platform API: tokens, retries, limits, signing, splitting."""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import threading
import time

import pytest

from bot.notifier.channels import PermanentSendError, RetryableSendError, build_channels
from bot.notifier.transport import TokenCache, split_utf8
from platform_fakes import DT_ROBOT_CODE, fake_api, platform_settings  # noqa: F401


@pytest.fixture
def channels(database_url, tmp_path, fake_api):
    return build_channels(platform_settings(database_url, tmp_path, fake_api.base))


def test_wecom_app_token_is_fetched_once_and_reused(channels, fake_api):
    channels["wecom_app"].send("zhangwei", {"text": "一"})
    channels["wecom_app"].send("lina", {"text": "二"})
    assert fake_api.tokens_issued == 1
    assert [q["access_token"] for p, q, _ in fake_api.calls if p == "/cgi-bin/message/send"] == ["tok1", "tok1"]


@pytest.mark.parametrize("code", [40014, 42001])
def test_wecom_expired_token_is_refreshed_and_the_call_retried_once(channels, fake_api, code):
    fake_api.wecom_errors[:] = [code]
    channels["wecom_app"].send("zhangwei", {"text": "hi"})
    assert fake_api.tokens_issued == 2
    assert len(fake_api.sent("/cgi-bin/message/send")) == 2


def test_wecom_token_refused_twice_is_retried_later_instead_of_looping(channels, fake_api):
    fake_api.wecom_errors[:] = [42001, 42001, 42001]
    with pytest.raises(RetryableSendError, match="again after a token refresh"):
        channels["wecom_app"].send("zhangwei", {"text": "hi"})
    assert len(fake_api.sent("/cgi-bin/message/send")) == 2
    channels["wecom_app"].send("zhangwei", {"text": "hi"})  # the next attempt fetches a fresh token
    assert fake_api.tokens_issued == 4


@pytest.mark.parametrize("code", [45009, -1, 429])
def test_rate_limits_and_busy_answers_are_retryable(channels, fake_api, code):
    fake_api.wecom_errors[:] = [code]
    with pytest.raises(RetryableSendError):
        channels["wecom_app"].send("zhangwei", {"text": "hi"})


def test_untrusted_ip_error_says_what_to_configure(channels, fake_api):
    fake_api.wecom_errors[:] = [60020]
    with pytest.raises(PermanentSendError, match="企业可信IP"):
        channels["wecom_app"].send("zhangwei", {"text": "hi"})


def test_long_text_is_split_by_bytes_not_characters(channels, fake_api):
    channels["wecom_app"].send("zhangwei", {"text": "中" * 1000})  # 3000 bytes in UTF-8
    parts = [b["text"]["content"] for b in fake_api.sent("/cgi-bin/message/send")]
    assert len(parts) == 2 and "".join(parts) == "中" * 1000
    assert all(len(p.encode()) <= 2048 for p in parts)


def test_split_prefers_line_breaks_and_keeps_every_character():
    text = "\n".join(["甲" * 300, "乙" * 300, "丙" * 300])
    parts = split_utf8(text, 2048)
    assert parts == ["甲" * 300 + "\n" + "乙" * 300, "丙" * 300]


def test_image_is_uploaded_then_sent_as_an_image_message(channels, fake_api):
    png = base64.b64encode(b"\x89PNG fake").decode()
    channels["wecom_app"].send("zhangwei", {"text": "图", "image_png_b64": png})
    sent = fake_api.sent("/cgi-bin/message/send")
    assert [b["msgtype"] for b in sent] == ["text", "image"]
    assert sent[1]["image"] == {"media_id": "MEDIA1"}


def test_wecom_appchat_and_template_card_bodies(channels, fake_api):
    channels["wecom_appchat"].send("chat1", {"text": "x", "card": {"card_type": "text_notice"}})
    assert fake_api.sent("/cgi-bin/appchat/send") == [
        {"chatid": "chat1", "msgtype": "template_card", "template_card": {"card_type": "text_notice"}}]


def test_wecom_group_robot_accepts_a_key_or_a_url(channels, fake_api):
    channels["wecom_robot"].send("KEY1", {"markdown": "**本月漏斗**", "text": "本月漏斗"})
    _, query, body = fake_api.calls[-1]
    assert query == {"key": "KEY1"} and body == {"msgtype": "markdown", "markdown": {"content": "**本月漏斗**"}}


def test_dingtalk_custom_robot_is_signed_and_its_secret_not_sent(channels, fake_api):
    channels["dingtalk_robot"].send(f"{fake_api.base}/robot/send?access_token=T&secret=SECabc", {"text": "hi"})
    path, query, body = fake_api.calls[-1]
    assert path == "/robot/send" and "secret" not in query and query["access_token"] == "T"
    digest = hmac.new(b"SECabc", f"{query['timestamp']}\nSECabc".encode(), hashlib.sha256).digest()
    assert query["sign"] == base64.b64encode(digest).decode()
    assert body == {"msgtype": "text", "text": {"content": "hi"}}


def test_dingtalk_users_get_batches_of_20_with_a_json_string_param(channels, fake_api):
    users = "|".join(f"u{i}" for i in range(25))
    channels["dingtalk_user"].send(users, {"text": "早上好"})
    sent = fake_api.sent("/v1.0/robot/oToMessages/batchSend")
    assert [len(b["userIds"]) for b in sent] == [20, 5]
    assert sent[0]["msgKey"] == "sampleText" and sent[0]["msgParam"] == '{"content": "早上好"}'
    assert sent[0]["robotCode"] == DT_ROBOT_CODE and fake_api.tokens_issued == 1


def test_dingtalk_refused_token_is_refreshed_and_the_call_retried_once(channels, fake_api):
    fake_api.dingtalk_refusals[:] = [(401, "InvalidAuthentication")]
    channels["dingtalk_user"].send("u1", {"text": "早上好"})
    assert fake_api.tokens_issued == 2
    assert fake_api.dingtalk_tokens_used == ["dtok1", "dtok2"]


def test_dingtalk_token_refused_twice_gives_up_instead_of_looping(channels, fake_api):
    fake_api.dingtalk_refusals[:] = [(401, "InvalidAuthentication")] * 3
    with pytest.raises(PermanentSendError, match="401"):
        channels["dingtalk_user"].send("u1", {"text": "早上好"})
    assert len(fake_api.dingtalk_tokens_used) == 2


def test_dingtalk_throttling_is_retryable_and_other_refusals_are_not(channels, fake_api):
    fake_api.dingtalk_refusals[:] = [(403, "Forbidden.AccessDenied.QpsLimitForApi"), (400, "invalidParameter")]
    with pytest.raises(RetryableSendError):
        channels["dingtalk_user"].send("u1", {"text": "早上好"})
    with pytest.raises(PermanentSendError):
        channels["dingtalk_user"].send("u1", {"text": "早上好"})
    assert fake_api.tokens_issued == 1


def test_token_cache_refreshes_once_under_a_race():
    fetches = []

    def fetch():
        fetches.append(1)
        time.sleep(0.05)
        return f"t{len(fetches)}", 7200

    cache = TokenCache(fetch)
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(cache.get())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(fetches) == 1 and set(seen) == {"t1"}
    cache.invalidate("old-token")
    assert cache.get() == "t1"
    cache.invalidate("t1")
    assert cache.get() == "t2"


def test_a_platform_without_settings_is_disabled_with_a_log_line(services, caplog):
    from bot.app import build_app

    with caplog.at_level(logging.INFO, logger="bot.handlers"):
        app = build_app(services=services)
    assert app.test_client().post("/wecom/callback").status_code == 404
    assert "wecom_app" not in build_channels(services.settings)
    assert any("disabled: set WECOM_CORP_ID" in r.getMessage() for r in caplog.records)


ROUTE_CASES = [  # (install: app keys present, long connection keys present), whom, expected channel
    ((True, True), "user", "wecom_app"),
    ((False, True), "user", "wecom_aibot"),
    ((False, False), "user", "wecom_app"),  # nothing can reach them: the row dead-letters with a log line
    ((True, True), "aibot group", "wecom_aibot"),  # appchat reaches only the app's own groups
    ((True, True), "aibot group with robot", "wecom_robot"),
    ((True, False), "aibot group", "wecom_appchat"),
    ((False, True), "app group", "wecom_appchat"),
]


@pytest.mark.parametrize("install,whom,expected", ROUTE_CASES)
def test_a_push_is_routed_in_one_place_by_what_the_install_has(database_url, tmp_path, install, whom, expected):
    from bot.notifier.channels import route_for_group, route_for_user
    from bot.storage.models import GroupChat, User

    app, aibot = install
    settings = platform_settings(database_url, tmp_path, WECOM_SECRET="wecomsecret" if app else "",
                                 WECOM_AIBOT_BOT_ID="bot" if aibot else "", WECOM_AIBOT_SECRET="s" if aibot else "")
    if whom == "user":
        channel, target = route_for_user(User(name="张伟", wecom_userid="zhangwei"), settings)
    else:
        group = GroupChat(platform="wecom_aibot" if whom.startswith("aibot") else "wecom", chat_id="wrkGROUP1",
                          webhook_url="https://qyapi.weixin.qq.com/x" if "robot" in whom else None)
        channel, target = route_for_group(group, settings)
    assert channel == expected and target in ("zhangwei", "wrkGROUP1", "https://qyapi.weixin.qq.com/x")
