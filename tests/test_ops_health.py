"""Typed settings (bad values fail at start with the key named), /healthz, /readyz, and `serve` refusing to start."""
from datetime import time

import pytest

from bot.app import build_app
from bot.services import Services
from bot.settings import SettingsError, load_settings
from bot.storage.db import Database
from helpers import run_bot
from platform_fakes import AES_KEY


def test_settings_are_typed_with_their_defaults():
    settings = load_settings(env={})
    assert settings.get("BOT_OUTBOX_INTERVAL") == 30.0 and settings.get("BOT_OUTBOX_MAX_ATTEMPTS") == 6
    assert settings.get("BOT_QUIET_HOURS") == (time(21, 0), time(8, 0))
    assert settings.get("BOT_SCHEDULER") is False and settings.get("BOT_RAW_TEXT_DAYS") == 365
    assert load_settings({"BOT_SCHEDULER": "yes", "BOT_QUIET_HOURS": ""}, env={}).get("BOT_QUIET_HOURS") is None


@pytest.mark.parametrize("key, value", [
    ("BOT_OUTBOX_INTERVAL", "abc"), ("BOT_OUTBOX_MAX_ATTEMPTS", "0"), ("BOT_DIGEST_TIME", "9点"),
    ("BOT_SCHEDULER", "maybe"), ("BOT_QUIET_HOURS", "21:00"), ("BOT_TIMEZONE", "Mars/Base"),
    ("WECOM_AES_KEY", "too-short"), ("BOT_WEB_WORKERS", "two"), ("BOT_WEB_THREADS", "0"),
])
def test_a_value_that_does_not_read_fails_naming_its_key(key, value):
    with pytest.raises(SettingsError) as caught:
        load_settings({key: value}, env={})
    assert caught.value.key == key and str(caught.value).startswith(f"{key}:")


def test_settings_repr_shows_no_secret():
    settings = load_settings({"WECOM_SECRET": "s3cr3t-value", "DINGTALK_APP_SECRET": "other-secret"}, env={})
    assert "s3cr3t" not in repr(settings) and "other-secret" not in repr(settings)


def test_command_line_stops_with_the_bad_key_named(tmp_path):
    result = run_bot(["jobs", "list"], tmp_path, extra_env={"BOT_OUTBOX_INTERVAL": "半分钟"})
    assert result.returncode == 2 and "BOT_OUTBOX_INTERVAL" in result.stderr and "配置有误" in result.stderr


def test_serve_refuses_a_partly_configured_platform(tmp_path):
    run_bot(["db", "upgrade"], tmp_path)
    result = run_bot(["serve", "--port", "9"], tmp_path, extra_env={"WECOM_TOKEN": "tok", "WECOM_AES_KEY": AES_KEY})
    assert result.returncode == 2 and "WECOM_CORP_ID: not set" in result.stderr


def test_healthz_and_readyz_answer_json_when_ready(client):
    assert client.get("/healthz").json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json == {"ready": True, "checks": {"database": "ok", "migrations": "ok", "settings": "ok"}}


def test_readyz_names_the_missing_key_of_a_partly_configured_platform(db, tmp_path, database_url):
    settings = load_settings({"BOT_DATABASE_URL": database_url, "BOT_INSTANCE_PATH": str(tmp_path),
                              "DINGTALK_APP_KEY": "key-only"}, env={})
    ready = build_app(services=Services(settings, db)).test_client().get("/readyz")
    assert ready.status_code == 503 and ready.json["checks"]["settings"].startswith("DINGTALK_APP_SECRET: not set")
    assert "key-only" not in ready.get_data(as_text=True)


def test_readyz_fails_on_a_database_without_schema_and_on_one_it_cannot_reach(tmp_path):
    for url, check, words in [(f"sqlite:///{tmp_path / 'blank.sqlite3'}", "migrations", "db upgrade"),
                              ("postgresql+psycopg://bot:pw@127.0.0.1:9/none", "database", "unreachable")]:
        settings = load_settings({"BOT_DATABASE_URL": url, "BOT_INSTANCE_PATH": str(tmp_path)}, env={})
        database = Database(url)
        ready = build_app(services=Services(settings, database)).test_client().get("/readyz")
        database.dispose()
        assert ready.status_code == 503 and words in ready.json["checks"][check], ready.json
        assert "pw" not in ready.get_data(as_text=True)
