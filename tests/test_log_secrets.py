"""No secret or token in any log line, at DEBUG, from our code or the HTTP library."""
from __future__ import annotations

import logging

import pytest

from bot import log_redaction
from bot.notifier.channels import build_channels
from bot.notifier.transport import RetryableSendError
from platform_fakes import DT_APP_SECRET, fake_api, platform_settings  # noqa: F401

SECRETS = ("wecomsecret", DT_APP_SECRET)


@pytest.fixture
def debug_log(caplog):
    log_redaction.install()
    with caplog.at_level(logging.DEBUG):
        yield caplog


def test_http_library_debug_lines_carry_no_secret_or_token(debug_log, database_url, tmp_path, fake_api):
    channels = build_channels(platform_settings(database_url, tmp_path, fake_api.base))
    channels["wecom_app"].send("zhangwei", {"text": "hi"})
    channels["dingtalk_user"].send("staff1", {"text": "hi"})
    urls = [r.getMessage() for r in debug_log.records if r.name.startswith("urllib3")]
    assert any("corpsecret=" in line for line in urls) and any("access_token=" in line for line in urls)
    for secret in (*SECRETS, "tok1", "dtok2"):
        assert secret not in debug_log.text


def test_a_network_error_traceback_is_masked_too(debug_log, database_url, tmp_path):
    channels = build_channels(platform_settings(database_url, tmp_path, "http://127.0.0.1:9"))
    with pytest.raises(RetryableSendError):
        channels["wecom_app"].send("zhangwei", {"text": "hi"})
    try:
        channels["wecom_app"].send("zhangwei", {"text": "hi"})
    except RetryableSendError:
        logging.getLogger("bot.test").exception("send failed")
    tracebacks = [r.exc_text for r in debug_log.records if r.exc_text]
    assert tracebacks and all("corpsecret=***" in t or "corpsecret" not in t for t in tracebacks)
    assert "wecomsecret" not in debug_log.text


@pytest.mark.parametrize("line", [
    "GET /cgi-bin/gettoken?corpid=ww1&corpsecret=S3cr3t HTTP/1.1",
    '{"appKey": "k", "appSecret": "S3cr3t"}',
    "headers {'x-acs-dingtalk-access-token': 'S3cr3t'}",
    "POST /robot/send?access_token=S3cr3t&timestamp=1&sign=S3cr3t",
])
def test_known_secret_shapes_are_masked(line):
    assert "S3cr3t" not in log_redaction.redact(line)
