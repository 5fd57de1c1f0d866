"""`python -m bot selfcheck` against a real running server."""
from __future__ import annotations

import argparse
import threading

import pytest
from werkzeug.serving import make_server

from bot import texts
from bot.cli import selfcheck
from platform_fakes import fake_api, platform_app  # noqa: F401


@pytest.fixture
def live_url(platform_app):
    server = make_server("127.0.0.1", 0, platform_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.parametrize("platform", ["wecom", "wecom_aibot", "dingtalk"])
def test_selfcheck_prints_the_decrypted_reply(platform, live_url, platform_app, capsys):
    args = argparse.Namespace(url=live_url, platform=platform, text="/帮助", sender="selfcheck")
    assert selfcheck.run(args, platform_app.extensions["bot"]) == 0
    assert texts.HELP_HEADER in capsys.readouterr().out


def test_selfcheck_reports_a_refusal_when_the_token_differs(live_url, platform_app, capsys):
    services = platform_app.extensions["bot"]
    wrong = type(services)(type(services.settings)({**services.settings.values, "WECOM_TOKEN": "other"}), services.db)
    args = argparse.Namespace(url=live_url, platform="wecom", text="/帮助", sender="selfcheck")
    assert selfcheck.run(args, wrong) == 1
    assert "403" in capsys.readouterr().out
