"""App factory and settings."""
from datetime import time

from bot import create_app
from bot.settings import load_settings


def test_settings_environment_overrides_defaults_and_config_overrides_environment():
    env = {"BOT_TIMEZONE": "Asia/Tokyo", "BOT_DATABASE_URL": "sqlite:////tmp/x.db", "UNRELATED": "1"}
    assert load_settings(env=env).timezone == "Asia/Tokyo"
    assert load_settings({"BOT_TIMEZONE": "UTC"}, env=env).timezone == "UTC"
    assert "UNRELATED" not in load_settings(env=env).values


def test_default_database_is_sqlite_file_under_instance():
    settings = load_settings(env={})
    assert settings.database_url.startswith("sqlite:///") and settings.database_url.endswith("instance/bot.sqlite3")
    assert settings.timezone == "Asia/Shanghai"


def test_dotenv_file_is_read_and_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("BOT_TIMEZONE=Europe/Berlin\nBOT_DIGEST_TIME=08:30\n")
    settings = load_settings(env={"BOT_ENV_FILE": str(env_file), "BOT_DIGEST_TIME": "09:10"})
    assert settings.timezone == "Europe/Berlin"
    assert settings.get("BOT_DIGEST_TIME") == time(9, 10)


def test_example_env_documents_every_default_setting():
    from pathlib import Path

    example = (Path(__file__).resolve().parent.parent / "config" / "example.env").read_text()
    documented = {line.split("=")[0] for line in example.splitlines() if "=" in line and not line.startswith("#")}
    assert set(load_settings(env={}).values) <= documented


def test_create_app_uses_given_config_and_answers_health_check(database_url, tmp_path):
    app = create_app({"BOT_DATABASE_URL": database_url, "BOT_INSTANCE_PATH": str(tmp_path)})
    assert app.extensions["bot"].settings.database_url == database_url
    assert app.test_client().get("/healthz").json == {"status": "ok"}


def test_sqlite_database_runs_in_wal_mode_with_busy_timeout(tmp_path):
    from sqlalchemy import text

    from bot.storage.db import Database

    database = Database(f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    with database.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
